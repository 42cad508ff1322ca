import { and, eq, isNull } from "drizzle-orm";
import { disbursementLines, disbursements, feeRequests } from "../../../db/schema";
import { recordAudit } from "../audit/audit.server";
import { notifyApplicant } from "../applicants/notify.server";
import { setUscisReceipt } from "../applicants/identity.server";
import type { Db } from "../db/types";
import { recordFeeReturned, refileFromHeldFee } from "../ledger/disbursements.server";
import { addDays } from "../dates/dates";
import { getOrganization } from "../organization/organization.server";
import { organizationToday } from "../organization/clock.server";
import { lockCampaigns } from "../ledger/accounts.server";

export type UscisStatus = NonNullable<(typeof feeRequests.$inferSelect)["uscisStatus"]>;

export class UscisError extends Error {
  constructor(readonly code: "not_found" | "invalid_transition" | "date_order") {
    super(code);
  }
}

type Step = { feeRequestId: string; actorUserId: string | null };

/** The case, locked (campaign first, as every money movement does), or not_found. */
async function lockCase(tx: Db, feeRequestId: string) {
  const [found] = await tx.select({ campaignId: feeRequests.campaignId }).from(feeRequests).where(eq(feeRequests.id, feeRequestId));
  if (!found) throw new UscisError("not_found");
  await lockCampaigns(tx, [found.campaignId]);
  const [request] = await tx.select().from(feeRequests).where(eq(feeRequests.id, feeRequestId)).for("update");
  return request!;
}

/**
 * The packet was sent to USCIS (first filing, or a refiling after an intake rejection that was
 * paid again). The receipt number, when known, is sealed with the applicant's other identifiers.
 */
export async function recordFiled(db: Db, p: Step & { filedOn: string; receipt?: string | null }): Promise<void> {
  await db.transaction(async (tx) => {
    const r = await lockCase(tx, p.feeRequestId);
    // A returned fee held for the case must pay the refiled packet first (recordRefiled, then payFee).
    if (r.status !== "paid" || r.refileBy || !(r.uscisStatus === null || r.uscisStatus === "rejected_at_intake")) throw new UscisError("invalid_transition");
    if (r.rejectedAtIntakeOn && p.filedOn < r.rejectedAtIntakeOn) throw new UscisError("date_order");
    await tx
      .update(feeRequests)
      .set({ uscisStatus: "filed", filedOn: p.filedOn, evidenceDueOn: null, uscisDecision: null, decidedOn: null, updatedAt: new Date() })
      .where(eq(feeRequests.id, r.id));
    if (p.receipt) await setUscisReceipt(tx, r.id, p.receipt.toUpperCase());
    await recordAudit(tx, { actorUserId: p.actorUserId, action: "uscis.filed", subjectType: "fee_request", subjectId: r.id, details: { filedOn: p.filedOn, receipt: Boolean(p.receipt) } });
    await notifyApplicant(tx, { feeRequestId: r.id, event: "filed", eventDate: p.filedOn });
  });
}

/** USCIS asked for evidence by `dueOn`: the applicant is told now, and reminded a week and a day before. */
export async function recordEvidenceRequested(db: Db, p: Step & { dueOn: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const r = await lockCase(tx, p.feeRequestId);
    if (r.uscisStatus !== "filed" && r.uscisStatus !== "evidence_requested") throw new UscisError("invalid_transition");
    if (r.filedOn && p.dueOn < r.filedOn) throw new UscisError("date_order");
    await tx.update(feeRequests).set({ uscisStatus: "evidence_requested", evidenceDueOn: p.dueOn, updatedAt: new Date() }).where(eq(feeRequests.id, r.id));
    await recordAudit(tx, { actorUserId: p.actorUserId, action: "uscis.evidence_requested", subjectType: "fee_request", subjectId: r.id, details: { dueOn: p.dueOn } });
    await notifyApplicant(tx, { feeRequestId: r.id, event: "evidence_requested", eventDate: p.dueOn });
  });
}

/** The evidence went to USCIS: the case waits for a decision again and reminders stop. */
export async function recordEvidenceSent(db: Db, p: Step): Promise<void> {
  await db.transaction(async (tx) => {
    const r = await lockCase(tx, p.feeRequestId);
    if (r.uscisStatus !== "evidence_requested") throw new UscisError("invalid_transition");
    await tx.update(feeRequests).set({ uscisStatus: "filed", evidenceDueOn: null, updatedAt: new Date() }).where(eq(feeRequests.id, r.id));
    await recordAudit(tx, { actorUserId: p.actorUserId, action: "uscis.evidence_sent", subjectType: "fee_request", subjectId: r.id });
  });
}

/** USCIS decided (approved or denied): a date, no document. */
export async function recordDecision(db: Db, p: Step & { decidedOn: string; decision: "approved" | "denied" }): Promise<void> {
  await db.transaction(async (tx) => {
    const r = await lockCase(tx, p.feeRequestId);
    if (r.uscisStatus !== "filed" && r.uscisStatus !== "evidence_requested") throw new UscisError("invalid_transition");
    if (r.filedOn && p.decidedOn < r.filedOn) throw new UscisError("date_order");
    await tx
      .update(feeRequests)
      .set({ uscisStatus: "decided", uscisDecision: p.decision, decidedOn: p.decidedOn, evidenceDueOn: null, updatedAt: new Date() })
      .where(eq(feeRequests.id, r.id));
    await recordAudit(tx, { actorUserId: p.actorUserId, action: `uscis.${p.decision}`, subjectType: "fee_request", subjectId: r.id, details: { decidedOn: p.decidedOn } });
    await notifyApplicant(tx, { feeRequestId: r.id, event: p.decision === "approved" ? "uscis_approved" : "uscis_denied", eventDate: p.decidedOn });
  });
}

/**
 * USCIS rejected the packet at intake and sent the fee back — for every form still standing, or
 * only `forms` (one may come back while the other stands). The returned fee is held for the case
 * until the refile window (organization setting) closes; a reimbursed applicant's is theirs.
 */
export async function recordRejectedAtIntake(db: Db, p: Step & { rejectedOn: string; forms?: string[] }): Promise<{ returnedCents: number }> {
  return db.transaction(async (tx) => {
    const r = await lockCase(tx, p.feeRequestId);
    if (r.status !== "paid" || !(r.uscisStatus === null || r.uscisStatus === "filed")) throw new UscisError("invalid_transition");
    if (r.filedOn && p.rejectedOn < r.filedOn) throw new UscisError("date_order");
    const standing = await tx
      .select({ id: disbursements.id })
      .from(disbursements)
      .where(and(eq(disbursements.feeRequestId, r.id), isNull(disbursements.returnedAt)));
    const refileBy = addDays(p.rejectedOn, (await getOrganization(tx)).refileWindowDays);
    let returnedCents = 0;
    for (const d of standing) {
      const lines = await tx.select({ form: disbursementLines.form }).from(disbursementLines).where(and(eq(disbursementLines.disbursementId, d.id), isNull(disbursementLines.returnedAt)));
      if (p.forms && !lines.some((l) => p.forms!.includes(l.form))) continue;
      returnedCents += (await recordFeeReturned(tx, { disbursementId: d.id, forms: p.forms, refileBy, recordedByUserId: p.actorUserId })).totalCents;
    }
    if (returnedCents === 0) throw new UscisError("invalid_transition");
    await tx.update(feeRequests).set({ uscisStatus: "rejected_at_intake", rejectedAtIntakeOn: p.rejectedOn, updatedAt: new Date() }).where(eq(feeRequests.id, r.id));
    await recordAudit(tx, {
      actorUserId: p.actorUserId,
      action: "uscis.rejected_at_intake",
      subjectType: "fee_request",
      subjectId: r.id,
      details: { rejectedOn: p.rejectedOn, returnedCents, forms: p.forms ?? null },
    });
    await notifyApplicant(tx, { feeRequestId: r.id, event: "rejected_at_intake", eventDate: p.rejectedOn });
    return { returnedCents };
  });
}

/**
 * Staff refile a case USCIS rejected at intake, within the refile window: the fee USCIS returned,
 * held for the case, funds it again so the refiled packet can be paid from it (ADR 0022).
 */
export async function recordRefiled(db: Db, p: Step & { now?: Date }): Promise<{ heldCents: number }> {
  return db.transaction(async (tx) => {
    const r = await lockCase(tx, p.feeRequestId);
    if (r.uscisStatus !== "rejected_at_intake") throw new UscisError("invalid_transition");
    const held = await refileFromHeldFee(tx, { feeRequestId: r.id, today: await organizationToday(tx, p.now) });
    await recordAudit(tx, { actorUserId: p.actorUserId, action: "uscis.refiled", subjectType: "fee_request", subjectId: r.id, details: held });
    return held;
  });
}
