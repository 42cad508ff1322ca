import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { disbursementLines, disbursements, feeRequests } from "../../../db/schema";
import type { Db } from "../db/types";
import { recordAudit } from "../audit/audit.server";
import { campaignAccounts, lockCampaigns, openOwnAccount } from "./accounts.server";
import { LedgerError } from "./errors";
import { creditPool, mergeTotals } from "./pool";
import { bumpTotals, post } from "./post.server";
import { notifyApplicant } from "../applicants/notify.server";

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
): Promise<{ disbursementId: string; transactionId: number }> {
  return db.transaction(async (tx) => {
    const [request] = await tx.select().from(feeRequests).where(eq(feeRequests.id, p.feeRequestId));
    if (!request) throw new LedgerError("not_found");
    await lockCampaigns(tx, [request.campaignId]);
    const [fresh] = await tx.select().from(feeRequests).where(eq(feeRequests.id, p.feeRequestId)).for("update");
    if (fresh!.status !== "funded") throw new LedgerError("not_funded");
    const own = await openOwnAccount(tx, { type: "fee_request", ownerId: request.id, campaignId: request.campaignId });
    const total = p.lines.reduce((sum, l) => sum + l.amountCents, 0);
    if (p.lines.length === 0 || p.lines.some((l) => !Number.isSafeInteger(l.amountCents) || l.amountCents <= 0))
      throw new LedgerError("invalid_amount");
    if (total !== own.balanceCents) throw new LedgerError("amount_mismatch");
    const accounts = await campaignAccounts(tx, request.campaignId);
    const disbursementId = randomUUID();
    const transactionId = await post(
      tx,
      {
        kind: "disbursement",
        idempotencyKey: `disbursement:${disbursementId}`,
        campaignId: request.campaignId,
        feeRequestId: request.id,
        createdByUserId: p.recordedByUserId ?? null,
        memo: p.method,
      },
      [
        { accountId: own.id, amountCents: -total, line: "disbursement" },
        ...p.lines.map((l) => ({ accountId: accounts.disbursed.id, amountCents: l.amountCents, line: l.form })),
      ],
    );
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
    await bumpTotals(tx, request.campaignId, { allocatedCents: -total, disbursedCents: total, feesPaid: fresh!.paidAt ? 0 : 1 });
    await recordAudit(tx, {
      actorUserId: p.recordedByUserId ?? null,
      action: "disbursement.recorded",
      subjectType: "fee_request",
      subjectId: request.id,
      details: { method: p.method, totalCents: total, disbursementId },
    });
    await notifyApplicant(tx, { feeRequestId: request.id, event: "paid" });
    return { disbursementId, transactionId };
  });
}

/**
 * USCIS sent a fee back (a rejected packet): the money returns to the pool (reserve first) and
 * the request waits in the queue again, so it can be refiled or closed by staff.
 */
export async function recordFeeReturned(db: Db, p: { disbursementId: string; recordedByUserId?: string | null }): Promise<number> {
  return db.transaction(async (tx) => {
    const [d] = await tx.select().from(disbursements).where(eq(disbursements.id, p.disbursementId));
    if (!d) throw new LedgerError("not_found");
    await lockCampaigns(tx, [d.campaignId]);
    const [fresh] = await tx.select().from(disbursements).where(eq(disbursements.id, p.disbursementId)).for("update");
    if (fresh!.returnedAt) throw new LedgerError("already_returned");
    const lines = await tx.select().from(disbursementLines).where(eq(disbursementLines.disbursementId, d.id));
    const total = lines.reduce((sum, l) => sum + l.amountCents, 0);
    const accounts = await campaignAccounts(tx, d.campaignId);
    const credit = creditPool(accounts, total, "fee_returned");
    const transactionId = await post(
      tx,
      {
        kind: "fee_returned",
        idempotencyKey: `fee_returned:${d.id}`,
        campaignId: d.campaignId,
        feeRequestId: d.feeRequestId,
        reversesId: d.ledgerTransactionId,
        createdByUserId: p.recordedByUserId ?? null,
      },
      [...lines.map((l) => ({ accountId: accounts.disbursed.id, amountCents: -l.amountCents, line: l.form })), ...credit.entries],
    );
    await tx.update(disbursements).set({ returnedAt: new Date() }).where(eq(disbursements.id, d.id));
    await tx.update(feeRequests).set({ status: "approved", endedAt: null, updatedAt: new Date() }).where(eq(feeRequests.id, d.feeRequestId));
    await bumpTotals(tx, d.campaignId, mergeTotals(credit.totals, { disbursedCents: -total, requestsWaiting: 1 }));
    await recordAudit(tx, {
      actorUserId: p.recordedByUserId ?? null,
      action: "disbursement.returned",
      subjectType: "fee_request",
      subjectId: d.feeRequestId,
      details: { disbursementId: d.id, totalCents: total },
    });
    return transactionId;
  });
}
