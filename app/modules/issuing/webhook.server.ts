import Stripe from "stripe";
import type { Db } from "../db/types";
import { getStripeConfig, stripeConfigured } from "../payments/stripe.server";
import { SignatureError, verifyStripeEvent } from "../donations/webhooks.server";
import { decideAuthorization, withdrawApproval } from "./authorize.server";

export type AuthorizationAnswer = { status: number; headers: Record<string, string>; body: Record<string, unknown> };

/** Stripe waits about 2 s for the answer; past this we decline rather than let Stripe time out. */
const DECIDE_WITHIN_MS = 1500;

/**
 * Issuing's synchronous webhook (ADR 0024): the decision travels in the answer, `{ approved }`
 * with a `Stripe-Version` header. Anything but a verified `issuing_authorization.request` is
 * refused; a failure declines (a declined card costs a retry, a wrong approval costs money).
 */
export async function answerAuthorizationRequest(db: Db, rawBody: string, signature: string | null): Promise<AuthorizationAnswer> {
  const headers = { "Stripe-Version": Stripe.API_VERSION };
  if (!stripeConfigured()) return { status: 503, headers, body: { error: "not_configured" } };
  let event: Stripe.Event;
  try {
    event = verifyStripeEvent(rawBody, signature, getStripeConfig().webhookSecrets);
  } catch (error) {
    if (error instanceof SignatureError) return { status: 400, headers, body: { error: "invalid_signature" } };
    throw error;
  }
  if (event.type !== "issuing_authorization.request") return { status: 400, headers, body: { error: "unexpected_event" } };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ approved: false; reason: string }>((resolve) => {
    timer = setTimeout(() => resolve({ approved: false, reason: "timeout" }), DECIDE_WITHIN_MS);
  });
  try {
    const deciding = decideAuthorization(db, event.data.object);
    const decision = await Promise.race([deciding, late]);
    // Answered "declined" in time: an approval recorded afterwards must not hold the form.
    if (decision.reason === "timeout") void deciding.then((d) => (d.approved ? withdrawApproval(db, event.data.object.id) : undefined)).catch(() => undefined);
    return { status: 200, headers, body: { approved: decision.approved, metadata: { fondo_reason: decision.reason } } };
  } catch (error) {
    console.error(`issuing authorization ${event.data.object.id} declined: ${(error as Error).name}`);
    return { status: 200, headers, body: { approved: false } };
  } finally {
    clearTimeout(timer);
  }
}
