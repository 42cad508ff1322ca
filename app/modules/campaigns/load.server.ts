import { z } from "zod";
import type { Db } from "../db/types";
import { findCampaignById } from "./campaigns.server";

/** The campaign named by a route's :id, or a 404 (bad ids included). */
export async function campaignOr404(db: Db, id: string | undefined) {
  const parsed = z.string().uuid().safeParse(id);
  const campaign = parsed.success ? await findCampaignById(db, parsed.data) : undefined;
  if (!campaign) throw new Response("Not found", { status: 404 });
  return campaign;
}
