import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/auth/guards.server";
import { campaignOr404 } from "~/modules/campaigns/load.server";
import { getDb } from "~/modules/db/index.server";
import { donationsCsv } from "~/modules/ledger/reports.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const campaign = await campaignOr404(getDb(), params.id);
  return new Response(await donationsCsv(getDb(), campaign.id), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="donations-${campaign.slug}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
