import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import { disbursementLines, disbursements, feeRequests } from "../../../db/schema";
import type { Db } from "../db/types";

/** A campaign's fee requests in queue order, with what each holds and how it was paid. No personal data. */
export async function campaignRequests(db: Db, campaignId: string) {
  const requests = await db
    .select()
    .from(feeRequests)
    .where(eq(feeRequests.campaignId, campaignId))
    .orderBy(
      sql`case ${feeRequests.status} when 'approved' then 0 when 'funded' then 1 when 'in_review' then 2 when 'submitted' then 3 when 'paid' then 4 else 5 end`,
      asc(feeRequests.dacaExpiresOn),
      asc(feeRequests.approvedAt),
    );
  const paid = requests.filter((r) => r.status === "paid" || r.paidAt).map((r) => r.id);
  const payments = paid.length
    ? await db.select().from(disbursements).where(inArray(disbursements.feeRequestId, paid)).orderBy(desc(disbursements.createdAt))
    : [];
  return requests.map((r) => ({ ...r, disbursements: payments.filter((d) => d.feeRequestId === r.id) }));
}

export async function disbursementLinesOf(db: Db, disbursementId: string) {
  return db.select().from(disbursementLines).where(eq(disbursementLines.disbursementId, disbursementId));
}
