import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/modules/db/index.server";
import { donorReceiptPdf } from "~/modules/donors/receipts.server";
import { requireDonorSession } from "~/modules/donors/session.server";

/** A receipt as a PDF; another donor's gift answers like an unknown one (404). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDonorSession(request);
  const bytes = await donorReceiptPdf(getDb(), session.email, params.id ?? "");
  if (!bytes) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="receipt-${(params.id ?? "").slice(0, 8)}.pdf"`,
      "Content-Length": String(bytes.length),
      "X-Content-Type-Options": "nosniff",
    },
  });
}
