import { and, eq, isNull } from "drizzle-orm";
import type Stripe from "stripe";
import { donations } from "../../../db/schema";
import type { Db } from "../db/types";
import { syncSubscriptionStatus } from "../donations/sync.server";
import { getStripe } from "../payments/stripe.server";
import { donorSubscription } from "./gifts.server";

export type SubscriptionChange = { intent: "pause" } | { intent: "resume" } | { intent: "cancel" } | { intent: "amount"; cents: number };

/**
 * Asks Stripe to change one of this donor's monthly gifts. The page's per-render key makes the
 * Idempotency-Key, so a double click (or a retried request) reaches Stripe once. Stripe's answer is
 * applied through the webhook's own sync, so the page after the redirect already shows the change
 * (without JavaScript nothing refreshes later); the webhook then finds nothing to do. Returns false
 * when the gift is not the donor's.
 */
export async function changeMonthlyGift(db: Db, p: { email: string; donationId: string; key: string; change: SubscriptionChange }): Promise<boolean> {
  const gift = await donorSubscription(db, p.email, p.donationId);
  if (!gift || gift.subscriptionStatus === "canceled") return false;
  const stripe = getStripe();
  const idempotencyKey = `donor/${gift.id}/${p.change.intent}/${p.key}`;
  const id = gift.stripeSubscriptionId;
  let answer: Stripe.Subscription | undefined;
  switch (p.change.intent) {
    case "pause":
      answer = await stripe.subscriptions.update(id, { pause_collection: { behavior: "void" } }, { idempotencyKey });
      break;
    case "resume":
      answer = await stripe.subscriptions.update(id, { pause_collection: "" }, { idempotencyKey });
      break;
    case "cancel": {
      // Stripe takes no Idempotency-Key on DELETE: the first click claims the cancellation here.
      const [claimed] = await db
        .update(donations)
        .set({ cancelRequestedAt: new Date() })
        .where(and(eq(donations.id, gift.id), isNull(donations.cancelRequestedAt)))
        .returning({ id: donations.id });
      if (!claimed) return true;
      try {
        answer = await stripe.subscriptions.cancel(id);
      } catch (error) {
        await db.update(donations).set({ cancelRequestedAt: null }).where(eq(donations.id, gift.id));
        throw error;
      }
      break;
    }
    case "amount": {
      const subscription = await stripe.subscriptions.retrieve(id);
      const item = subscription.items.data[0]!;
      const product = typeof item.price.product === "string" ? item.price.product : item.price.product.id;
      const items: Stripe.SubscriptionUpdateParams.Item[] = [
        { id: item.id, quantity: 1, price_data: { currency: item.price.currency, product, unit_amount: p.change.cents, recurring: { interval: "month" } } },
      ];
      answer = await stripe.subscriptions.update(id, { items, proration_behavior: "none" }, { idempotencyKey: `${idempotencyKey}/${p.change.cents}` });
      break;
    }
  }
  if (answer) await syncSubscriptionStatus(db, answer);
  return true;
}
