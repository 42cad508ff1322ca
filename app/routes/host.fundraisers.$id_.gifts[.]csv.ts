import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/modules/db/index.server";
import { hostGiftsCsv } from "~/modules/fundraisers/dashboard.server";
import { requireOwnFundraiser } from "~/modules/fundraisers/load.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { fundraiser } = await requireOwnFundraiser(request, params.id);
  return new Response(await hostGiftsCsv(getDb(), fundraiser.id), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fundraiser.slug}-gifts.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
