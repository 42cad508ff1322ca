import { inArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { campaignTotals, donations, stripeEvents } from "../../../db/schema";
import type { Db } from "../db/types";
import { fundQueue } from "../funding/funding.server";
import { recordSucceededGifts, type Succeeded } from "./gifts.server";
import { handleStripeEvent } from "./webhooks.server";

type Outcome = "processed" | "already_processed";
type Waiting = { event: Stripe.Event; session: Stripe.Checkout.Session; resolve(o: Outcome): void; reject(e: unknown): void };

const MAX_BATCH = 256;
/** Batches written at once (one per lane): they overlap their round trips; a campaign's lock still orders its gifts. */
const MAX_WRITERS = 4;

/**
 * A completed one-time Checkout Session whose payload says it all (paid, amount, currency, our
 * donation id) and that is not through a fundraiser: its gift can be recorded from the signed
 * event itself, without asking Stripe. The card fee follows with payment_intent.succeeded or
 * charge.updated, which take the regular path.
 */
export function isBatchableGift(event: Stripe.Event): event is Stripe.Event & { data: { object: Stripe.Checkout.Session } } {
  if (event.type !== "checkout.session.completed" && event.type !== "checkout.session.async_payment_succeeded") return false;
  const s = event.data.object;
  return (
    s.mode === "payment" &&
    s.payment_status === "paid" &&
    typeof s.payment_intent === "string" &&
    typeof s.amount_total === "number" &&
    !!s.metadata?.donation_id &&
    !s.metadata?.fundraiser_id
  );
}

/**
 * Group commit for webhook deliveries: events that arrive while batches are being written wait
 * and go together in the next one, so under load many gifts share one transaction and one
 * campaign lock (a busy campaign no longer serializes its gifts one by one). Each delivery
 * still answers only after its gift and receipt are committed. A batch that fails falls back
 * to processing its events one by one through the regular path.
 */
export class GiftBatcher {
  /** One queue and at most one writer per lane; a campaign always goes to the same lane. */
  private lanes: { queue: Waiting[]; writing: boolean }[];
  constructor(
    private readonly db: () => Db,
    maxWriters = MAX_WRITERS,
  ) {
    this.lanes = Array.from({ length: maxWriters }, () => ({ queue: [], writing: false }));
  }

  submit(event: Stripe.Event & { data: { object: Stripe.Checkout.Session } }): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      const lane = this.lanes[laneOf(event.data.object.metadata?.campaign_id ?? "", this.lanes.length)]!;
      lane.queue.push({ event, session: event.data.object, resolve, reject });
      if (!lane.writing) {
        lane.writing = true;
        setImmediate(() => void this.write(lane));
      }
    });
  }

  /** One writer: takes whatever is waiting in its lane, writes it, and goes on while more is waiting. */
  private async write(lane: { queue: Waiting[]; writing: boolean }): Promise<void> {
    while (lane.queue.length > 0) {
      const batch = lane.queue.splice(0, MAX_BATCH);
      try {
        const outcomes = await recordGiftBatch(this.db(), batch);
        batch.forEach((w, i) => w.resolve(outcomes[i]!));
      } catch (error) {
        if (!(error instanceof MismatchInBatch)) console.error(`stripe gift batch of ${batch.length} failed (${(error as Error).name}); processing one by one`);
        for (const w of batch) await handleStripeEvent(this.db(), w.event).then((o) => w.resolve(o === "ignored" ? "processed" : o), w.reject);
      }
    }
    lane.writing = false;
  }
}

/**
 * Batches written at the same time lock disjoint sets of campaigns when each campaign has its
 * lane: they proceed in parallel instead of queueing on each other's campaign locks. (Only a
 * scheduling choice: the locks, not the lanes, keep the ledger exact.)
 */
function laneOf(campaignId: string, lanes: number): number {
  let h = 0;
  for (let i = 0; i < campaignId.length; i++) h = (h * 31 + campaignId.charCodeAt(i)) | 0;
  return Math.abs(h) % lanes;
}

/**
 * One transaction for many completed payments: event ids recorded (and locked) once, pending
 * donations locked and checked against the payment (amount, currency), then recorded by the same
 * `recordSucceededGifts` as a single delivery; then automatic allocation where someone is waiting.
 * Lock order matches the one-by-one path: events, donations, then campaigns.
 */
export async function recordGiftBatch(db: Db, batch: { event: Stripe.Event; session: Stripe.Checkout.Session }[]): Promise<Outcome[]> {
  const mismatched = new Set<string>();
  const { outcomes, campaignIds } = await db.transaction(async (tx) => {
    const ids = [...new Set(batch.map((b) => b.event.id))].sort();
    await tx
      .insert(stripeEvents)
      .values(ids.map((id) => ({ id, type: batch.find((b) => b.event.id === id)!.event.type, stripeCreated: batch.find((b) => b.event.id === id)!.event.created })))
      .onConflictDoNothing({ target: stripeEvents.id });
    const events = await tx.select({ id: stripeEvents.id, processedAt: stripeEvents.processedAt }).from(stripeEvents).where(inArray(stripeEvents.id, ids)).orderBy(stripeEvents.id).for("update");
    const done = new Set(events.filter((e) => e.processedAt).map((e) => e.id));
    const todo = batch.filter((b) => !done.has(b.event.id));
    const donationIds = [...new Set(todo.map((b) => b.session.metadata!.donation_id!))].sort();
    const rows = donationIds.length
      ? await tx.select().from(donations).where(inArray(donations.id, donationIds)).orderBy(donations.id).for("update")
      : [];
    const byId = new Map(rows.map((d) => [d.id, d]));
    const succeeded: Succeeded[] = [];
    const counted = new Set<string>();
    for (const b of todo) {
      const d = byId.get(b.session.metadata!.donation_id!);
      if (!d) continue;
      if (b.session.currency !== d.currency || b.session.amount_total !== d.amountCents + d.feeCoverCents) {
        mismatched.add(b.event.id);
        continue;
      }
      if (d.status !== "pending" || counted.has(d.id)) continue;
      counted.add(d.id);
      succeeded.push({ donation: d, paymentIntentId: b.session.payment_intent as string });
    }
    if (mismatched.size > 0) throw new MismatchInBatch();
    const fresh = todo.map((b) => b.event.id);
    if (fresh.length > 0)
      await tx
        .update(stripeEvents)
        .set({ processedAt: new Date(), attempts: sql`${stripeEvents.attempts} + 1`, lastError: null })
        .where(inArray(stripeEvents.id, fresh));
    // Last, so the campaigns' locks are held only for the ledger's statements and the commit.
    const campaignIds = await recordSucceededGifts(tx, succeeded);
    return {
      outcomes: batch.map((b) => (done.has(b.event.id) ? "already_processed" : "processed") as Outcome),
      campaignIds,
    };
  });
  if (campaignIds.length > 0) {
    const waiting = await db
      .select({ id: campaignTotals.campaignId })
      .from(campaignTotals)
      .where(sql`${campaignTotals.campaignId} in ${campaignIds} and ${campaignTotals.requestsWaiting} > 0`);
    for (const c of waiting) await fundQueue(db, { campaignId: c.id });
  }
  return outcomes;
}

/** A payment that does not match its donation is left to the one-by-one path, which records why. */
class MismatchInBatch extends Error {}
