import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/modules/db/index.server";
import { findImage } from "~/modules/images/images.server";

/** Serves uploaded raster images (logos, campaign images); ids are random and public. */
export async function loader({ params }: LoaderFunctionArgs) {
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  const image = await findImage(getDb(), id.data);
  if (!image) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      "Content-Type": image.mimeType,
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
