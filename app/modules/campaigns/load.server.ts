import type { Db } from "../db/types";
import { findCampaignById } from "./campaigns.server";
import { foundOr404 } from "../http/found.server";

/** The campaign named by a route's :id, or a 404 (bad ids included). */
export async function campaignOr404(db: Db, id: string | undefined) {
  return foundOr404(id, (found) => findCampaignById(db, found));
}
