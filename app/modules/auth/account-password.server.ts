import { limitSubjectOf } from "../applicants/blind-index.server";
import type { Db } from "../db/types";
import { backoffRules, clearBackoff, takeAttempt } from "../rate-limit/backoff.server";
import { verifyPassword } from "./password.server";
import { invalidateUserSessions } from "./sessions.server";
import { verifySecondFactor } from "./two-factor.server";
import { findUserById, setPassword } from "./users.server";

/** Without a password or a two-step app, the proof is a sign-in by emailed link this recent. */
export const FRESH_SIGN_IN_MS = 10 * 60_000;

export type ReauthMethod = "password" | "code" | "fresh-sign-in";

/** How the owner of this account proves it is them before changing how it signs in. */
export function reauthMethodOf(user: { hasPassword: boolean; totpEnabledAt: Date | null }): ReauthMethod {
  return user.hasPassword ? "password" : user.totpEnabledAt ? "code" : "fresh-sign-in";
}

export type PasswordChangeOutcome =
  | { kind: "changed" }
  | { kind: "wrong_proof"; field: "currentPassword" | "code" }
  | { kind: "stale_session" }
  | { kind: "rate_limited"; retryAfterSeconds: number };

/**
 * Sets or removes the account's password once the owner proved it is them (a stolen, open session
 * is not enough), then ends the account's other sessions. Wrong proofs count like wrong
 * passwords at sign-in, per account and address.
 */
export async function changeOwnPassword(
  db: Db,
  p: {
    session: { id: string; createdAt: Date; user: { id: string; email: string; hasPassword: boolean; totpEnabledAt: Date | null } };
    password: string | null;
    currentPassword?: string;
    code?: string;
    ip: string;
    now?: Date;
  },
): Promise<PasswordChangeOutcome> {
  const { session } = p;
  const method = reauthMethodOf(session.user);
  if (method === "fresh-sign-in") {
    if ((p.now ?? new Date()).getTime() - session.createdAt.getTime() > FRESH_SIGN_IN_MS) return { kind: "stale_session" };
  } else {
    const subject = limitSubjectOf(session.user.email, p.ip);
    const attempt = await takeAttempt(db, backoffRules.password, subject);
    if (!attempt.allowed) return { kind: "rate_limited", retryAfterSeconds: attempt.retryAfterSeconds };
    const proven =
      method === "password"
        ? await verifyPassword((await findUserById(db, session.user.id))?.passwordHash ?? "", p.currentPassword ?? "")
        : await verifySecondFactor(db, { userId: session.user.id, sessionId: session.id, code: p.code ?? "" });
    if (!proven) return { kind: "wrong_proof", field: method === "password" ? "currentPassword" : "code" };
    await clearBackoff(db, backoffRules.password, subject);
  }
  await db.transaction(async (tx) => {
    await setPassword(tx, { userId: session.user.id, password: p.password });
    await invalidateUserSessions(tx, session.user.id, session.id);
  });
  return { kind: "changed" };
}
