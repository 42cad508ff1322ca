import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/auth/guards.server";
import { campaignOr404 } from "~/modules/campaigns/load.server";
import { getDb } from "~/modules/db/index.server";
import { ledgerCsv } from "~/modules/ledger/reports.server";
import { ledgerFilterSchema } from "~/modules/funding/schema";

/** The campaign's ledger as CSV for the accountant, with the page's filters. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const campaign = await campaignOr404(getDb(), params.id);
  const filter = ledgerFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return new Response(await ledgerCsv(getDb(), { campaignId: campaign.id, ...filter }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="ledger-${campaign.slug}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
