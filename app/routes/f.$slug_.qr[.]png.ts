import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/modules/db/index.server";
import { publicFundraiserUrlOr404 } from "~/modules/fundraisers/poster.server";
import { qrCacheHeaders } from "~/modules/fundraisers/qr-headers.server";
import { qrPng } from "~/modules/fundraisers/qr.server";

/** The fundraiser's QR code as a PNG, big enough to print. */
export async function loader({ params }: LoaderFunctionArgs) {
  const url = await publicFundraiserUrlOr404(getDb(), params.slug);
  return new Response(new Uint8Array(await qrPng(url)), {
    headers: { "Content-Type": "image/png", ...qrCacheHeaders },
  });
}
