import { eq, sql } from "drizzle-orm";
import { fundraisers } from "../../../db/schema";
import type { Db } from "../db/types";
import { lockCampaigns } from "./accounts.server";
import { allocateWholeFees } from "./allocation.server";
import type { Posted } from "./errors";
import { accrueMatch, restoreDisputedMatch, reverseMatch } from "./matches.server";
import { disputeOpened, disputeWon, gift, processingFee, refund, type Reversal } from "./movements";
import { bumpTotals, postMovements, postOne } from "./post.server";

export type Gift = {
  campaignId: string;
  idempotencyKey: string;
  giftCents: number;
  feeCoverCents?: number;
  donationId?: string | null;
  fundraiserId?: string | null;
};

async function bumpFundraiser(db: Db, fundraiserId: string | null | undefined, giftCents: number) {
  if (fundraiserId && giftCents)
    await db.update(fundraisers).set({ raisedCents: sql`${fundraisers.raisedCents} + ${giftCents}` }).where(eq(fundraisers.id, fundraiserId));
}

/**
 * Gifts received, in the caller's transaction: one posting for all of them (a single gift is a
 * batch of one), then, for gifts through a fundraiser, its figures and the host's match — its
 * row locked after the campaigns, fundraisers in id order, so batches cannot deadlock. Returns
 * each gift's transaction; `duplicate` when its key was already posted.
 */
export async function recordGifts(tx: Db, gifts: Gift[]): Promise<Posted[]> {
  const posted = (await postMovements(tx, gifts.map(gift))) as Posted[];
  const viaFundraiser = gifts.filter((g, i) => g.fundraiserId && !posted[i]!.duplicate);
  const order = [...new Set(viaFundraiser.map((g) => g.fundraiserId!))].sort();
  for (const fundraiserId of order)
    for (const g of viaFundraiser.filter((v) => v.fundraiserId === fundraiserId)) {
      await bumpFundraiser(tx, fundraiserId, g.giftCents);
      await accrueMatch(tx, { campaignId: g.campaignId, fundraiserId, giftCents: g.giftCents, giftKey: g.idempotencyKey, donationId: g.donationId });
    }
  return posted;
}

/** One gift received (Stripe or offline), in its own transaction. */
export async function recordDonation(db: Db, p: Gift): Promise<Posted> {
  return db.transaction(async (tx) => (await recordGifts(tx, [p]))[0]!);
}

/** Stripe's processing fee for a charge, or a dispute fee: the pool pays, the reserve takes any shortfall. */
export async function recordProcessingFee(db: Db, p: { campaignId: string; idempotencyKey: string; feeCents: number; donationId?: string | null; memo?: string }): Promise<Posted> {
  return postOne(db, processingFee(p));
}

/** A reversal of (part of) a gift, then what it changes for the gift's fundraiser and its match. */
async function reverse(db: Db, movement: ReturnType<typeof refund>, p: Reversal, match: "reverse" | "restore"): Promise<Posted> {
  return db.transaction(async (tx) => {
    const [posted] = (await postMovements(tx, [movement])) as Posted[];
    if (posted!.duplicate) return posted!;
    await bumpFundraiser(tx, p.fundraiserId, match === "reverse" ? -p.giftCents : p.giftCents);
    const move = { campaignId: p.campaignId, fundraiserId: p.fundraiserId, donationId: p.donationId, giftCents: p.giftCents, key: p.idempotencyKey };
    if (match === "reverse") await reverseMatch(tx, move);
    else await restoreDisputedMatch(tx, move);
    return posted!;
  });
}

/** A refund (full or partial). Never refused: what the pool cannot cover goes to the reserve. */
export async function recordRefund(db: Db, p: Reversal & { fullRefund: boolean }): Promise<Posted> {
  return reverse(db, refund(p), p, "reverse");
}

/**
 * A dispute opened: the card network takes the charge back, plus Stripe's dispute fee. The gift
 * stops counting as raised until the dispute is won.
 */
export async function recordDisputeOpened(db: Db, p: Reversal & { disputeFeeCents: number }): Promise<Posted> {
  return reverse(db, disputeOpened(p), p, "reverse");
}

/** A dispute won: the funds come back, covering the reserve first. */
export async function recordDisputeWon(db: Db, p: Reversal): Promise<Posted> {
  return reverse(db, disputeWon(p), p, "restore");
}

/** A lost dispute moves no more money (it left when the dispute opened) but ends the gift's count. */
export async function recordDisputeLost(db: Db, p: { campaignId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    await lockCampaigns(tx, [p.campaignId]);
    await bumpTotals(tx, p.campaignId, { donationsCount: -1 });
  });
}

/**
 * A gift received, then automatic allocation for its campaign in a separate transaction (so the
 * gift is recorded even if allocation has to wait). Seeds and benchmarks call this; the requests
 * it funds are returned for the caller to tell.
 */
export async function recordDonationAndAllocate(db: Db, p: Gift) {
  const posted = await recordDonation(db, p);
  const allocation = posted.duplicate ? { funded: 0, allocatedCents: 0, fundedIds: [] } : await allocateWholeFees(db, { campaignId: p.campaignId });
  return { ...posted, allocation };
}
