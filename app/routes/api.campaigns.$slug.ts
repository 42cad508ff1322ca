import { type LoaderFunctionArgs } from "@remix-run/node";
import { findPublicCampaign } from "~/modules/campaigns/campaigns.server";
import { publicFigures } from "~/modules/campaigns/public.server";
import { publicNeedAhead } from "~/modules/campaigns/need-ahead.server";
import { getDb } from "~/modules/db/index.server";

/** Public totals of a campaign (DESIGN §2) and the need ahead (ADR 0026), cacheable for a few seconds. */
export async function loader({ params }: LoaderFunctionArgs) {
  const db = getDb();
  const campaign = await findPublicCampaign(db, params.slug ?? "");
  if (!campaign) return Response.json({ error: "not_found" }, { status: 404 });
  const [figures, needAhead] = await Promise.all([publicFigures(db, campaign), publicNeedAhead(db, campaign)]);
  return Response.json({ ...figures, need_ahead: needAhead }, {
    headers: { "Cache-Control": "public, max-age=5", "Access-Control-Allow-Origin": "*" },
  });
}
