import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/auth/guards.server";
import { campaignOr404 } from "~/modules/campaigns/load.server";
import { getDb } from "~/modules/db/index.server";
import { donationsCsv } from "~/modules/exports/campaign-csv.server";
import { csvResponse } from "~/modules/exports/csv.server";
import { organizationTimeZone } from "~/modules/organization/clock.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const campaign = await campaignOr404(db, params.id);
  return csvResponse(await donationsCsv(db, campaign.id, await organizationTimeZone(db)), `donations-${campaign.slug}.csv`);
}
