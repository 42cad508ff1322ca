import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import { campaigns, disbursementLines, disbursements, feeRequests } from "../../../db/schema";
import type { Db } from "../db/types";
import { quoteFee } from "../campaigns/fees.server";

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

/** What staff need to record a payment: the request, and the forms its fee is made of. */
export async function paymentDraft(db: Db, feeRequestId: string) {
  const [row] = await db
    .select({ request: feeRequests, campaign: campaigns })
    .from(feeRequests)
    .innerJoin(campaigns, eq(campaigns.id, feeRequests.campaignId))
    .where(eq(feeRequests.id, feeRequestId));
  if (!row) return null;
  const on = (row.request.approvedAt ?? new Date()).toISOString().slice(0, 10);
  const quote = await quoteFee(db, { program: row.campaign.feeProgram, filingMethod: row.request.filingMethod, on });
  // Suggest the schedule's forms when they add up to the amount the request holds.
  const lines =
    quote && quote.totalCents === row.request.feeCents
      ? quote.components.map((c) => ({ form: c.form, amount: (c.amountCents / 100).toFixed(2) }))
      : [{ form: "", amount: row.request.feeCents ? (row.request.feeCents / 100).toFixed(2) : "" }];
  return { request: row.request, campaign: row.campaign, lines };
}

export async function disbursementLinesOf(db: Db, disbursementId: string) {
  return db.select().from(disbursementLines).where(eq(disbursementLines.disbursementId, disbursementId));
}
