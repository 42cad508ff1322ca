import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/modules/db/index.server";
import { defaultPosterOptions, parsePosterOptions } from "~/modules/fundraisers/poster-options";
import { posterFactsOr404, posterPdf } from "~/modules/fundraisers/poster.server";
import { getLanguage } from "~/modules/i18n/i18n.server";

/**
 * The poster as a PDF download: `?size=letter|a4&language=en|es|both`. A missing option takes
 * the visitor's defaults; an unknown one is a bad link and gets 400 rather than a guess.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const facts = await posterFactsOr404(db, params.slug);
  const defaults = defaultPosterOptions(await getLanguage(request), request.headers.get("Accept-Language"));
  const options = parsePosterOptions(new URL(request.url).searchParams, defaults);
  if (!options) {
    return new Response("Unknown poster option: use size=letter|a4 and language=en|es|both.", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const { filename, bytes } = await posterPdf(db, facts, options);
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Content-Length": String(bytes.length),
      "Cache-Control": "public, max-age=300",
      Vary: "Accept-Language, Cookie",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
