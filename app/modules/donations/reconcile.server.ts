import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { stripeSyncState } from "../../../db/schema";
import type { Db } from "../db/types";
import { getStripe } from "../payments/stripe.server";
import { handledEventTypes, handleStripeEvent } from "./webhooks.server";

const WATERMARK = "events";
/** Events can share a second and arrive late: re-read a few minutes behind the watermark. */
const OVERLAP_SECONDS = 300;
/** Stripe keeps events for 30 days. */
const MAX_LOOKBACK_SECONDS = 30 * 86_400;

export type ReconcileReport = { seen: number; processed: number; alreadyProcessed: number; failed: number; watermark: number };

/**
 * Pages through Stripe's events since the stored watermark and runs every one we handle through
 * the webhook's own code path. Safe at any time and from several processes at once: processing
 * is keyed by Stripe's ids, so a second run changes nothing.
 */
export async function reconcileStripeEvents(db: Db, now = new Date()): Promise<ReconcileReport> {
  const [state] = await db.select().from(stripeSyncState).where(eq(stripeSyncState.name, WATERMARK));
  const floor = Math.floor(now.getTime() / 1000) - MAX_LOOKBACK_SECONDS;
  const since = Math.max(floor, (state?.watermark ?? 0) - OVERLAP_SECONDS);
  const report: ReconcileReport = { seen: 0, processed: 0, alreadyProcessed: 0, failed: 0, watermark: state?.watermark ?? 0 };
  const list = getStripe().events.list({ created: { gte: since }, limit: 100, types: [...handledEventTypes] as Stripe.EventListParams["types"] });
  const events: Stripe.Event[] = [];
  for await (const event of list) events.push(event);
  // Oldest first, so the watermark only moves past what was handled.
  events.sort((a, b) => a.created - b.created);
  let newest = report.watermark;
  let blocked = false;
  for (const event of events) {
    report.seen++;
    try {
      const outcome = await handleStripeEvent(db, event);
      if (outcome === "processed") report.processed++;
      else report.alreadyProcessed++;
      if (!blocked) newest = Math.max(newest, event.created);
    } catch {
      report.failed++;
      blocked = true;
    }
  }
  await db
    .insert(stripeSyncState)
    .values({ name: WATERMARK, watermark: newest })
    .onConflictDoUpdate({ target: stripeSyncState.name, set: { watermark: sql`greatest(${stripeSyncState.watermark}, ${newest})`, updatedAt: new Date() } });
  report.watermark = newest;
  return report;
}
