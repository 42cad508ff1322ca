import { eq, sql } from "drizzle-orm";
import { rateLimitCounters } from "../../../db/schema";
import type { Db } from "../db/types";

/**
 * Guessing limits that slow down instead of locking out. Each subject (an account together with
 * one client address) gets `free` failures; after that each attempt must wait twice as long as the
 * one before (from `firstDelaySeconds` up to `maxDelaySeconds`) after the last failure. A success
 * clears the subject, and a subject quiet for `resetAfterSeconds` starts again. Because the subject
 * names the client, a stranger's failures slow only the stranger.
 */
export type BackoffRule = { name: string; free: number; firstDelaySeconds: number; maxDelaySeconds: number; resetAfterSeconds: number };

export type BackoffResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export const backoffRules = {
  /** Wrong passwords for one account from one address. */
  password: { name: "backoff:password", free: 5, firstDelaySeconds: 30, maxDelaySeconds: 15 * 60, resetAfterSeconds: 60 * 60 },
  /** Wrong two-step codes for one account from one address. */
  twoFactor: { name: "backoff:2fa", free: 5, firstDelaySeconds: 30, maxDelaySeconds: 15 * 60, resetAfterSeconds: 60 * 60 },
} satisfies Record<string, BackoffRule>;

/** How long after the last failure the next attempt must wait, given the failures so far. */
export function backoffDelaySeconds(rule: BackoffRule, failures: number): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.firstDelaySeconds * 2 ** (failures - rule.free), rule.maxDelaySeconds);
}

const keyOf = (rule: BackoffRule, subject: string) => `${rule.name}:${subject.toLowerCase()}`;

/**
 * Takes one attempt: refused while the subject is waiting out its delay, otherwise counted as a
 * failure until `clearBackoff` says it succeeded. Counting before the check's outcome is known
 * keeps simultaneous attempts from slipping through together (the row is locked).
 */
export async function takeAttempt(db: Db, rule: BackoffRule, subject: string, now = new Date()): Promise<BackoffResult> {
  const key = keyOf(rule, subject);
  return db.transaction(async (tx) => {
    await tx.insert(rateLimitCounters).values({ key, windowStartsAt: now, count: 0 }).onConflictDoNothing({ target: rateLimitCounters.key });
    // window_starts_at holds the time of the last counted attempt.
    const [row] = await tx.select().from(rateLimitCounters).where(eq(rateLimitCounters.key, key)).for("update");
    const stale = !row || now.getTime() - row.windowStartsAt.getTime() >= rule.resetAfterSeconds * 1000;
    const failures = stale ? 0 : row.count;
    const waitUntil = (row?.windowStartsAt.getTime() ?? 0) + backoffDelaySeconds(rule, failures) * 1000;
    if (!stale && now.getTime() < waitUntil) return { allowed: false, retryAfterSeconds: Math.ceil((waitUntil - now.getTime()) / 1000) };
    await tx
      .update(rateLimitCounters)
      .set({ count: stale ? 1 : sql`${rateLimitCounters.count} + 1`, windowStartsAt: now })
      .where(eq(rateLimitCounters.key, key));
    return { allowed: true };
  });
}

/** The attempt succeeded: it was not a failure, and earlier failures from this subject are forgiven. */
export async function clearBackoff(db: Db, rule: BackoffRule, subject: string): Promise<void> {
  await db.delete(rateLimitCounters).where(eq(rateLimitCounters.key, keyOf(rule, subject)));
}
