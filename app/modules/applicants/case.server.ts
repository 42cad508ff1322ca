import { eq } from "drizzle-orm";
import { feeRequests } from "../../../db/schema";
import { recordAudit } from "../audit/audit.server";
import { endFeeRequest } from "../applications/fee-requests.server";
import type { Db } from "../db/types";
import { getOrganization } from "../organization/organization.server";
import { DecryptionError } from "../privacy/encryption.server";
import { readIdentity, updateContact } from "./identity.server";
import { addCaseMessage, readCaseMessages } from "./messages.server";
import { notifyApplicant } from "./notify.server";
import { latestPayment, queuePosition } from "./progress.server";

type Status = (typeof feeRequests.$inferSelect)["status"];
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
      queuePosition: number | null;
      payment: { method: string; paidOn: string } | null;
      messages: { id: string; kind: string; body: string | null; createdAt: string }[];
      retentionDays: number;
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
    const identity = await readIdentity(db, request.id);
    const messages = await readCaseMessages(db, request.id);
    const open = !ended.includes(request.status);
    return {
      readable: true,
      reference: request.reference,
      status: request.status,
      language: request.language,
      name: identity?.name ?? null,
      email: identity?.email ?? null,
      queuePosition: await queuePosition(db, request),
      payment: request.status === "paid" ? await latestPayment(db, request.id) : null,
      messages: messages.map((m) => ({ id: m.id, kind: m.kind, body: m.body, createdAt: m.createdAt.toISOString() })),
      retentionDays: (await getOrganization(db)).caseRetentionDays,
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
    await endFeeRequest(tx, { feeRequestId, outcome: "withdrawn", actorUserId: null, reason: "withdrawn by applicant" });
    await notifyApplicant(tx, { feeRequestId, event: "withdrawn" });
  });
  return true;
}

/** New name, email or language; the audit log records that it changed, never the values. */
export async function updateCaseContact(
  db: Db,
  p: { feeRequestId: string; name: string; email: string; language: "en" | "es" },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await updateContact(tx, p))) return false;
    await tx.update(feeRequests).set({ language: p.language, updatedAt: new Date() }).where(eq(feeRequests.id, p.feeRequestId));
    await recordAudit(tx, { actorUserId: null, action: "case.contact_updated_by_applicant", subjectType: "fee_request", subjectId: p.feeRequestId });
    return true;
  });
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
