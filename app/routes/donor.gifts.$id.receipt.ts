import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/modules/db/index.server";
import { donorReceiptHtml } from "~/modules/donors/receipts.server";
import { requireDonorSession } from "~/modules/donors/session.server";

/** A receipt as it was emailed; another donor's gift answers like an unknown one (404). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDonorSession(request);
  const html = await donorReceiptHtml(getDb(), session.email, params.id ?? "");
  if (!html) throw new Response("Not found", { status: 404 });
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:" } });
}
