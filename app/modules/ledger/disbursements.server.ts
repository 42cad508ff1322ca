import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { disbursementLines, disbursements, feeRequests } from "../../../db/schema";
import type { Db } from "../db/types";
import { lockCampaigns } from "./accounts.server";
import { LedgerError } from "./errors";
import { disbursement, feeReturned } from "./movements";
import { postMovements } from "./post.server";

export type DisbursementMethod = "g1450_card" | "g1650_ach" | "paygov_online" | "reimbursement" | "check";

/**
 * Records the payment of a funded fee to USCIS, one ledger line per form; the request becomes
 * `paid`. The lines must add up to exactly what the request holds.
 */
export async function recordDisbursement(
  db: Db,
  p: {
    feeRequestId: string;
    method: DisbursementMethod;
    paidOn: string;
    reference?: string | null;
    lines: { form: string; amountCents: number }[];
    recordedByUserId?: string | null;
  },
): Promise<{ disbursementId: string; transactionId: number; totalCents: number }> {
  return db.transaction(async (tx) => {
    const [request] = await tx.select().from(feeRequests).where(eq(feeRequests.id, p.feeRequestId));
    if (!request) throw new LedgerError("not_found");
    await lockCampaigns(tx, [request.campaignId]);
    const [fresh] = await tx.select().from(feeRequests).where(eq(feeRequests.id, p.feeRequestId)).for("update");
    if (fresh!.status !== "funded") throw new LedgerError("not_funded");
    const disbursementId = randomUUID();
    const [posted] = await postMovements(tx, [
      disbursement({
        campaignId: request.campaignId,
        feeRequestId: request.id,
        idempotencyKey: `disbursement:${disbursementId}`,
        actorUserId: p.recordedByUserId,
        memo: p.method,
        lines: p.lines,
        firstPayment: !fresh!.paidAt,
      }),
    ]);
    const transactionId = posted!.transactionId;
    await tx.insert(disbursements).values({
      id: disbursementId,
      feeRequestId: request.id,
      campaignId: request.campaignId,
      method: p.method,
      paidOn: p.paidOn,
      reference: p.reference ?? null,
      recordedByUserId: p.recordedByUserId ?? null,
      ledgerTransactionId: transactionId,
    });
    await tx.insert(disbursementLines).values(p.lines.map((l) => ({ disbursementId, form: l.form, amountCents: l.amountCents })));
    const now = new Date();
    await tx
      .update(feeRequests)
      .set({ status: "paid", paidAt: fresh!.paidAt ?? now, endedAt: now, updatedAt: now })
      .where(eq(feeRequests.id, request.id));
    return { disbursementId, transactionId, totalCents: p.lines.reduce((sum, l) => sum + l.amountCents, 0) };
  });
}

/**
 * USCIS sent a fee back (a rejected packet): the money returns to the pool (reserve first) and
 * the request waits in the queue again, so it can be refiled or closed by staff.
 */
export async function recordFeeReturned(
  db: Db,
  p: { disbursementId: string; recordedByUserId?: string | null },
): Promise<{ transactionId: number; feeRequestId: string; totalCents: number }> {
  return db.transaction(async (tx) => {
    const [d] = await tx.select().from(disbursements).where(eq(disbursements.id, p.disbursementId));
    if (!d) throw new LedgerError("not_found");
    await lockCampaigns(tx, [d.campaignId]);
    const [fresh] = await tx.select().from(disbursements).where(eq(disbursements.id, p.disbursementId)).for("update");
    if (fresh!.returnedAt) throw new LedgerError("already_returned");
    const lines = await tx.select().from(disbursementLines).where(eq(disbursementLines.disbursementId, d.id));
    const [posted] = await postMovements(tx, [
      feeReturned({
        campaignId: d.campaignId,
        feeRequestId: d.feeRequestId,
        idempotencyKey: `fee_returned:${d.id}`,
        reversesId: d.ledgerTransactionId,
        actorUserId: p.recordedByUserId,
        lines,
      }),
    ]);
    await tx.update(disbursements).set({ returnedAt: new Date() }).where(eq(disbursements.id, d.id));
    await tx.update(feeRequests).set({ status: "approved", endedAt: null, updatedAt: new Date() }).where(eq(feeRequests.id, d.feeRequestId));
    const transactionId = posted!.transactionId;
    const totalCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
    return { transactionId, feeRequestId: d.feeRequestId, totalCents };
  });
}