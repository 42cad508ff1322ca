import { getDb } from "../db/index.server";
import { getStripeConfig, stripeConfigured } from "../payments/stripe.server";
import { GiftBatcher, isBatchableGift } from "./gift-batcher.server";
import { handleStripeEvent, SignatureError, verifyStripeEvent } from "./webhooks.server";

/** Stripe's events are a few KB; 1 MB leaves room for the largest. */
export const STRIPE_WEBHOOK_MAX_BYTES = 1024 * 1024;

const gifts = new GiftBatcher(getDb);

export type WebhookAnswer = { status: number; body: Record<string, unknown> };

/**
 * One delivery of Stripe's webhook, from its raw body: the signature is checked first and
 * nothing is written for a request that does not verify. Completed one-time payments go through
 * the group-committing batcher, everything else one by one; unknown event types are acknowledged
 * and ignored. A 500 makes Stripe retry (the reconciler also picks up anything left).
 */
export async function receiveStripeWebhook(rawBody: string, signature: string | null): Promise<WebhookAnswer> {
  if (!stripeConfigured()) return { status: 503, body: { error: "not_configured" } };
  let event;
  try {
    event = verifyStripeEvent(rawBody, signature, getStripeConfig().webhookSecrets);
  } catch (error) {
    if (error instanceof SignatureError) return { status: 400, body: { error: "invalid_signature" } };
    throw error;
  }
  try {
    const outcome = isBatchableGift(event) ? await gifts.submit(event) : await handleStripeEvent(getDb(), event);
    return { status: 200, body: { received: true, outcome } };
  } catch (error) {
    console.error(`stripe event ${event.id} (${event.type}) not processed: ${(error as Error).name}`);
    return { status: 500, body: { received: true, outcome: "retry" } };
  }
}
