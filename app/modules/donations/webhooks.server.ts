import { eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { stripeEvents } from "../../../db/schema";
import type { Db } from "../db/types";
import { markAwaitingFunds, markCheckoutFailed, notifyMonthlyPaymentFailed, syncDispute, syncInvoice, syncOneTimePayment, syncSubscriptionStatus } from "./sync.server";
import { getStripe } from "../payments/stripe.server";
import { recordIssuingTransaction } from "../issuing/transactions.server";

/** The event types Fondo acts on; anything else is acknowledged and ignored. */
export const handledEventTypes = new Set([
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "payment_intent.succeeded",
  "charge.updated",
  "charge.refunded",
  "invoice.paid",
  "invoice.payment_failed",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "charge.dispute.created",
  "charge.dispute.funds_withdrawn",
  "charge.dispute.funds_reinstated",
  "charge.dispute.closed",
  "issuing_transaction.created",
]);

export class SignatureError extends Error {}

/**
 * Verifies Stripe's signature on the raw body against every configured secret (several during
 * rotation), refusing stale timestamps (5 minutes).
 */
export function verifyStripeEvent(rawBody: string, signature: string | null, secrets: string[]): Stripe.Event {
  if (!signature) throw new SignatureError("missing Stripe-Signature header");
  for (const secret of secrets) {
    try {
      return Stripe.webhooks.constructEvent(rawBody, signature, secret, 300) as Stripe.Event;
    } catch {
      // try the next secret
    }
  }
  throw new SignatureError("signature does not verify");
}

/**
 * Records the event id once, then brings our records in line with Stripe. Safe to call any
 * number of times, concurrently, in any order: the work is keyed by Stripe's objects.
 */
export async function handleStripeEvent(db: Db, event: Stripe.Event): Promise<"ignored" | "processed" | "already_processed"> {
  if (!handledEventTypes.has(event.type)) return "ignored";
  await db
    .insert(stripeEvents)
    .values({ id: event.id, type: event.type, stripeCreated: event.created })
    .onConflictDoNothing({ target: stripeEvents.id });
  const [row] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, event.id));
  if (row?.processedAt) return "already_processed";
  try {
    await dispatch(db, event);
  } catch (error) {
    await db
      .update(stripeEvents)
      .set({ attempts: sql`${stripeEvents.attempts} + 1`, lastError: (error as Error).message.slice(0, 500) })
      .where(eq(stripeEvents.id, event.id));
    throw error;
  }
  await db.update(stripeEvents).set({ processedAt: new Date(), attempts: sql`${stripeEvents.attempts} + 1`, lastError: null }).where(eq(stripeEvents.id, event.id));
  return "processed";
}

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === "string" ? value : (value?.id ?? null));

async function dispatch(db: Db, event: Stripe.Event): Promise<void> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      const pi = idOf(session.payment_intent);
      const invoice = idOf(session.invoice);
      if (session.payment_status === "unpaid" && session.metadata?.donation_id) await markAwaitingFunds(db, session.metadata.donation_id);
      if (session.mode === "payment" && pi) await syncOneTimePayment(db, pi);
      if (session.mode === "subscription" && invoice) await syncInvoice(db, invoice);
      return;
    }
    case "checkout.session.async_payment_failed": {
      const donationId = event.data.object.metadata?.donation_id;
      if (donationId) await markCheckoutFailed(db, donationId);
      return;
    }
    case "payment_intent.succeeded":
      await syncOneTimePayment(db, event.data.object.id);
      return;
    case "charge.updated":
    case "charge.refunded": {
      const pi = idOf(event.data.object.payment_intent);
      if (pi) await syncOneTimePayment(db, pi);
      return;
    }
    case "invoice.paid":
      await syncInvoice(db, event.data.object.id!);
      return;
    case "invoice.payment_failed": {
      const invoice = event.data.object;
      const parentDonationId = invoice.parent?.subscription_details?.metadata?.donation_id;
      if (parentDonationId && invoice.id) await notifyMonthlyPaymentFailed(db, { id: invoice.id, amountDueCents: invoice.amount_due, parentDonationId });
      const subscriptionId = idOf(invoice.parent?.subscription_details?.subscription ?? null);
      if (subscriptionId) await syncSubscriptionStatus(db, await getStripe().subscriptions.retrieve(subscriptionId));
      return;
    }
    case "customer.subscription.updated":
    case "customer.subscription.deleted": {
      await syncSubscriptionStatus(db, await getStripe().subscriptions.retrieve(event.data.object.id));
      return;
    }
    case "charge.dispute.created":
    case "charge.dispute.funds_withdrawn":
    case "charge.dispute.funds_reinstated":
    case "charge.dispute.closed":
      await syncDispute(db, event.data.object.id);
      return;
    case "issuing_transaction.created":
      await recordIssuingTransaction(db, event.data.object);
      return;
  }
}
