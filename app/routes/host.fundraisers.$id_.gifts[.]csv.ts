import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/modules/db/index.server";
import { csvResponse } from "~/modules/exports/csv.server";
import { hostGiftsCsv } from "~/modules/fundraisers/dashboard.server";
import { requireOwnFundraiser } from "~/modules/fundraisers/load.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { fundraiser } = await requireOwnFundraiser(request, params.id);
  return csvResponse(await hostGiftsCsv(getDb(), fundraiser.id), `${fundraiser.slug}-gifts.csv`);
}
