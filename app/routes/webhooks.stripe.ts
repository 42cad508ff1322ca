import { type ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~/modules/db/index.server";
import { readBoundedBody } from "~/modules/http/bounded-body.server";
import { handleStripeEvent, SignatureError, verifyStripeEvent } from "~/modules/donations/webhooks.server";
import { GiftBatcher, isBatchableGift } from "~/modules/donations/gift-batcher.server";
import { getStripeConfig, stripeConfigured } from "~/modules/payments/stripe.server";

const gifts = new GiftBatcher(getDb);
/** Stripe's events are a few KB; 1 MB leaves room for the largest. */
const WEBHOOK_MAX_BYTES = 1024 * 1024;

export async function loader() {
  return Response.json({ error: "method_not_allowed" }, { status: 405, headers: { Allow: "POST" } });
}

/**
 * Stripe's webhook: the signature is checked on the raw body; nothing is written for a request
 * that does not verify. Unknown event types get 200 and are ignored.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return Response.json({ error: "method_not_allowed" }, { status: 405 });
  if (!stripeConfigured()) return Response.json({ error: "not_configured" }, { status: 503 });
  // server/body-limits.ts refuses larger bodies and unsigned or stale requests before this runs.
  const body = await readBoundedBody(request, WEBHOOK_MAX_BYTES);
  if (body === "too_large") return Response.json({ error: "payload_too_large" }, { status: 413 });
  if (body === "unreadable") return Response.json({ error: "unreadable" }, { status: 400 });
  const raw = new TextDecoder().decode(body);
  let event;
  try {
    event = verifyStripeEvent(raw, request.headers.get("stripe-signature"), getStripeConfig().webhookSecrets);
  } catch (error) {
    if (error instanceof SignatureError) return Response.json({ error: "invalid_signature" }, { status: 400 });
    throw error;
  }
  try {
    const outcome = isBatchableGift(event) ? await gifts.submit(event) : await handleStripeEvent(getDb(), event);
    return Response.json({ received: true, outcome });
  } catch (error) {
    // Stripe retries on 5xx; the reconciler also picks up anything left unprocessed.
    console.error(`stripe event ${event.id} (${event.type}) not processed: ${(error as Error).name}`);
    return Response.json({ received: true, outcome: "retry" }, { status: 500 });
  }
}
