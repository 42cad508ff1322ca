import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/modules/db/index.server";
import { donorStatementPdf } from "~/modules/donors/receipts.server";
import { requireDonorSession } from "~/modules/donors/session.server";
import { getLanguage } from "~/modules/i18n/i18n.server";

/** The signed-in donor's statement for one year (dates in the organization's time zone). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDonorSession(request);
  const year = /^\d{4}$/.test(params.year ?? "") ? Number(params.year) : null;
  const bytes = year ? await donorStatementPdf(getDb(), session.email, year, await getLanguage(request)) : null;
  if (!bytes) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="statement-${year}.pdf"`,
      "Content-Length": String(bytes.length),
      "X-Content-Type-Options": "nosniff",
    },
  });
}
