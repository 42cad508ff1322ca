import { redirect } from "@remix-run/node";
import { sessionCookieNamed } from "../http/session-cookie.server";
import { eq, lt, or } from "drizzle-orm";
import { applicantIdentities, caseLinks, caseSessions } from "../../../db/schema";
import { constantTimeEqual, generateSecret, hashSecret } from "../auth/tokens.server";
import { getDb } from "../db/index.server";
import type { Db } from "../db/types";
import { CASE_SESSION_MINUTES } from "./policy";

/** A case session is short: long enough to read the page and act, then a new link is needed. */
export const CASE_SESSION_TTL_MS = CASE_SESSION_MINUTES * 60_000;

export type CaseSession = { sessionId: string; feeRequestId: string };

const caseCookie = () => sessionCookieNamed("fondo_case");

export async function createCaseSession(db: Db, feeRequestId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const id = generateSecret();
  const secret = generateSecret();
  const expiresAt = new Date(now.getTime() + CASE_SESSION_TTL_MS);
  await db.insert(caseSessions).values({ id, secretHash: hashSecret(secret), feeRequestId, expiresAt, createdAt: now });
  return { token: `${id}.${secret}`, expiresAt };
}

/** The case a session token opens, or null (unknown, wrong secret, expired — expired rows are deleted). */
export async function validateCaseSession(db: Db, token: string, now = new Date()): Promise<CaseSession | null> {
  const [id, secret] = token.split(".");
  if (!id || !secret) return null;
  const [row] = await db.select().from(caseSessions).where(eq(caseSessions.id, id));
  if (!row || !constantTimeEqual(row.secretHash, hashSecret(secret))) return null;
  if (now >= row.expiresAt) {
    await db.delete(caseSessions).where(eq(caseSessions.id, id));
    return null;
  }
  return { sessionId: row.id, feeRequestId: row.feeRequestId };
}

/**
 * Housekeeping for the worker: expired case sessions, links that expired or were used a day ago,
 * and new addresses whose confirmation link expired (nothing sealed is kept longer than needed).
 */
export async function deleteExpiredCaseAccess(db: Db, now = new Date()): Promise<void> {
  await db.delete(caseSessions).where(lt(caseSessions.expiresAt, now));
  const dayAgo = new Date(now.getTime() - 86_400_000);
  await db.delete(caseLinks).where(or(lt(caseLinks.expiresAt, dayAgo), lt(caseLinks.usedAt, dayAgo)));
  await db
    .update(applicantIdentities)
    .set({ pendingEmail: null, pendingEmailTokenHash: null, pendingEmailExpiresAt: null })
    .where(lt(applicantIdentities.pendingEmailExpiresAt, now));
}

/** Exchanges a spent case link for a session; returns the Set-Cookie header. */
export async function startCaseSession(feeRequestId: string): Promise<string> {
  const { token } = await createCaseSession(getDb(), feeRequestId);
  return caseCookie().serialize(token, { maxAge: CASE_SESSION_TTL_MS / 1000 });
}

/** The case this request's cookie opens, if any. A staff or host sign-in never opens a case. */
export async function getCaseSession(request: Request): Promise<CaseSession | null> {
  const token = await caseCookie().parse(request.headers.get("Cookie"));
  return typeof token === "string" ? validateCaseSession(getDb(), token) : null;
}

/** Ends the case session server-side and returns the Set-Cookie header that clears it. */
export async function endCaseSession(request: Request): Promise<string> {
  const session = await getCaseSession(request);
  if (session) await getDb().delete(caseSessions).where(eq(caseSessions.id, session.sessionId));
  return caseCookie().serialize("", { maxAge: 0 });
}

/** The case of this request, or a redirect to /case (which explains how to get a link). */
export async function requireCaseSession(request: Request): Promise<CaseSession> {
  const session = await getCaseSession(request);
  if (!session) throw redirect("/case", 303);
  return session;
}
