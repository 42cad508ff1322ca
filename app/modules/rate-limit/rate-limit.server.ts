import { eq, lt, sql } from "drizzle-orm";
import { rateLimitCounters } from "../../../db/schema";
import type { Db } from "../db/types";

export type RateLimitRule = { name: string; limit: number; windowSeconds: number };

export const rules = {
  /** Link requests and wrong passwords from one address (successful sign-ins are given back). */
  signInPerIp: { name: "sign-in:ip", limit: 20, windowSeconds: 15 * 60 },
  /** Emailed links asked for one address from one client: nobody floods an inbox, nobody blocks its owner. */
  signInLinkPerAccountAndIp: { name: "sign-in-link:account+ip", limit: 3, windowSeconds: 15 * 60 },
  checkoutPerIp: { name: "checkout:ip", limit: 12, windowSeconds: 10 * 60 },
  donorLinkPerIp: { name: "donor-link:ip", limit: 10, windowSeconds: 15 * 60 },
  hostSignUpPerIp: { name: "host-sign-up:ip", limit: 10, windowSeconds: 15 * 60 },
  /** Gift-in-honor notices to one address: a few a day, whoever gives. */
  tributePerRecipient: { name: "tribute:recipient", limit: 3, windowSeconds: 24 * 3600 },
} satisfies Record<string, RateLimitRule>;

export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number };

/**
 * Counts one attempt in a fixed window. The counter lives in PostgreSQL, so the limit holds
 * across every app process; the single upsert is atomic under concurrency.
 */
export async function consumeRateLimit(
  db: Db,
  rule: RateLimitRule,
  subject: string,
  now = new Date(),
): Promise<RateLimitResult> {
  const key = `${rule.name}:${subject.toLowerCase()}`;
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await db
    .insert(rateLimitCounters)
    .values({ key, windowStartsAt: windowStart, count: 1 })
    .onConflictDoUpdate({
      target: rateLimitCounters.key,
      set: {
        count: sql`case when ${rateLimitCounters.windowStartsAt} = ${windowStart.toISOString()}::timestamptz
          then ${rateLimitCounters.count} + 1 else 1 end`,
        windowStartsAt: windowStart,
      },
    })
    .returning({ count: rateLimitCounters.count });
  const count = row?.count ?? 1;
  const retryAfterSeconds = Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000);
  return { allowed: count <= rule.limit, remaining: Math.max(0, rule.limit - count), retryAfterSeconds };
}

/** Gives back one counted attempt (a sign-in that succeeded is not an attempt to limit). */
export async function refundRateLimit(db: Db, rule: RateLimitRule, subject: string): Promise<void> {
  await db
    .update(rateLimitCounters)
    .set({ count: sql`greatest(${rateLimitCounters.count} - 1, 0)` })
    .where(eq(rateLimitCounters.key, `${rule.name}:${subject.toLowerCase()}`));
}

export async function deleteStaleRateLimits(db: Db, now = new Date()): Promise<void> {
  await db.delete(rateLimitCounters).where(lt(rateLimitCounters.windowStartsAt, new Date(now.getTime() - 86_400_000)));
}
