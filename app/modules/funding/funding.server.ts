import type { Db } from "../db/types";
import { recordAudit } from "../audit/audit.server";
import { notifyApplicant, notifyApplicants } from "../applicants/notify.server";
import { allocateFee, allocateWholeFees, releaseFee, type AllocationResult } from "../ledger/allocation.server";
import { recordDisbursement, recordFeeReturned } from "../ledger/disbursements.server";
import type { Posted } from "../ledger/errors";
import { transferBetweenPools } from "../ledger/transfers.server";

/**
 * Money movements of fee requests with what follows them — the applicant's email, the audit
 * entry — written in the movement's own transaction (DESIGN §4) from what the ledger returns.
 */

/** Automatic allocation for a campaign; every applicant funded now is told. */
export async function fundQueue(db: Db, p: { campaignId: string; limit?: number }): Promise<AllocationResult> {
  return db.transaction(async (tx) => {
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

/** A fee paid to USCIS: audited, and the applicant is told. */
export async function payFee(db: Db, p: Parameters<typeof recordDisbursement>[1]) {
  return db.transaction(async (tx) => {
    const paid = await recordDisbursement(tx, p);
    await recordAudit(tx, {
      actorUserId: p.recordedByUserId ?? null,
      action: "disbursement.recorded",
      subjectType: "fee_request",
      subjectId: p.feeRequestId,
      details: { method: p.method, totalCents: paid.totalCents, disbursementId: paid.disbursementId },
    });
    await notifyApplicant(tx, { feeRequestId: p.feeRequestId, event: "paid" });
    return paid;
  });
}

/** USCIS sent a fee back (audited); the request waits in the queue again. */
export async function returnFee(db: Db, p: { disbursementId: string; recordedByUserId?: string | null }) {
  return db.transaction(async (tx) => {
    const returned = await recordFeeReturned(tx, p);
    await recordAudit(tx, {
      actorUserId: p.recordedByUserId ?? null,
      action: "disbursement.returned",
      subjectType: "fee_request",
      subjectId: returned.feeRequestId,
      details: { disbursementId: p.disbursementId, totalCents: returned.totalCents },
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
