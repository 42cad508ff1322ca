import { lt, sql } from "drizzle-orm";
import { rateLimitCounters } from "../../../db/schema";
import type { Db } from "../db/types";

export type RateLimitRule = { name: string; limit: number; windowSeconds: number };

export const rules = {
  signInPerIp: { name: "sign-in:ip", limit: 20, windowSeconds: 15 * 60 },
  signInPerAccount: { name: "sign-in:account", limit: 5, windowSeconds: 15 * 60 },
  twoFactorPerAccount: { name: "2fa:account", limit: 5, windowSeconds: 15 * 60 },
  checkoutPerIp: { name: "checkout:ip", limit: 12, windowSeconds: 10 * 60 },
  donorLinkPerIp: { name: "donor-link:ip", limit: 10, windowSeconds: 15 * 60 },
  hostSignUpPerIp: { name: "host-sign-up:ip", limit: 10, windowSeconds: 15 * 60 },
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

export async function deleteStaleRateLimits(db: Db, now = new Date()): Promise<void> {
  await db.delete(rateLimitCounters).where(lt(rateLimitCounters.windowStartsAt, new Date(now.getTime() - 86_400_000)));
}
