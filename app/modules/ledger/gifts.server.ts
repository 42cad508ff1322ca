import { eq, sql } from "drizzle-orm";
import { fundraisers } from "../../../db/schema";
import type { Db } from "../db/types";
import { campaignAccounts, lockCampaigns } from "./accounts.server";
import { allocateWholeFees } from "./allocation.server";
import { LedgerError, type Posted } from "./errors";
import { accrueMatch, restoreDisputedMatch, reverseMatch } from "./matches.server";
import { creditPool, debitPoolWithShortfall, mergeTotals } from "./pool";
import { bumpTotals, once, post } from "./post.server";

type GiftRef = { campaignId: string; idempotencyKey: string; donationId?: string | null; fundraiserId?: string | null };

function checkAmount(...amounts: number[]) {
  if (amounts.some((a) => !Number.isSafeInteger(a) || a < 0)) throw new LedgerError("invalid_amount");
}

async function bumpFundraiser(db: Db, fundraiserId: string | null | undefined, giftCents: number) {
  if (fundraiserId && giftCents)
    await db.update(fundraisers).set({ raisedCents: sql`${fundraisers.raisedCents} + ${giftCents}` }).where(eq(fundraisers.id, fundraiserId));
}


/** A gift received (Stripe or offline): clearing → reserve first, then pool. */
export async function recordDonation(db: Db, p: GiftRef & { giftCents: number; feeCoverCents?: number }): Promise<Posted> {
  const cover = p.feeCoverCents ?? 0;
  checkAmount(p.giftCents, cover);
  if (p.giftCents === 0) throw new LedgerError("invalid_amount");
  return once(db, [p.campaignId], p.idempotencyKey, async (tx) => {
    const accounts = await campaignAccounts(tx, p.campaignId);
    const credit = creditPool(accounts, p.giftCents + cover, "gift");
    const id = await post(
      tx,
      { kind: "donation", idempotencyKey: p.idempotencyKey, campaignId: p.campaignId, donationId: p.donationId, fundraiserId: p.fundraiserId },
      [
        { accountId: accounts.stripe_clearing.id, amountCents: -p.giftCents, line: "gift" },
        { accountId: accounts.stripe_clearing.id, amountCents: -cover, line: "fee_cover" },
        ...credit.entries,
      ],
    );
    await bumpTotals(tx, p.campaignId, mergeTotals(credit.totals, { raisedCents: p.giftCents, donationsCount: 1 }));
    await bumpFundraiser(tx, p.fundraiserId, p.giftCents);
    if (p.fundraiserId)
      await accrueMatch(tx, { campaignId: p.campaignId, fundraiserId: p.fundraiserId, giftCents: p.giftCents, giftKey: p.idempotencyKey, donationId: p.donationId });
    return id;
  });
}

/** Stripe's processing fee for a charge, or a dispute fee: the pool pays, the reserve takes any shortfall. */
export async function recordProcessingFee(db: Db, p: GiftRef & { feeCents: number; memo?: string }): Promise<Posted> {
  checkAmount(p.feeCents);
  if (p.feeCents === 0) throw new LedgerError("invalid_amount");
  return once(db, [p.campaignId], p.idempotencyKey, async (tx) => {
    const accounts = await campaignAccounts(tx, p.campaignId);
    const debit = debitPoolWithShortfall(accounts, p.feeCents, "processing_fee");
    const id = await post(
      tx,
      { kind: "processing_fee", idempotencyKey: p.idempotencyKey, campaignId: p.campaignId, donationId: p.donationId, memo: p.memo },
      [{ accountId: accounts.processing_fees.id, amountCents: p.feeCents, line: "processing_fee" }, ...debit.entries],
    );
    await bumpTotals(tx, p.campaignId, mergeTotals(debit.totals, { processingFeesCents: p.feeCents }));
    return id;
  });
}

type Reversal = GiftRef & {
  /** What goes back to the donor or the card network. */
  amountCents: number;
  /** The part of it that was the donor's gift (the rest was fee cover); gift is refunded first. */
  giftCents: number;
  reversesId?: number | null;
};

function reversalEntries(accountsClearingId: string, r: Reversal) {
  return [
    { accountId: accountsClearingId, amountCents: r.giftCents, line: "gift" },
    { accountId: accountsClearingId, amountCents: r.amountCents - r.giftCents, line: "fee_cover" },
  ];
}

/** A refund (full or partial). Never refused: what the pool cannot cover goes to the reserve. */
export async function recordRefund(db: Db, p: Reversal & { fullRefund: boolean }): Promise<Posted> {
  checkAmount(p.amountCents, p.giftCents);
  if (p.amountCents === 0 || p.giftCents > p.amountCents) throw new LedgerError("invalid_amount");
  return once(db, [p.campaignId], p.idempotencyKey, async (tx) => {
    const accounts = await campaignAccounts(tx, p.campaignId);
    const debit = debitPoolWithShortfall(accounts, p.amountCents, "refund");
    const id = await post(
      tx,
      { kind: "refund", idempotencyKey: p.idempotencyKey, campaignId: p.campaignId, donationId: p.donationId, fundraiserId: p.fundraiserId, reversesId: p.reversesId },
      [...reversalEntries(accounts.stripe_clearing.id, p), ...debit.entries],
    );
    await bumpTotals(tx, p.campaignId, mergeTotals(debit.totals, { raisedCents: -p.giftCents, donationsCount: p.fullRefund ? -1 : 0 }));
    await bumpFundraiser(tx, p.fundraiserId, -p.giftCents);
    await reverseMatch(tx, { ...p, key: p.idempotencyKey });
    return id;
  });
}

/**
 * A dispute opened: the card network takes the charge back, plus Stripe's dispute fee. The gift
 * stops counting as raised until the dispute is won.
 */
export async function recordDisputeOpened(db: Db, p: Reversal & { disputeFeeCents: number }): Promise<Posted> {
  checkAmount(p.amountCents, p.giftCents, p.disputeFeeCents);
  if (p.amountCents === 0 || p.giftCents > p.amountCents) throw new LedgerError("invalid_amount");
  return once(db, [p.campaignId], p.idempotencyKey, async (tx) => {
    const accounts = await campaignAccounts(tx, p.campaignId);
    const debit = debitPoolWithShortfall(accounts, p.amountCents + p.disputeFeeCents, "dispute");
    const id = await post(
      tx,
      { kind: "dispute", idempotencyKey: p.idempotencyKey, campaignId: p.campaignId, donationId: p.donationId, fundraiserId: p.fundraiserId, reversesId: p.reversesId },
      [
        ...reversalEntries(accounts.stripe_clearing.id, p),
        { accountId: accounts.processing_fees.id, amountCents: p.disputeFeeCents, line: "dispute_fee" },
        ...debit.entries,
      ],
    );
    await bumpTotals(tx, p.campaignId, mergeTotals(debit.totals, { raisedCents: -p.giftCents, processingFeesCents: p.disputeFeeCents }));
    await bumpFundraiser(tx, p.fundraiserId, -p.giftCents);
    await reverseMatch(tx, { ...p, key: p.idempotencyKey });
    return id;
  });
}

/** A dispute won: the funds come back, covering the reserve first. */
export async function recordDisputeWon(db: Db, p: Reversal): Promise<Posted> {
  checkAmount(p.amountCents, p.giftCents);
  if (p.amountCents === 0 || p.giftCents > p.amountCents) throw new LedgerError("invalid_amount");
  return once(db, [p.campaignId], p.idempotencyKey, async (tx) => {
    const accounts = await campaignAccounts(tx, p.campaignId);
    const credit = creditPool(accounts, p.amountCents, "dispute_won");
    const id = await post(
      tx,
      { kind: "dispute_won", idempotencyKey: p.idempotencyKey, campaignId: p.campaignId, donationId: p.donationId, fundraiserId: p.fundraiserId, reversesId: p.reversesId },
      [
        { accountId: accounts.stripe_clearing.id, amountCents: -p.giftCents, line: "gift" },
        { accountId: accounts.stripe_clearing.id, amountCents: -(p.amountCents - p.giftCents), line: "fee_cover" },
        ...credit.entries,
      ],
    );
    await bumpTotals(tx, p.campaignId, mergeTotals(credit.totals, { raisedCents: p.giftCents }));
    await bumpFundraiser(tx, p.fundraiserId, p.giftCents);
    await restoreDisputedMatch(tx, { ...p, key: p.idempotencyKey });
    return id;
  });
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
 * gift is recorded even if allocation has to wait). Donation flows call this.
 */
export async function recordDonationAndAllocate(db: Db, p: GiftRef & { giftCents: number; feeCoverCents?: number }) {
  const posted = await recordDonation(db, p);
  const allocation = posted.duplicate ? { funded: 0, allocatedCents: 0 } : await allocateWholeFees(db, { campaignId: p.campaignId });
  return { ...posted, allocation };
}
