import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/modules/db/index.server";
import { publicFundraiserUrlOr404 } from "~/modules/fundraisers/poster.server";
import { qrCacheHeaders } from "~/modules/fundraisers/qr-headers.server";
import { qrSvg } from "~/modules/fundraisers/qr.server";

/** The fundraiser's QR code as a vector image, for hosts' own flyers and websites. */
export async function loader({ params }: LoaderFunctionArgs) {
  const url = await publicFundraiserUrlOr404(getDb(), params.slug);
  return new Response(qrSvg(url, url), {
    headers: { "Content-Type": "image/svg+xml; charset=utf-8", ...qrCacheHeaders },
  });
}
