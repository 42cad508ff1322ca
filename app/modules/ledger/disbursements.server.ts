import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, lt, ne } from "drizzle-orm";
import { disbursementLines, disbursements, feeRequests, ledgerAccounts } from "../../../db/schema";
import type { Db } from "../db/types";
import { accountKey, lockCampaigns } from "./accounts.server";
import { LedgerError } from "./errors";
import { disbursement, feeReturned, release } from "./movements";
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
    /** Some of the request's forms (a per-case card pays each form on its own); paid once nothing is held. */
    partial?: boolean;
  },
): Promise<{ disbursementId: string; transactionId: number; totalCents: number; fullyPaid: boolean }> {
  return db.transaction(async (tx) => {
    const [request] = await tx.select().from(feeRequests).where(eq(feeRequests.id, p.feeRequestId));
    if (!request) throw new LedgerError("not_found");
    await lockCampaigns(tx, [request.campaignId]);
    const [fresh] = await tx.select().from(feeRequests).where(eq(feeRequests.id, p.feeRequestId)).for("update");
    if (fresh!.status !== "funded") throw new LedgerError("not_funded");
    if (fresh!.shortCents > 0) throw new LedgerError("short");
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
        partial: p.partial,
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
    const [held] = p.partial ? await tx.select({ balance: ledgerAccounts.balanceCents }).from(ledgerAccounts).where(eq(ledgerAccounts.key, accountKey("fee_request", request.id))) : [];
    const fullyPaid = !held || held.balance === 0;
    await tx
      .update(feeRequests)
      .set(fullyPaid ? { status: "paid", paidAt: fresh!.paidAt ?? now, endedAt: now, updatedAt: now } : { paidAt: fresh!.paidAt ?? now, updatedAt: now })
      .where(eq(feeRequests.id, request.id));
    return { disbursementId, transactionId, totalCents: p.lines.reduce((sum, l) => sum + l.amountCents, 0), fullyPaid };
  });
}

/**
 * USCIS sent a fee back (a rejected packet), for all the payment's forms still standing or only
 * `forms`. Whose money it is now:
 * - the applicant's, when the payment was a `reimbursement` (they paid USCIS; we reimbursed them);
 * - the case's, held in its own account until `refileBy`, when given (a refiling pays from it);
 * - else the pool's (reserve first), and the request waits in the queue again once nothing stands.
 */
export async function recordFeeReturned(
  db: Db,
  p: {
    disbursementId: string;
    forms?: string[];
    refileBy?: string | null;
    recordedByUserId?: string | null;
    /** A merchant refund to the case's card: the money is the case's again and the case needs paying (ADR 0024). */
    cardRefund?: boolean;
  },
): Promise<{ transactionId: number; feeRequestId: string; totalCents: number; to: "pool" | "case" | "applicant" }> {
  return db.transaction(async (tx) => {
    const [d] = await tx.select().from(disbursements).where(eq(disbursements.id, p.disbursementId));
    if (!d) throw new LedgerError("not_found");
    await lockCampaigns(tx, [d.campaignId]);
    const [fresh] = await tx.select().from(disbursements).where(eq(disbursements.id, p.disbursementId)).for("update");
    if (fresh!.returnedAt) throw new LedgerError("already_returned");
    const standing = (await tx.select().from(disbursementLines).where(eq(disbursementLines.disbursementId, d.id))).filter((l) => !l.returnedAt);
    const lines = p.forms ? standing.filter((l) => p.forms!.includes(l.form)) : standing;
    if (lines.length === 0) throw new LedgerError("not_returned");
    const [request] = await tx.select().from(feeRequests).where(eq(feeRequests.id, d.feeRequestId)).for("update");
    const otherStanding = await tx
      .select({ id: disbursementLines.id })
      .from(disbursementLines)
      .innerJoin(disbursements, eq(disbursements.id, disbursementLines.disbursementId))
      .where(and(eq(disbursements.feeRequestId, d.feeRequestId), isNull(disbursementLines.returnedAt), ne(disbursements.id, d.id)));
    const nothingStands = lines.length === standing.length && otherStanding.length === 0;
    const to = p.cardRefund ? "case" : d.method === "reimbursement" ? "applicant" : p.refileBy ? "case" : "pool";
    const requeued = to === "pool" && nothingStands && request!.status === "paid";
    const [posted] = await postMovements(tx, [
      feeReturned({
        campaignId: d.campaignId,
        feeRequestId: d.feeRequestId,
        idempotencyKey: `fee_returned:${d.id}:${lines.map((l) => l.id).sort().join(",")}`,
        reversesId: d.ledgerTransactionId,
        actorUserId: p.recordedByUserId,
        lines,
        to,
        requeued,
      }),
    ]);
    const now = new Date();
    await tx.update(disbursementLines).set({ returnedAt: now }).where(inArray(disbursementLines.id, lines.map((l) => l.id)));
    if (lines.length === standing.length) await tx.update(disbursements).set({ returnedAt: now }).where(eq(disbursements.id, d.id));
    if (requeued) await tx.update(feeRequests).set({ status: "approved", endedAt: null, updatedAt: now }).where(eq(feeRequests.id, d.feeRequestId));
    // Held for a refiling, the case is open again: no retention clock runs from the first payment.
    if (p.cardRefund) await tx.update(feeRequests).set({ status: "funded", endedAt: null, updatedAt: now }).where(eq(feeRequests.id, d.feeRequestId));
    else if (to === "case") await tx.update(feeRequests).set({ refileBy: p.refileBy, endedAt: null, updatedAt: now }).where(eq(feeRequests.id, d.feeRequestId));
    const transactionId = posted!.transactionId;
    const totalCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
    return { transactionId, feeRequestId: d.feeRequestId, totalCents, to };
  });
}

/**
 * Staff refile a case whose returned fee is held for it, within the window: the request is funded
 * again (from its own returned money) and can pay the refiled packet.
 */
export async function refileFromHeldFee(db: Db, p: { feeRequestId: string; today: string }): Promise<{ heldCents: number }> {
  return db.transaction(async (tx) => {
    const [request] = await tx.select().from(feeRequests).where(eq(feeRequests.id, p.feeRequestId));
    if (!request) throw new LedgerError("not_found");
    await lockCampaigns(tx, [request.campaignId]);
    const [fresh] = await tx.select().from(feeRequests).where(eq(feeRequests.id, p.feeRequestId)).for("update");
    if (fresh!.status !== "paid" || !fresh!.refileBy) throw new LedgerError("not_returned");
    if (fresh!.refileBy < p.today) throw new LedgerError("refile_window_passed");
    const [account] = await tx.select({ balance: ledgerAccounts.balanceCents }).from(ledgerAccounts).where(eq(ledgerAccounts.key, accountKey("fee_request", fresh!.id)));
    const heldCents = account?.balance ?? 0;
    if (heldCents <= 0) throw new LedgerError("not_returned");
    await tx.update(feeRequests).set({ status: "funded", refileBy: null, endedAt: null, updatedAt: new Date() }).where(eq(feeRequests.id, fresh!.id));
    return { heldCents };
  });
}

/**
 * Returned fees whose refile window has passed (`refileBy` before `today`) go to the pool (reserve
 * first) and their requests wait in the queue again. Run before each allocation and by the worker.
 */
export async function releaseExpiredRefiles(db: Db, p: { today: string; campaignId?: string }): Promise<string[]> {
  const due = await db
    .select({ id: feeRequests.id, campaignId: feeRequests.campaignId })
    .from(feeRequests)
    .where(and(eq(feeRequests.status, "paid"), lt(feeRequests.refileBy, p.today), p.campaignId ? eq(feeRequests.campaignId, p.campaignId) : undefined));
  const released: string[] = [];
  for (const r of due)
    await db.transaction(async (tx) => {
      await lockCampaigns(tx, [r.campaignId]);
      const [fresh] = await tx.select().from(feeRequests).where(eq(feeRequests.id, r.id)).for("update");
      if (fresh!.status !== "paid" || !fresh!.refileBy || fresh!.refileBy >= p.today) return;
      // A form still standing at USCIS keeps the case paid; only a wholly returned case waits again.
      const standing = await tx
        .select({ id: disbursementLines.id })
        .from(disbursementLines)
        .innerJoin(disbursements, eq(disbursements.id, disbursementLines.disbursementId))
        .where(and(eq(disbursements.feeRequestId, r.id), isNull(disbursementLines.returnedAt)));
      const requeued = standing.length === 0;
      await postMovements(tx, [
        release({ campaignId: r.campaignId, feeRequestId: r.id, idempotencyKey: `refile_expired:${r.id}:${fresh!.refileBy}`, memo: "refile window passed", requeued }),
      ]);
      await tx
        .update(feeRequests)
        .set({ refileBy: null, updatedAt: new Date(), ...(requeued ? { status: "approved" as const, endedAt: null } : {}) })
        .where(eq(feeRequests.id, r.id));
      released.push(r.id);
    });
  return released;
}
