import { and, eq, isNull, lt, or } from "drizzle-orm";
import { users } from "../../../db/schema";
import type { Db } from "../db/types";
import { recordAudit } from "../audit/audit.server";
import { decrypt, encrypt } from "../privacy/encryption.server";
import { getKeyRing } from "../privacy/key-ring.server";
import { markSecondFactorVerified } from "./sessions.server";
import { matchTotp } from "./totp.server";
import { limitSubjectOf } from "../applicants/blind-index.server";
import { backoffRules, clearBackoff, takeAttempt } from "../rate-limit/backoff.server";
import { retireSignInLinks } from "./sign-in-links.server";

const aad = (userId: string) => `users:${userId}:totp_secret`;

/** Turns on TOTP once the person proves their app shows the right code. */
export async function enableTwoFactor(
  db: Db,
  params: { userId: string; sessionId: string; secret: string; code: string },
): Promise<boolean> {
  const step = /^[A-Z2-7]{32}$/.test(params.secret) ? matchTotp(params.secret, params.code) : null;
  if (step === null) return false;
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpSecretEncrypted: encrypt(getKeyRing(), params.secret, aad(params.userId)), totpEnabledAt: new Date(), totpLastStep: step })
      .where(eq(users.id, params.userId));
    await markSecondFactorVerified(tx, params.sessionId);
    await recordAudit(tx, { actorUserId: params.userId, action: "user.2fa_enabled", subjectType: "user", subjectId: params.userId });
  });
  return true;
}

/** Checks a code at sign-in and marks the session as having passed its second factor. */
export async function verifySecondFactor(
  db: Db,
  params: { userId: string; sessionId: string; code: string },
): Promise<boolean> {
  const [user] = await db.select({ secret: users.totpSecretEncrypted }).from(users).where(eq(users.id, params.userId));
  if (!user?.secret) return false;
  const step = matchTotp(decrypt(getKeyRing(), user.secret, aad(params.userId)), params.code);
  if (step === null) return false;
  // Spend the code: the update only matches if no code of this or a later step was used.
  const [spent] = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, params.userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  if (!spent) return false;
  await markSecondFactorVerified(db, params.sessionId);
  return true;
}

/**
 * The sign-in's second step: wrong codes slow down this account from this address only (a
 * stranger holding the password cannot lock the owner out); a right one completes the sign-in,
 * which retires the account's other unused emailed links.
 */
export async function completeSecondFactor(
  db: Db,
  params: { userId: string; sessionId: string; code: string; ip: string },
): Promise<{ kind: "verified" } | { kind: "wrong" } | { kind: "rate_limited"; retryAfterSeconds: number }> {
  const subject = limitSubjectOf(params.userId, params.ip);
  const attempt = await takeAttempt(db, backoffRules.twoFactor, subject);
  if (!attempt.allowed) return { kind: "rate_limited", retryAfterSeconds: attempt.retryAfterSeconds };
  if (!(await verifySecondFactor(db, params))) return { kind: "wrong" };
  await clearBackoff(db, backoffRules.twoFactor, subject);
  await retireSignInLinks(db, params.userId);
  return { kind: "verified" };
}
