import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import { applicantIdentities, campaigns, disbursementLines, disbursements, feeRequests } from "../../../db/schema";
import { approveFeeRequest, endFeeRequest, FeeRequestError, startReview, type FeeRequestStatus } from "../applications/fee-requests.server";
import { recordAudit } from "../audit/audit.server";
import type { Db } from "../db/types";
import type { Flash } from "../flash/flash.server";
import { fundQueue } from "../funding/funding.server";
import { DecryptionError } from "../privacy/encryption.server";
import { readIdentity, type Identity } from "./identity.server";
import { addCaseMessage, readCaseMessages, type CaseMessage } from "./messages.server";
import { notifyApplicant } from "./notify.server";
import { queuePosition } from "./progress.server";
import type { QueueFilter, ReviewAction, ViewReason } from "./review-schema";
import { daysBetween } from "../dates/dates";

/* ---------- the queue: no personal data ---------- */

export const openStatuses: FeeRequestStatus[] = ["submitted", "in_review", "approved", "funded"];

/** At most this many cases are listed at once; filters narrow the rest down. */
export const QUEUE_PAGE = 500;

/** Cases across campaigns, for the staff queue: references, status and the clear fields only. */
export async function listCases(db: Db, filter: QueueFilter, limit = QUEUE_PAGE) {
  const where: SQL[] = [];
  if (filter.status === "open") where.push(inArray(feeRequests.status, openStatuses));
  else if (filter.status !== "all") where.push(eq(feeRequests.status, filter.status));
  if (filter.campaign) where.push(eq(feeRequests.campaignId, filter.campaign));
  const order =
    filter.sort === "urgency"
      ? [asc(feeRequests.dacaExpiresOn), asc(feeRequests.createdAt)]
      : filter.sort === "oldest"
        ? [asc(feeRequests.createdAt)]
        : [desc(feeRequests.createdAt)];
  return db
    .select({
      id: feeRequests.id,
      reference: feeRequests.reference,
      status: feeRequests.status,
      shortCents: feeRequests.shortCents,
      dacaExpiresOn: feeRequests.dacaExpiresOn,
      state: feeRequests.state,
      filingMethod: feeRequests.filingMethod,
      createdAt: feeRequests.createdAt,
      campaignId: campaigns.id,
      campaignTitleEn: campaigns.titleEn,
      campaignTitleEs: campaigns.titleEs,
    })
    .from(feeRequests)
    .innerJoin(campaigns, eq(campaigns.id, feeRequests.campaignId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(...order, asc(feeRequests.id))
    .limit(limit);
}

/* ---------- one case ---------- */

/** What staff see of a case before anyone asks for personal data; null for an unknown id. */
export async function caseSummary(db: Db, feeRequestId: string) {
  const [row] = await db
    .select({ request: feeRequests, campaign: campaigns, identityId: applicantIdentities.feeRequestId, destroyedAt: applicantIdentities.destroyedAt })
    .from(feeRequests)
    .innerJoin(campaigns, eq(campaigns.id, feeRequests.campaignId))
    .leftJoin(applicantIdentities, eq(applicantIdentities.feeRequestId, feeRequests.id))
    .where(eq(feeRequests.id, feeRequestId));
  if (!row) return null;
  const payments = await db.select().from(disbursements).where(eq(disbursements.feeRequestId, feeRequestId)).orderBy(desc(disbursements.createdAt));
  const lines = payments.length
    ? await db
        .select()
        .from(disbursementLines)
        .where(
          inArray(
            disbursementLines.disbursementId,
            payments.map((p) => p.id),
          ),
        )
    : [];
  return {
    ...row,
    queuePosition: await queuePosition(db, row.request),
    payments: payments.map((p) => ({ ...p, lines: lines.filter((l) => l.disbursementId === p.id) })),
  };
}

export type RevealedCase =
  | { kind: "shown"; identity: Identity; messages: CaseMessage[] }
  | { kind: "destroyed" }
  | { kind: "unreadable" };

/**
 * Decrypts a case's personal data for one staff member, writing the audit entry (who, which case,
 * why) first in the same transaction: no view without its record. Tampered values fail closed.
 */
export async function revealCase(db: Db, p: { feeRequestId: string; actorUserId: string; reason: ViewReason }): Promise<RevealedCase> {
  return db.transaction(async (tx) => {
    await recordAudit(tx, { actorUserId: p.actorUserId, action: "case.viewed", subjectType: "fee_request", subjectId: p.feeRequestId, details: { reason: p.reason } });
    try {
      const identity = await readIdentity(tx, p.feeRequestId);
      if (!identity) return { kind: "destroyed" as const };
      return { kind: "shown" as const, identity, messages: await readCaseMessages(tx, p.feeRequestId) };
    } catch (error) {
      if (error instanceof DecryptionError) return { kind: "unreadable" as const };
      throw error;
    }
  });
}

/* ---------- decisions ---------- */

/**
 * Runs one staff decision on a case and tells the applicant, in one transaction; an approval
 * then runs automatic allocation, which funds the case at once if the pool covers it. Reasons and
 * messages are stored encrypted in case_messages, never in the audit log or the ledger.
 */
export async function performReviewAction(db: Db, p: { feeRequestId: string; actorUserId: string; action: ReviewAction }): Promise<Flash> {
  const [request] = await db.select().from(feeRequests).where(eq(feeRequests.id, p.feeRequestId));
  if (!request) throw new FeeRequestError("not_found");
  const params = { reference: request.reference };
  try {
    switch (p.action.intent) {
      case "start-review":
        await db.transaction(async (tx) => {
          await startReview(tx, { feeRequestId: request.id, actorUserId: p.actorUserId });
          await notifyApplicant(tx, { feeRequestId: request.id, event: "in_review" });
        });
        return { kind: "success", key: "staffCases.flash.in_review", params };
      case "approve": {
        await db.transaction(async (tx) => {
          await approveFeeRequest(tx, { feeRequestId: request.id, actorUserId: p.actorUserId });
          await notifyApplicant(tx, { feeRequestId: request.id, event: "approved" });
        });
        // After the commit: allocation takes the campaign's lock in its own short transaction.
        await fundQueue(db, { campaignId: request.campaignId });
        const [after] = await db.select({ status: feeRequests.status }).from(feeRequests).where(eq(feeRequests.id, request.id));
        return { kind: "success", key: after?.status === "funded" ? "staffCases.flash.approved_funded" : "staffCases.flash.approved", params };
      }
      case "reject": {
        const reason = p.action.reason;
        await db.transaction(async (tx) => {
          await endFeeRequest(tx, { feeRequestId: request.id, outcome: "rejected", actorUserId: p.actorUserId });
          await addCaseMessage(tx, { feeRequestId: request.id, kind: "rejection", body: reason, authorUserId: p.actorUserId });
          await notifyApplicant(tx, { feeRequestId: request.id, event: "rejected", message: reason });
        });
        return { kind: "success", key: "staffCases.flash.rejected", params };
      }
      case "request-info": {
        const message = p.action.message;
        await db.transaction(async (tx) => {
          if (!(["submitted", "in_review"] as FeeRequestStatus[]).includes(request.status)) throw new FeeRequestError("invalid_transition");
          if (request.status === "submitted") await startReview(tx, { feeRequestId: request.id, actorUserId: p.actorUserId });
          const messageId = await addCaseMessage(tx, { feeRequestId: request.id, kind: "info_request", body: message, authorUserId: p.actorUserId });
          await notifyApplicant(tx, { feeRequestId: request.id, event: "info_requested", message });
          await recordAudit(tx, { actorUserId: p.actorUserId, action: "fee_request.info_requested", subjectType: "fee_request", subjectId: request.id, details: { messageId } });
        });
        return { kind: "success", key: "staffCases.flash.info_requested", params };
      }
    }
  } catch (error) {
    if (error instanceof FeeRequestError && error.code !== "not_found") return { kind: "error", key: `staffCases.flash.${error.code}` };
    throw error;
  }
}

/** Days from `today` (the organization's) to an ISO date (negative once it has passed). */
export function daysUntil(isoDate: string, today: string): number {
  return daysBetween(today, isoDate);
}
