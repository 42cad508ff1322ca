import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/auth/guards.server";
import { campaignOr404 } from "~/modules/campaigns/load.server";
import { getDb } from "~/modules/db/index.server";
import { ledgerCsv } from "~/modules/exports/campaign-csv.server";
import { csvResponse } from "~/modules/exports/csv.server";
import { ledgerFilterSchema } from "~/modules/funding/schema";
import { organizationTimeZone } from "~/modules/organization/clock.server";

/** The campaign's ledger as CSV for the accountant, with the page's filters. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const campaign = await campaignOr404(db, params.id);
  const filter = ledgerFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const timeZone = await organizationTimeZone(db);
  return csvResponse(await ledgerCsv(db, { campaignId: campaign.id, timeZone, ...filter }), `ledger-${campaign.slug}.csv`);
}
