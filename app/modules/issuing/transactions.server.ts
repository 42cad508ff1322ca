import { asc, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { feeRequests, issuingAuthorizations, issuingTransactions } from "../../../db/schema";
import type { Db } from "../db/types";
import { payFee, returnFee } from "../funding/funding.server";
import { organizationToday } from "../organization/clock.server";
import { cancelSpentCards } from "./cards.server";

/**
 * `issuing_transaction.created`: a capture records the payment of its form through the same path
 * as a payment typed in by staff (payFee → the ledger's one posting path); a refund reverses it to
 * the case, which needs paying again. Each transaction is applied once, in whatever order and as
 * often as Stripe sends them: a refund that arrives first waits for its capture.
 */
export async function recordIssuingTransaction(db: Db, transaction: Stripe.Issuing.Transaction): Promise<"applied" | "ignored"> {
  const type = transaction.type === "capture" ? "capture" : transaction.type === "refund" ? "refund" : null;
  if (!type) return "ignored";
  const authorizationId = typeof transaction.authorization === "string" ? transaction.authorization : transaction.authorization?.id;
  if (!authorizationId) return "ignored";
  await db
    .insert(issuingTransactions)
    .values({ stripeTransactionId: transaction.id, stripeAuthorizationId: authorizationId, type, amountCents: transaction.amount })
    .onConflictDoNothing();
  const feeRequestId = await settle(db, authorizationId);
  // The payment is recorded; a card Stripe could not cancel now is cancelled by the worker later.
  if (feeRequestId) await cancelSpentCards(db, { feeRequestIds: [feeRequestId] }).catch(() => undefined);
  return feeRequestId ? "applied" : "ignored";
}

async function settle(db: Db, authorizationId: string): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [decision] = await tx.select().from(issuingAuthorizations).where(eq(issuingAuthorizations.stripeAuthorizationId, authorizationId)).for("update");
    // Only an approved authorization can move money; anything else is Stripe's business alone.
    if (!decision?.approved || !decision.feeRequestId || !decision.form) return null;
    const [request] = await tx.select({ filingMethod: feeRequests.filingMethod }).from(feeRequests).where(eq(feeRequests.id, decision.feeRequestId));
    const rows = await tx.select().from(issuingTransactions).where(eq(issuingTransactions.stripeAuthorizationId, authorizationId)).orderBy(asc(issuingTransactions.createdAt));
    const captures = rows.filter((r) => r.type === "capture");
    const refunds = rows.filter((r) => r.type === "refund");
    for (const capture of captures.filter((c) => !c.appliedAt)) {
      const paid = await payFee(tx, {
        feeRequestId: decision.feeRequestId,
        method: request!.filingMethod === "online" ? "paygov_online" : "g1450_card",
        paidOn: await organizationToday(tx),
        reference: capture.stripeTransactionId,
        lines: [{ form: decision.form, amountCents: -capture.amountCents }],
        partial: true,
      });
      await tx.update(issuingTransactions).set({ disbursementId: paid.disbursementId, appliedAt: new Date() }).where(eq(issuingTransactions.stripeTransactionId, capture.stripeTransactionId));
      capture.disbursementId = paid.disbursementId;
      capture.appliedAt = new Date();
    }
    const refunded = new Set(refunds.filter((r) => r.appliedAt).map((r) => r.disbursementId));
    const applied = captures.filter((c) => c.disbursementId && !refunded.has(c.disbursementId));
    for (const refund of refunds.filter((r) => !r.appliedAt)) {
      const capture = applied.shift();
      if (!capture) break;
      await returnFee(tx, { disbursementId: capture.disbursementId!, forms: [decision.form], cardRefund: true });
      await tx.update(issuingTransactions).set({ disbursementId: capture.disbursementId, appliedAt: new Date() }).where(eq(issuingTransactions.stripeTransactionId, refund.stripeTransactionId));
      await tx.update(issuingAuthorizations).set({ freedAt: new Date() }).where(eq(issuingAuthorizations.stripeAuthorizationId, authorizationId));
    }
    return decision.feeRequestId;
  });
}
