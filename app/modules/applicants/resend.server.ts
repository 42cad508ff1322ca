import type { Db } from "../db/types";
import { consumeRateLimit, type RateLimitRule } from "../rate-limit/rate-limit.server";
import { emailCaseLink, findCaseByEmail } from "./apply.server";
import { addressIndexOf } from "./blind-index.server";

export const caseLinkPerIp: RateLimitRule = { name: "case-link:ip", limit: 10, windowSeconds: 15 * 60 };

/**
 * Emails a fresh link to the most recent case from this address, if there is one whose personal
 * data is still kept. The caller answers the same way either way.
 */
export async function requestCaseLink(db: Db, p: { email: string; ip: string; now?: Date }): Promise<"done" | "limited"> {
  const limit = await consumeRateLimit(db, caseLinkPerIp, addressIndexOf(p.ip), p.now);
  if (!limit.allowed) return "limited";
  await db.transaction(async (tx) => {
    const feeRequestId = await findCaseByEmail(tx, p.email);
    if (feeRequestId) await emailCaseLink(tx, feeRequestId, p.now);
  });
  return "done";
}
