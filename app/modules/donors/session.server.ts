import { redirect } from "@remix-run/node";
import { eq, lt, or } from "drizzle-orm";
import { donorLinks, donorSessions } from "../../../db/schema";
import { constantTimeEqual, generateSecret, hashSecret } from "../auth/tokens.server";
import { getDb } from "../db/index.server";
import type { Db } from "../db/types";
import { sessionCookieNamed } from "../http/session-cookie.server";
import { DONOR_SESSION_MINUTES } from "./policy";

const TTL_MS = DONOR_SESSION_MINUTES * 60_000;
const donorCookie = () => sessionCookieNamed("fondo_donor");

export type DonorSession = { sessionId: string; email: string };

export async function createDonorSession(db: Db, email: string, now = new Date()): Promise<string> {
  const id = generateSecret();
  const secret = generateSecret();
  await db.insert(donorSessions).values({ id, secretHash: hashSecret(secret), email, expiresAt: new Date(now.getTime() + TTL_MS), createdAt: now });
  return `${id}.${secret}`;
}

/** The address a session token opens, or null (unknown, wrong secret, expired: expired rows are deleted). */
export async function validateDonorSession(db: Db, token: string, now = new Date()): Promise<DonorSession | null> {
  const [id, secret] = token.split(".");
  if (!id || !secret) return null;
  const [row] = await db.select().from(donorSessions).where(eq(donorSessions.id, id));
  if (!row || !constantTimeEqual(row.secretHash, hashSecret(secret))) return null;
  if (now >= row.expiresAt) {
    await db.delete(donorSessions).where(eq(donorSessions.id, id));
    return null;
  }
  return { sessionId: row.id, email: row.email };
}

/** Exchanges a spent link for a session; returns the Set-Cookie header. */
export async function startDonorSession(email: string): Promise<string> {
  return donorCookie().serialize(await createDonorSession(getDb(), email), { maxAge: TTL_MS / 1000 });
}

export async function getDonorSession(request: Request): Promise<DonorSession | null> {
  const token = await donorCookie().parse(request.headers.get("Cookie"));
  return typeof token === "string" ? validateDonorSession(getDb(), token) : null;
}

/** The donor of this request, or a redirect to /donor (which offers a link). */
export async function requireDonorSession(request: Request): Promise<DonorSession> {
  const session = await getDonorSession(request);
  if (!session) throw redirect("/donor", 303);
  return session;
}

export async function endDonorSession(request: Request): Promise<string> {
  const session = await getDonorSession(request);
  if (session) await getDb().delete(donorSessions).where(eq(donorSessions.id, session.sessionId));
  return donorCookie().serialize("", { maxAge: 0 });
}

/** Housekeeping for the worker: expired sessions, links expired or used a day ago. */
export async function deleteExpiredDonorAccess(db: Db, now = new Date()): Promise<void> {
  await db.delete(donorSessions).where(lt(donorSessions.expiresAt, now));
  const dayAgo = new Date(now.getTime() - 86_400_000);
  await db.delete(donorLinks).where(or(lt(donorLinks.expiresAt, dayAgo), lt(donorLinks.usedAt, dayAgo)));
}
