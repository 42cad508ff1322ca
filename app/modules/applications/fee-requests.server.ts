import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { campaigns, feeRequests } from "../../../db/schema";
import { todayIn } from "../dates/dates";
import type { Db } from "../db/types";
import { organizationTimeZone } from "../organization/clock.server";
import { recordAudit } from "../audit/audit.server";
import { campaignFee } from "../campaigns/fees.server";
import { lockCampaigns } from "../ledger/accounts.server";
import { releaseFee } from "../ledger/allocation.server";
import { countRequestStatusChange } from "../ledger/totals.server";

export type FeeRequest = typeof feeRequests.$inferSelect;
export type FeeRequestStatus = FeeRequest["status"];

export class FeeRequestError extends Error {
  constructor(readonly code: "not_found" | "invalid_transition" | "no_fee_schedule") {
    super(code);
  }
}

/** A short reference people can read aloud; no personal data in it. */
function newReference(): string {
  const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  const bytes = randomBytes(8);
  return `F-${[...bytes].map((b) => alphabet[b % alphabet.length]).join("")}`;
}

export async function createFeeRequest(
  db: Db,
  p: { campaignId: string; filingMethod: "online" | "paper"; dacaExpiresOn: string; state: string; language: "en" | "es" },
): Promise<FeeRequest> {
  const [row] = await db.insert(feeRequests).values({ ...p, reference: newReference() }).returning();
  return row!;
}

const reviewable: FeeRequestStatus[] = ["submitted", "in_review"];

async function lockRequest(tx: Db, id: string): Promise<FeeRequest> {
  const [request] = await tx.select().from(feeRequests).where(eq(feeRequests.id, id));
  if (!request) throw new FeeRequestError("not_found");
  await lockCampaigns(tx, [request.campaignId]);
  const [fresh] = await tx.select().from(feeRequests).where(eq(feeRequests.id, id)).for("update");
  return fresh!;
}

export async function startReview(db: Db, p: { feeRequestId: string; actorUserId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const request = await lockRequest(tx, p.feeRequestId);
    if (request.status !== "submitted") throw new FeeRequestError("invalid_transition");
    await tx.update(feeRequests).set({ status: "in_review", updatedAt: new Date() }).where(eq(feeRequests.id, request.id));
    await recordAudit(tx, { actorUserId: p.actorUserId, action: "fee_request.in_review", subjectType: "fee_request", subjectId: request.id });
  });
}

/**
 * Approves a request: its amount is snapshotted now — the campaign's fixed amount, or the fee
 * schedule in force today for the request's filing method — and it joins the allocation queue.
 */
export async function approveFeeRequest(
  db: Db,
  p: { feeRequestId: string; actorUserId: string | null; on?: string; now?: Date },
): Promise<FeeRequest> {
  return db.transaction(async (tx) => {
    const request = await lockRequest(tx, p.feeRequestId);
    if (!reviewable.includes(request.status)) throw new FeeRequestError("invalid_transition");
    const [campaign] = await tx.select().from(campaigns).where(eq(campaigns.id, request.campaignId));
    const now = p.now ?? new Date();
    const feeCents = await campaignFee(tx, campaign!, request.filingMethod, p.on ?? todayIn(await organizationTimeZone(tx), now));
    if (!feeCents) throw new FeeRequestError("no_fee_schedule");
    const [row] = await tx
      .update(feeRequests)
      .set({ status: "approved", feeCents, approvedAt: now, updatedAt: now })
      .where(eq(feeRequests.id, request.id))
      .returning();
    await countRequestStatusChange(tx, request.campaignId, request.status, "approved");
    await recordAudit(tx, { actorUserId: p.actorUserId, action: "fee_request.approved", subjectType: "fee_request", subjectId: request.id, details: { feeCents } });
    return row!;
  });
}

/**
 * Ends a case as rejected or withdrawn. A funded request's money goes back to the pool first;
 * a paid one cannot be ended this way.
 */
export async function endFeeRequest(
  db: Db,
  p: { feeRequestId: string; outcome: "rejected" | "withdrawn"; actorUserId: string | null; reason?: string; byApplicant?: boolean },
): Promise<void> {
  await db.transaction(async (tx) => {
    const request = await lockRequest(tx, p.feeRequestId);
    if (request.status === "funded") {
      await releaseFee(tx, { feeRequestId: request.id, nextStatus: p.outcome, actorUserId: p.actorUserId, memo: p.reason });
    } else if ([...reviewable, "approved"].includes(request.status)) {
      const now = new Date();
      await tx.update(feeRequests).set({ status: p.outcome, endedAt: now, updatedAt: now }).where(eq(feeRequests.id, request.id));
      await countRequestStatusChange(tx, request.campaignId, request.status, p.outcome);
    } else {
      throw new FeeRequestError("invalid_transition");
    }
    // An applicant acts through their case link, not an account: the log names them by role only.
    await recordAudit(tx, { actorUserId: p.actorUserId, action: `fee_request.${p.outcome}`, subjectType: "fee_request", subjectId: request.id, details: p.byApplicant ? { by: "applicant" } : {} });
  });
}
