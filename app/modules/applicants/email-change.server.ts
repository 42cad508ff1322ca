import { randomUUID } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { caseLinks, feeRequests } from "../../../db/schema";
import { recordAudit } from "../audit/audit.server";
import { generateSecret, hashSecret } from "../auth/tokens.server";
import { getEnv } from "../config/env.server";
import type { Db } from "../db/types";
import { enqueueSealedEmail } from "../email/outbox.server";
import type { Language } from "../i18n/config";
import { getOrganization } from "../organization/organization.server";
import { DecryptionError } from "../privacy/encryption.server";
import { consumeRateLimit, type RateLimitRule } from "../rate-limit/rate-limit.server";
import { normalizeEmail } from "./blind-index.server";
import { caseOfPendingEmailToken, readSealedRow, writeSealedRow, type PendingEmail } from "./identity.server";
import { EMAIL_CHANGE_TTL_HOURS } from "./policy";

/** Links to a new address, per case: an open case page cannot be used to flood strangers' inboxes. */
export const emailChangePerCase: RateLimitRule = { name: "case-email-change", limit: 5, windowSeconds: 60 * 60 };

export type ContactChangeResult = "saved" | "confirmation_sent" | "limited" | "closed";

const sameAddress = (a: string, b: string) => normalizeEmail(a) === normalizeEmail(b);

/**
 * The applicant's new name and language take effect at once. A new email address does not: it
 * is kept sealed as pending and a single-use link is emailed to it; until that link is opened we
 * keep writing to the old address (so a typo or a stranger's open page cannot take over the
 * case's emails). Giving the current address again cancels a pending change; giving the pending
 * one again keeps it (no second email). The audit log records what happened, never the values.
 */
export async function changeCaseContact(
  db: Db,
  p: { feeRequestId: string; name: string; email: string; language: Language; now?: Date },
): Promise<ContactChangeResult> {
  const now = p.now ?? new Date();
  return db.transaction(async (tx) => {
    const row = await readSealedRow(tx, p.feeRequestId, { lock: true });
    if (!row) return "closed";
    let pending: PendingEmail | null = row.pending && row.pending.expiresAt > now ? row.pending : null;
    let token: string | null = null;
    if (sameAddress(p.email, row.identity.email)) pending = null;
    else if (!pending || !sameAddress(p.email, pending.email)) {
      if (!(await consumeRateLimit(tx, emailChangePerCase, p.feeRequestId, now)).allowed) return "limited";
      token = generateSecret();
      pending = { email: p.email, tokenHash: hashSecret(token), expiresAt: new Date(now.getTime() + EMAIL_CHANGE_TTL_HOURS * 3_600_000) };
    }
    await writeSealedRow(tx, p.feeRequestId, { identity: { ...row.identity, name: p.name }, pending });
    await tx.update(feeRequests).set({ language: p.language, updatedAt: now }).where(eq(feeRequests.id, p.feeRequestId));
    await recordAudit(tx, {
      actorUserId: null,
      action: "case.contact_updated_by_applicant",
      subjectType: "fee_request",
      subjectId: p.feeRequestId,
      ...(token ? { details: { emailChange: "link_sent" } } : {}),
    });
    if (!token) return "saved";
    const organization = await getOrganization(tx);
    await enqueueSealedEmail(tx, {
      template: "email-change",
      to: p.email,
      locale: p.language,
      idempotencyKey: `case/${p.feeRequestId}/email-change/${randomUUID()}`,
      props: {
        kind: "confirm",
        organizationName: organization.name,
        name: p.name,
        url: `${getEnv().appUrl}/case/email/${token}?lng=${p.language}`,
        hours: EMAIL_CHANGE_TTL_HOURS,
      },
    });
    return "confirmation_sent";
  });
}

export type EmailConfirmResult = { kind: "confirmed"; feeRequestId: string; language: Language } | { kind: "invalid" } | { kind: "other_case" };

/**
 * Opens a link emailed to a new address: the address becomes the case's, once. A used, expired,
 * retired or unknown token, or one for another case than the browser's open case, changes
 * nothing. The old address gets a neutral notice; links already sent to it stop working.
 */
export async function confirmEmailChange(
  db: Db,
  p: { token: string; openCaseId: string | null; now?: Date },
): Promise<EmailConfirmResult> {
  const now = p.now ?? new Date();
  if (!/^[a-z2-7]{16,64}$/.test(p.token)) return { kind: "invalid" };
  const tokenHash = hashSecret(p.token);
  try {
    return await db.transaction(async (tx): Promise<EmailConfirmResult> => {
      const feeRequestId = await caseOfPendingEmailToken(tx, tokenHash);
      if (!feeRequestId) return { kind: "invalid" };
      if (p.openCaseId && p.openCaseId !== feeRequestId) return { kind: "other_case" };
      const row = await readSealedRow(tx, feeRequestId, { lock: true });
      if (!row?.pending || row.pending.tokenHash !== tokenHash || row.pending.expiresAt <= now) return { kind: "invalid" };
      const oldEmail = row.identity.email;
      await writeSealedRow(tx, feeRequestId, { identity: { ...row.identity, email: row.pending.email }, pending: null });
      await tx
        .update(caseLinks)
        .set({ expiresAt: now })
        .where(and(eq(caseLinks.feeRequestId, feeRequestId), isNull(caseLinks.usedAt), gt(caseLinks.expiresAt, now)));
      const [request] = await tx.select({ language: feeRequests.language }).from(feeRequests).where(eq(feeRequests.id, feeRequestId));
      const organization = await getOrganization(tx);
      await enqueueSealedEmail(tx, {
        template: "email-change",
        to: oldEmail,
        locale: request!.language,
        idempotencyKey: `case/${feeRequestId}/email-changed/${randomUUID()}`,
        props: { kind: "notice", organizationName: organization.name, name: row.identity.name, contactEmail: organization.contactEmail ?? null },
      });
      await recordAudit(tx, { actorUserId: null, action: "case.email_confirmed_by_applicant", subjectType: "fee_request", subjectId: feeRequestId });
      return { kind: "confirmed", feeRequestId, language: request!.language };
    });
  } catch (error) {
    // A tampered row fails closed: nothing changes, the visitor sees the same page as a bad link.
    if (error instanceof DecryptionError) return { kind: "invalid" };
    throw error;
  }
}
