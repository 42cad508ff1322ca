import { type LoaderFunctionArgs } from "@remix-run/node";
import { findPublicCampaign } from "~/modules/campaigns/campaigns.server";
import { publicFigures } from "~/modules/campaigns/public.server";
import { getDb } from "~/modules/db/index.server";

/** Public totals of a campaign (DESIGN §2), read from cached totals, cacheable for a few seconds. */
export async function loader({ params }: LoaderFunctionArgs) {
  const db = getDb();
  const campaign = await findPublicCampaign(db, params.slug ?? "");
  if (!campaign) return Response.json({ error: "not_found" }, { status: 404 });
  return Response.json(await publicFigures(db, campaign), {
    headers: { "Cache-Control": "public, max-age=5", "Access-Control-Allow-Origin": "*" },
  });
}
