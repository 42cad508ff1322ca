import { eq } from "drizzle-orm";
import { campaigns, feeRequests } from "../../../db/schema";
import type { Db } from "../db/types";
import { CheckNotAcceptedError, checkRefused } from "./check-rule";
import { recordAudit } from "../audit/audit.server";
import { notifyApplicant, notifyApplicants } from "../applicants/notify.server";
import { allocateFee, allocateWholeFees, releaseFee, repriceFunded, type AllocationResult } from "../ledger/allocation.server";
import { campaignFee } from "../campaigns/fees.server";
import { organizationToday } from "../organization/clock.server";
import { recordDisbursement, recordFeeReturned, releaseExpiredRefiles } from "../ledger/disbursements.server";
import type { Posted } from "../ledger/errors";
import { transferBetweenPools } from "../ledger/transfers.server";

/**
 * Money movements of fee requests with what follows them — the applicant's email, the audit
 * entry — written in the movement's own transaction (DESIGN §4) from what the ledger returns.
 */

/**
 * Automatic allocation for a campaign; every applicant funded now is told. Returned fees whose
 * refile window has passed go to the pool first (ADR 0022: lazily, at the next allocation).
 */
export async function fundQueue(db: Db, p: { campaignId: string; limit?: number; now?: Date }): Promise<AllocationResult> {
  return db.transaction(async (tx) => {
    await releaseExpiredRefiles(tx, { campaignId: p.campaignId, today: await organizationToday(tx, p.now) });
    const result = await allocateWholeFees(tx, p);
    await notifyApplicants(tx, result.fundedIds, "funded");
    return result;
  });
}

/** Staff fund one request by hand. */
export async function fundRequest(db: Db, p: { feeRequestId: string; actorUserId: string | null }): Promise<Posted> {
  return db.transaction(async (tx) => {
    const posted = await allocateFee(tx, p);
    await notifyApplicant(tx, { feeRequestId: p.feeRequestId, event: "funded" });
    return posted;
  });
}

/** Staff take a funded request's money back to the pool; it waits in the queue again. */
export async function releaseRequest(db: Db, p: { feeRequestId: string; actorUserId: string | null }): Promise<Posted> {
  return releaseFee(db, { ...p, nextStatus: "approved", memo: "released by staff" });
}

/**
 * A schedule-priced request is re-priced at its first payment to the schedule in force on the
 * payment date (ADR 0022): the difference comes from the pool (or goes back to it), committed on
 * its own so a case the pool cannot top up yet stays "funded, $X short" in its place.
 */
export async function repriceAtPayment(db: Db, p: { feeRequestId: string; paidOn: string; actorUserId: string | null }) {
  const [row] = await db
    .select({ request: feeRequests, campaign: campaigns })
    .from(feeRequests)
    .innerJoin(campaigns, eq(campaigns.id, feeRequests.campaignId))
    .where(eq(feeRequests.id, p.feeRequestId));
  if (!row || row.request.status !== "funded" || row.request.paidAt || row.campaign.feeSource !== "schedule" || !row.request.feeCents) return null;
  const feeCents = await campaignFee(db, row.campaign, row.request.filingMethod, p.paidOn);
  if (!feeCents || feeCents === row.request.feeCents) return null;
  return db.transaction(async (tx) => {
    const repriced = await repriceFunded(tx, { feeRequestId: p.feeRequestId, feeCents, actorUserId: p.actorUserId });
    await recordAudit(tx, {
      actorUserId: p.actorUserId,
      action: "fee_request.repriced",
      subjectType: "fee_request",
      subjectId: p.feeRequestId,
      details: { fromCents: row.request.feeCents, toCents: feeCents, shortCents: repriced.shortCents },
    });
    return repriced;
  });
}

/**
 * A fee paid to USCIS: audited, and the applicant is told. Re-priced first when the schedule
 * changed; refused (`short`) while the pool cannot cover a higher fee. A check after the cut-off
 * needs the case's G-1651 exemption.
 */
export async function payFee(db: Db, p: Parameters<typeof recordDisbursement>[1]) {
  await repriceAtPayment(db, { feeRequestId: p.feeRequestId, paidOn: p.paidOn, actorUserId: p.recordedByUserId ?? null });
  return db.transaction(async (tx) => {
    const [request] = await tx.select({ g1651Exemption: feeRequests.g1651Exemption }).from(feeRequests).where(eq(feeRequests.id, p.feeRequestId));
    if (request && checkRefused({ method: p.method, paidOn: p.paidOn, g1651Exemption: request.g1651Exemption })) throw new CheckNotAcceptedError();
    const paid = await recordDisbursement(tx, p);
    await recordAudit(tx, {
      actorUserId: p.recordedByUserId ?? null,
      action: "disbursement.recorded",
      subjectType: "fee_request",
      subjectId: p.feeRequestId,
      details: { method: p.method, totalCents: paid.totalCents, disbursementId: paid.disbursementId },
    });
    // A card pays form by form (ADR 0024): the applicant hears once, when the whole fee is paid.
    if (paid.fullyPaid) await notifyApplicant(tx, { feeRequestId: p.feeRequestId, event: "paid" });
    return paid;
  });
}

/** USCIS sent a fee back (audited); the request waits in the queue again. */
export async function returnFee(db: Db, p: Parameters<typeof recordFeeReturned>[1]) {
  return db.transaction(async (tx) => {
    const returned = await recordFeeReturned(tx, p);
    await recordAudit(tx, {
      actorUserId: p.recordedByUserId ?? null,
      action: "disbursement.returned",
      subjectType: "fee_request",
      subjectId: returned.feeRequestId,
      details: { disbursementId: p.disbursementId, totalCents: returned.totalCents, ...(p.cardRefund ? { cardRefund: true } : {}) },
    });
    return returned;
  });
}

/** Staff move available money between campaigns (audited). */
export async function transferFunds(db: Db, p: Parameters<typeof transferBetweenPools>[1]): Promise<Posted> {
  return db.transaction(async (tx) => {
    const posted = await transferBetweenPools(tx, p);
    if (!posted.duplicate)
      await recordAudit(tx, {
        actorUserId: p.actorUserId,
        action: "ledger.transfer",
        subjectType: "campaign",
        subjectId: p.fromCampaignId,
        details: { toCampaignId: p.toCampaignId, amountCents: p.amountCents, transactionId: posted.transactionId, reason: p.reason },
      });
    return posted;
  });
}

/** Staff record (or take back) a case's Form G-1651 exemption, which lets USCIS take a check for it. */
export async function setG1651Exemption(db: Db, p: { feeRequestId: string; exempt: boolean; actorUserId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(feeRequests).set({ g1651Exemption: p.exempt, updatedAt: new Date() }).where(eq(feeRequests.id, p.feeRequestId));
    await recordAudit(tx, { actorUserId: p.actorUserId, action: p.exempt ? "fee_request.g1651_recorded" : "fee_request.g1651_removed", subjectType: "fee_request", subjectId: p.feeRequestId });
  });
}
