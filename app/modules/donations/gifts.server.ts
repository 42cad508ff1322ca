import { sql } from "drizzle-orm";
import type { donations } from "../../../db/schema";
import type { Db } from "../db/types";
import { notifyProgress } from "../fundraisers/notify.server";
import { recordGifts } from "../ledger/gifts.server";
import { getOrganization } from "../organization/organization.server";
import { queueReceipts } from "./receipts.server";
import { queueTributeNotices } from "./tributes.server";

type Donation = typeof donations.$inferSelect;

/** A pending donation whose payment Stripe confirmed; `donation` is locked by the caller. */
export type Succeeded = { donation: Donation; paymentIntentId: string; chargeId?: string | null };

/**
 * The one way a one-time Stripe gift is recorded, for one delivery or a batch of them: donations
 * marked succeeded, receipts queued and gifts posted (keyed `gift:<payment intent>`) in the
 * caller's transaction, with a constant number of statements. The caller holds the donations'
 * locks (in id order) and runs automatic allocation for the returned campaigns after commit.
 */
export async function recordSucceededGifts(tx: Db, items: Succeeded[], now = new Date()): Promise<string[]> {
  if (items.length === 0) return [];
  const paid = items.map((i) => ({ id: i.donation.id, pi: i.paymentIntentId, charge: i.chargeId ?? null }));
  await tx.execute(sql`
    update donations d set status = 'succeeded', succeeded_at = ${now.toISOString()}::timestamptz, stripe_payment_intent_id = v.pi,
      stripe_charge_id = coalesce(v.charge, d.stripe_charge_id), updated_at = ${now.toISOString()}::timestamptz
    from json_to_recordset(${JSON.stringify(paid)}::json) as v(id uuid, pi text, charge text) where d.id = v.id`);
  const organization = await getOrganization(tx);
  await queueReceipts(tx, organization, items.map((i) => i.donation), now);
  await queueTributeNotices(tx, organization, items.map((i) => i.donation));
  // Last, so the campaigns' locks are held only for the ledger's own statements and the commit.
  await recordGifts(
    tx,
    items.map(({ donation: d, paymentIntentId }) => ({
      campaignId: d.campaignId,
      idempotencyKey: `gift:${paymentIntentId}`,
      giftCents: d.amountCents,
      feeCoverCents: d.feeCoverCents,
      donationId: d.id,
      fundraiserId: d.fundraiserId,
    })),
  );
  for (const fundraiserId of [...new Set(items.map((i) => i.donation.fundraiserId).filter((f) => f !== null))].sort()) await notifyProgress(tx, fundraiserId);
  return [...new Set(items.map((i) => i.donation.campaignId))];
}
