import { eq } from "drizzle-orm";
import { feeRequests } from "../../../db/schema";
import { recordAudit } from "../audit/audit.server";
import { endFeeRequest } from "../applications/fee-requests.server";
import type { Db } from "../db/types";
import { getOrganization } from "../organization/organization.server";
import { DecryptionError } from "../privacy/encryption.server";
import { readSealedRow } from "./identity.server";
import { addCaseMessage, readCaseMessages } from "./messages.server";
import { notifyApplicant } from "./notify.server";
import { latestPayment, queuePosition } from "./progress.server";

type Status = (typeof feeRequests.$inferSelect)["status"];

/** USCIS's side of the case, as the applicant sees it: the steps so far, with their dates. */
export type UscisView = {
  status: NonNullable<(typeof feeRequests.$inferSelect)["uscisStatus"]>;
  filedOn: string | null;
  evidenceDueOn: string | null;
  rejectedAtIntakeOn: string | null;
  decision: "approved" | "denied" | null;
  decidedOn: string | null;
};

const uscisViewOf = (r: typeof feeRequests.$inferSelect): UscisView | null =>
  r.uscisStatus
    ? { status: r.uscisStatus, filedOn: r.filedOn, evidenceDueOn: r.evidenceDueOn, rejectedAtIntakeOn: r.rejectedAtIntakeOn, decision: r.uscisDecision, decidedOn: r.decidedOn }
    : null;
const ended: Status[] = ["paid", "rejected", "withdrawn"];
const withdrawable: Status[] = ["submitted", "in_review", "approved", "funded"];

export type CaseView =
  | {
      readable: true;
      reference: string;
      status: Status;
      language: "en" | "es";
      name: string | null;
      email: string | null;
      /** A new address waiting for the applicant to open the link sent to it. */
      pendingEmail: string | null;
      queuePosition: number | null;
      payment: { method: string; paidOn: string } | null;
      uscis: UscisView | null;
      messages: { id: string; kind: string; body: string | null; createdAt: string }[];
      retentionDays: number;
      /** The consent the applicant gave: old cases count from payment (ADR 0022). */
      oldRetentionRule: boolean;
      canWithdraw: boolean;
      canReply: boolean;
    }
  | { readable: false; reference: string; status: Status };

/**
 * What the applicant sees on their case page. A ciphertext that fails to decrypt (tampered, or
 * moved from another row) gives an unreadable view without any personal data: fail closed.
 */
export async function loadCase(db: Db, feeRequestId: string): Promise<CaseView | null> {
  const [request] = await db.select().from(feeRequests).where(eq(feeRequests.id, feeRequestId));
  if (!request) return null;
  try {
    const sealed = await readSealedRow(db, request.id);
    const identity = sealed?.identity ?? null;
    const messages = await readCaseMessages(db, request.id);
    const open = !ended.includes(request.status);
    return {
      readable: true,
      reference: request.reference,
      status: request.status,
      language: request.language,
      name: identity?.name ?? null,
      email: identity?.email ?? null,
      pendingEmail: sealed?.pending && sealed.pending.expiresAt > new Date() ? sealed.pending.email : null,
      queuePosition: await queuePosition(db, request),
      payment: request.status === "paid" ? await latestPayment(db, request.id) : null,
      uscis: uscisViewOf(request),
      messages: messages.map((m) => ({ id: m.id, kind: m.kind, body: m.body, createdAt: m.createdAt.toISOString() })),
      retentionDays: (await getOrganization(db)).caseRetentionDays,
      oldRetentionRule: request.retentionRule === "case_end",
      canWithdraw: withdrawable.includes(request.status),
      canReply: open && identity !== null && messages.some((m) => m.kind === "info_request"),
    };
  } catch (error) {
    if (error instanceof DecryptionError) return { readable: false, reference: request.reference, status: request.status };
    throw error;
  }
}

/** The applicant withdraws: a funded fee goes back to the pool; they get an email. False once ended. */
export async function withdrawCase(db: Db, feeRequestId: string): Promise<boolean> {
  const [request] = await db.select({ status: feeRequests.status }).from(feeRequests).where(eq(feeRequests.id, feeRequestId));
  if (!request || !withdrawable.includes(request.status)) return false;
  await db.transaction(async (tx) => {
    await endFeeRequest(tx, { feeRequestId, outcome: "withdrawn", actorUserId: null, reason: "withdrawn by applicant", byApplicant: true });
    await notifyApplicant(tx, { feeRequestId, event: "withdrawn" });
  });
  return true;
}

/** The applicant answers a request for information; the answer is stored encrypted. */
export async function replyToCase(db: Db, p: { feeRequestId: string; body: string }): Promise<boolean> {
  const view = await loadCase(db, p.feeRequestId);
  if (!view?.readable || !view.canReply) return false;
  await db.transaction(async (tx) => {
    const messageId = await addCaseMessage(tx, { feeRequestId: p.feeRequestId, kind: "applicant_reply", body: p.body, authorUserId: null });
    await recordAudit(tx, { actorUserId: null, action: "case.reply_by_applicant", subjectType: "fee_request", subjectId: p.feeRequestId, details: { messageId } });
  });
  return true;
}
