import { and, eq, lt, ne, or } from "drizzle-orm";
import { sessions, users } from "../../../db/schema";
import type { Db } from "../db/types";
import { sessionLifetime, type Role } from "./policy";
import { constantTimeEqual, generateSecret, hashSecret } from "./tokens.server";

export type SessionUser = {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  locale: "en" | "es";
  totpEnabledAt: Date | null;
  hasPassword: boolean;
};
export type ValidSession = {
  id: string;
  createdAt: Date;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  twoFactorVerified: boolean;
  user: SessionUser;
};

/** A new session for a user who just proved who they are. Returns the cookie token. */
export async function createSession(
  db: Db,
  params: { userId: string; role: Role; twoFactorVerified: boolean; now?: Date },
): Promise<{ token: string; expiresAt: Date; absoluteExpiresAt: Date }> {
  const now = params.now ?? new Date();
  const { idleMs, absoluteMs } = sessionLifetime(params.role);
  const id = generateSecret();
  const secret = generateSecret();
  const absoluteExpiresAt = new Date(now.getTime() + absoluteMs);
  const expiresAt = new Date(now.getTime() + idleMs);
  await db.insert(sessions).values({
    id,
    secretHash: hashSecret(secret),
    userId: params.userId,
    expiresAt,
    absoluteExpiresAt,
    twoFactorVerified: params.twoFactorVerified,
    createdAt: now,
  });
  return { token: `${id}.${secret}`, expiresAt, absoluteExpiresAt };
}

/**
 * Checks a cookie token. Expired sessions and sessions of disabled accounts are deleted and
 * refused; a valid one slides its idle expiry forward (never past its absolute expiry).
 */
export async function validateSession(db: Db, token: string, now = new Date()): Promise<ValidSession | null> {
  const [id, secret] = token.split(".");
  if (!id || !secret) return null;
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id))
    .limit(1);
  if (!row || !constantTimeEqual(row.session.secretHash, hashSecret(secret))) return null;
  const { session, user } = row;
  if (user.status !== "active" || now >= session.expiresAt || now >= session.absoluteExpiresAt) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  const { idleMs } = sessionLifetime(user.role);
  let expiresAt = session.expiresAt;
  // Slide at most once a minute so that busy pages do not write on every request.
  if (expiresAt.getTime() - now.getTime() < idleMs - 60_000) {
    expiresAt = new Date(Math.min(now.getTime() + idleMs, session.absoluteExpiresAt.getTime()));
    await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
  }
  return {
    id,
    createdAt: session.createdAt,
    expiresAt,
    absoluteExpiresAt: session.absoluteExpiresAt,
    twoFactorVerified: session.twoFactorVerified,
    user: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      locale: user.locale,
      totpEnabledAt: user.totpEnabledAt,
      hasPassword: user.passwordHash !== null,
    },
  };
}

export async function markSecondFactorVerified(db: Db, sessionId: string): Promise<void> {
  await db.update(sessions).set({ twoFactorVerified: true }).where(eq(sessions.id, sessionId));
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(db: Db, userId: string, exceptSessionId?: string): Promise<void> {
  await db.delete(sessions).where(exceptSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId)) : eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<void> {
  await db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.absoluteExpiresAt, now)));
}

export function sessionIdOf(token: string): string | undefined {
  return token.split(".")[0] || undefined;
}

