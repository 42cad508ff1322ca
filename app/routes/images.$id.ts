import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/modules/db/index.server";
import { findImage } from "~/modules/images/images.server";
import { foundOr404 } from "~/modules/http/found.server";

/** Serves uploaded raster images (logos, campaign images); ids are random and public. */
export async function loader({ params }: LoaderFunctionArgs) {
  const image = await foundOr404(params.id, (id) => findImage(getDb(), id));
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      "Content-Type": image.mimeType,
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
