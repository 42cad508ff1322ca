import type { Db } from "../db/types";
import type { Language } from "../i18n/config";
import { queueLinkRequest } from "../link-requests/link-requests.server";
import { consumeRateLimit, type RateLimitRule } from "../rate-limit/rate-limit.server";
import { addressIndexOf } from "./blind-index.server";

export const caseLinkPerIp: RateLimitRule = { name: "case-link:ip", limit: 10, windowSeconds: 15 * 60 };

/**
 * Asks for a fresh link to the most recent case from this address. The same work is done for any
 * address (one encrypted request row); the worker emails the link when a case whose personal data
 * is still kept exists, so neither the answer nor its timing tells whether the address applied.
 */
export async function requestCaseLink(db: Db, p: { email: string; ip: string; locale: Language; now?: Date }): Promise<"done" | "limited"> {
  const limit = await consumeRateLimit(db, caseLinkPerIp, addressIndexOf(p.ip), p.now);
  if (!limit.allowed) return "limited";
  await queueLinkRequest(db, { kind: "case-link", email: p.email, locale: p.locale });
  return "done";
}
