import { LedgerError } from "./errors";
import { creditPool, debitPoolWithShortfall, mergeTotals } from "./pool";
import type { Movement, TotalsDelta } from "./post.server";

/**
 * Every kind of money movement as a plan over live balances (DESIGN §2). All of them are posted
 * by `postMovements`; nothing here touches the database.
 */

type Ref = { campaignId: string; idempotencyKey: string; donationId?: string | null; fundraiserId?: string | null };

function checkAmounts(...amounts: number[]) {
  if (amounts.some((a) => !Number.isSafeInteger(a) || a < 0)) throw new LedgerError("invalid_amount");
}

const refOf = (p: Ref) => ({ campaignId: p.campaignId, idempotencyKey: p.idempotencyKey, donationId: p.donationId ?? null, fundraiserId: p.fundraiserId ?? null });

/** A gift received (Stripe or offline): clearing → reserve first, then pool. */
export function gift(p: Ref & { giftCents: number; feeCoverCents?: number }): Movement {
  const cover = p.feeCoverCents ?? 0;
  checkAmounts(p.giftCents, cover);
  if (p.giftCents === 0) throw new LedgerError("invalid_amount");
  return {
    kind: "donation",
    ...refOf(p),
    plan(view) {
      const a = view.campaign(p.campaignId);
      const credit = creditPool(a, p.giftCents + cover, "gift");
      return {
        entries: [
          { accountId: a.stripe_clearing.id, amountCents: -p.giftCents, line: "gift" },
          { accountId: a.stripe_clearing.id, amountCents: -cover, line: "fee_cover" },
          ...credit.entries,
        ],
        totals: [[p.campaignId, mergeTotals(credit.totals, { raisedCents: p.giftCents, donationsCount: 1 })]],
      };
    },
  };
}

/** Stripe's processing fee for a charge, or a dispute fee: the pool pays, the reserve takes any shortfall. */
export function processingFee(p: Ref & { feeCents: number; memo?: string }): Movement {
  checkAmounts(p.feeCents);
  if (p.feeCents === 0) throw new LedgerError("invalid_amount");
  return {
    kind: "processing_fee",
    ...refOf(p),
    fundraiserId: null,
    memo: p.memo ?? null,
    plan(view) {
      const a = view.campaign(p.campaignId);
      const debit = debitPoolWithShortfall(a, p.feeCents, "processing_fee");
      return {
        entries: [{ accountId: a.processing_fees.id, amountCents: p.feeCents, line: "processing_fee" }, ...debit.entries],
        totals: [[p.campaignId, mergeTotals(debit.totals, { processingFeesCents: p.feeCents })]],
      };
    },
  };
}

export type Reversal = Ref & {
  /** What goes back to the donor or the card network. */
  amountCents: number;
  /** The part of it that was the donor's gift (the rest was fee cover); gift is refunded first. */
  giftCents: number;
  reversesId?: number | null;
};

function checkReversal(r: Reversal, ...more: number[]) {
  checkAmounts(r.amountCents, r.giftCents, ...more);
  if (r.amountCents === 0 || r.giftCents > r.amountCents) throw new LedgerError("invalid_amount");
}

/** Money leaving for good (refund, dispute): never refused, what the pool lacks goes to the reserve. */
function reversal(kind: "refund" | "dispute", r: Reversal, extra: { feeCents: number; totals: TotalsDelta }): Movement {
  return {
    kind,
    ...refOf(r),
    reversesId: r.reversesId ?? null,
    plan(view) {
      const a = view.campaign(r.campaignId);
      const debit = debitPoolWithShortfall(a, r.amountCents + extra.feeCents, kind);
      return {
        entries: [
          { accountId: a.stripe_clearing.id, amountCents: r.giftCents, line: "gift" },
          { accountId: a.stripe_clearing.id, amountCents: r.amountCents - r.giftCents, line: "fee_cover" },
          { accountId: a.processing_fees.id, amountCents: extra.feeCents, line: "dispute_fee" },
          ...debit.entries,
        ],
        totals: [[r.campaignId, mergeTotals(debit.totals, { raisedCents: -r.giftCents, processingFeesCents: extra.feeCents }, extra.totals)]],
      };
    },
  };
}

/** A refund (full or partial). */
export function refund(p: Reversal & { fullRefund: boolean }): Movement {
  checkReversal(p);
  return reversal("refund", p, { feeCents: 0, totals: { donationsCount: p.fullRefund ? -1 : 0 } });
}

/** A dispute opened: the card network takes the charge back, plus Stripe's dispute fee. */
export function disputeOpened(p: Reversal & { disputeFeeCents: number }): Movement {
  checkReversal(p, p.disputeFeeCents);
  return reversal("dispute", p, { feeCents: p.disputeFeeCents, totals: {} });
}

/** A dispute won: the funds come back, covering the reserve first. */
export function disputeWon(p: Reversal): Movement {
  checkReversal(p);
  return {
    kind: "dispute_won",
    ...refOf(p),
    reversesId: p.reversesId ?? null,
    plan(view) {
      const a = view.campaign(p.campaignId);
      const credit = creditPool(a, p.amountCents, "dispute_won");
      return {
        entries: [
          { accountId: a.stripe_clearing.id, amountCents: -p.giftCents, line: "gift" },
          { accountId: a.stripe_clearing.id, amountCents: -(p.amountCents - p.giftCents), line: "fee_cover" },
          ...credit.entries,
        ],
        totals: [[p.campaignId, mergeTotals(credit.totals, { raisedCents: p.giftCents })]],
      };
    },
  };
}

type RequestRef = { campaignId: string; feeRequestId: string; idempotencyKey: string; actorUserId?: string | null };
const requestAccount = (p: RequestRef) => [{ type: "fee_request" as const, ownerId: p.feeRequestId, campaignId: p.campaignId }];

/**
 * A whole fee moves from the pool to its request. `onShort: "refuse"` throws the reason when the
 * pool cannot cover it (or a reserve is owed); `"skip"` posts nothing, for the queue.
 */
export function allocation(p: RequestRef & { feeCents: number; firstTime: boolean; onShort: "refuse" | "skip" }): Movement {
  checkAmounts(p.feeCents);
  return {
    kind: "allocation",
    campaignId: p.campaignId,
    idempotencyKey: p.idempotencyKey,
    feeRequestId: p.feeRequestId,
    createdByUserId: p.actorUserId ?? null,
    own: requestAccount(p),
    plan(view) {
      const a = view.campaign(p.campaignId);
      const short = a.reserve.balanceCents < 0 ? "reserve_outstanding" : a.campaign_pool.balanceCents < p.feeCents ? "insufficient_funds" : null;
      if (short && p.onShort === "refuse") throw new LedgerError(short);
      if (short) return null;
      const own = view.own("fee_request", p.feeRequestId);
      return {
        entries: [
          { accountId: a.campaign_pool.id, amountCents: -p.feeCents, line: "allocation" },
          { accountId: own.id, amountCents: p.feeCents, line: "allocation" },
        ],
        totals: [[p.campaignId, { poolAvailableCents: -p.feeCents, allocatedCents: p.feeCents, requestsWaiting: -1, feesFunded: p.firstTime ? 1 : 0 }]],
      };
    },
  };
}

/** A funded request's money goes back to the pool (reserve first); it waits again or has ended. */
export function release(p: RequestRef & { requeued: boolean; memo?: string | null }): Movement {
  return {
    kind: "release",
    campaignId: p.campaignId,
    idempotencyKey: p.idempotencyKey,
    feeRequestId: p.feeRequestId,
    createdByUserId: p.actorUserId ?? null,
    memo: p.memo ?? null,
    own: requestAccount(p),
    plan(view) {
      const a = view.campaign(p.campaignId);
      const own = view.own("fee_request", p.feeRequestId);
      const held = own.balanceCents;
      const credit = creditPool(a, held, "release");
      return {
        entries: [{ accountId: own.id, amountCents: -held, line: "release" }, ...credit.entries],
        totals: [[p.campaignId, mergeTotals(credit.totals, { allocatedCents: -held, requestsWaiting: p.requeued ? 1 : 0 })]],
      };
    },
  };
}

/** A funded fee paid to USCIS, one line per form; the lines must add up to what the request holds. */
export function disbursement(p: RequestRef & { lines: { form: string; amountCents: number }[]; firstPayment: boolean; memo: string; partial?: boolean }): Movement {
  if (p.lines.length === 0 || p.lines.some((l) => !Number.isSafeInteger(l.amountCents) || l.amountCents <= 0)) throw new LedgerError("invalid_amount");
  const total = p.lines.reduce((sum, l) => sum + l.amountCents, 0);
  return {
    kind: "disbursement",
    campaignId: p.campaignId,
    idempotencyKey: p.idempotencyKey,
    feeRequestId: p.feeRequestId,
    createdByUserId: p.actorUserId ?? null,
    memo: p.memo,
    own: requestAccount(p),
    plan(view) {
      const a = view.campaign(p.campaignId);
      const own = view.own("fee_request", p.feeRequestId);
      // A per-case card pays one form at a time (ADR 0024): each line may leave the rest held.
      if (p.partial ? total > own.balanceCents : total !== own.balanceCents) throw new LedgerError("amount_mismatch");
      return {
        entries: [
          { accountId: own.id, amountCents: -total, line: "disbursement" },
          ...p.lines.map((l) => ({ accountId: a.disbursed.id, amountCents: l.amountCents, line: l.form })),
        ],
        totals: [[p.campaignId, { allocatedCents: -total, disbursedCents: total, feesPaid: p.firstPayment ? 1 : 0 }]],
      };
    },
  };
}

/**
 * USCIS sent a fee back (all of a payment's forms, or some). `to` says whose money it is now:
 * `pool` (reserve first; `requeued` when the request waits in the queue again), `case` (held in the
 * request's own account for a refiling) or `applicant` (we had reimbursed the applicant, who paid
 * USCIS: the returned fee is theirs).
 */
export function feeReturned(
  p: RequestRef & { lines: { form: string; amountCents: number }[]; reversesId: number | null; to: "pool" | "case" | "applicant"; requeued?: boolean },
): Movement {
  if (p.lines.length === 0) throw new LedgerError("invalid_amount");
  const total = p.lines.reduce((sum, l) => sum + l.amountCents, 0);
  return {
    kind: "fee_returned",
    campaignId: p.campaignId,
    idempotencyKey: p.idempotencyKey,
    feeRequestId: p.feeRequestId,
    reversesId: p.reversesId,
    createdByUserId: p.actorUserId ?? null,
    memo: p.to,
    own: p.to === "case" ? requestAccount(p) : p.to === "applicant" ? [{ type: "applicant_payable" as const, ownerId: p.feeRequestId, campaignId: p.campaignId }] : [],
    plan(view) {
      const a = view.campaign(p.campaignId);
      const back = p.lines.map((l) => ({ accountId: a.disbursed.id, amountCents: -l.amountCents, line: l.form }));
      if (p.to === "pool") {
        const credit = creditPool(a, total, "fee_returned");
        return { entries: [...back, ...credit.entries], totals: [[p.campaignId, mergeTotals(credit.totals, { disbursedCents: -total, requestsWaiting: p.requeued ? 1 : 0 })]] };
      }
      const own = view.own(p.to === "case" ? "fee_request" : "applicant_payable", p.feeRequestId);
      return {
        entries: [...back, { accountId: own.id, amountCents: total, line: "fee_returned" }],
        totals: [[p.campaignId, { disbursedCents: -total, allocatedCents: p.to === "case" ? total : 0 }]],
      };
    },
  };
}

/**
 * A funded request re-priced up at payment gets the difference from the pool (never while a
 * reserve is owed). `skip` posts nothing when the pool cannot cover it: the request stays short.
 */
export function topUp(p: RequestRef & { amountCents: number; onShort: "refuse" | "skip" }): Movement {
  checkAmounts(p.amountCents);
  if (p.amountCents === 0) throw new LedgerError("invalid_amount");
  return {
    kind: "allocation",
    campaignId: p.campaignId,
    idempotencyKey: p.idempotencyKey,
    feeRequestId: p.feeRequestId,
    createdByUserId: p.actorUserId ?? null,
    memo: "top up",
    own: requestAccount(p),
    plan(view) {
      const a = view.campaign(p.campaignId);
      const short = a.reserve.balanceCents < 0 ? "reserve_outstanding" : a.campaign_pool.balanceCents < p.amountCents ? "insufficient_funds" : null;
      if (short && p.onShort === "refuse") throw new LedgerError(short);
      if (short) return null;
      const own = view.own("fee_request", p.feeRequestId);
      return {
        entries: [
          { accountId: a.campaign_pool.id, amountCents: -p.amountCents, line: "top_up" },
          { accountId: own.id, amountCents: p.amountCents, line: "top_up" },
        ],
        totals: [[p.campaignId, { poolAvailableCents: -p.amountCents, allocatedCents: p.amountCents }]],
      };
    },
  };
}

/** The fee fell between approval and payment: the request gives the difference back to the pool (reserve first). */
export function repriceDown(p: RequestRef & { amountCents: number }): Movement {
  checkAmounts(p.amountCents);
  if (p.amountCents === 0) throw new LedgerError("invalid_amount");
  return {
    kind: "release",
    campaignId: p.campaignId,
    idempotencyKey: p.idempotencyKey,
    feeRequestId: p.feeRequestId,
    createdByUserId: p.actorUserId ?? null,
    memo: "re-priced",
    own: requestAccount(p),
    plan(view) {
      const a = view.campaign(p.campaignId);
      const own = view.own("fee_request", p.feeRequestId);
      if (own.balanceCents < p.amountCents) throw new LedgerError("amount_mismatch");
      const credit = creditPool(a, p.amountCents, "reprice");
      return {
        entries: [{ accountId: own.id, amountCents: -p.amountCents, line: "reprice" }, ...credit.entries],
        totals: [[p.campaignId, mergeTotals(credit.totals, { allocatedCents: -p.amountCents })]],
      };
    },
  };
}

/** Staff move available money from one campaign's pool to another's. */
export function transfer(p: { fromCampaignId: string; toCampaignId: string; amountCents: number; idempotencyKey: string; actorUserId: string; reason: string }): Movement {
  if (p.fromCampaignId === p.toCampaignId) throw new LedgerError("same_campaign");
  if (!Number.isSafeInteger(p.amountCents) || p.amountCents <= 0) throw new LedgerError("invalid_amount");
  return {
    kind: "transfer",
    campaignId: p.fromCampaignId,
    alsoLocks: [p.toCampaignId],
    idempotencyKey: p.idempotencyKey,
    createdByUserId: p.actorUserId,
    memo: p.reason,
    plan(view) {
      const from = view.campaign(p.fromCampaignId);
      const to = view.campaign(p.toCampaignId);
      if (from.reserve.balanceCents < 0) throw new LedgerError("reserve_outstanding");
      if (from.campaign_pool.balanceCents < p.amountCents) throw new LedgerError("insufficient_funds");
      const credit = creditPool(to, p.amountCents, "transfer");
      return {
        entries: [{ accountId: from.campaign_pool.id, amountCents: -p.amountCents, line: "transfer" }, ...credit.entries],
        totals: [
          [p.fromCampaignId, { poolAvailableCents: -p.amountCents }],
          [p.toCampaignId, credit.totals],
        ],
      };
    },
  };
}

type MatchRef = { campaignId: string; fundraiserId: string; idempotencyKey: string; donationId?: string | null };
const receivable = (p: MatchRef) => [{ type: "match_receivable" as const, ownerId: p.fundraiserId, campaignId: p.campaignId }];

/**
 * A host's match pledged (positive: owed to the campaign, never allocatable until paid) or taken
 * back (negative: a refund or dispute reversed the matched gift).
 */
export function matchPledged(p: MatchRef & { amountCents: number; reversesId?: number | null; memo?: string | null }): Movement {
  if (!Number.isSafeInteger(p.amountCents) || p.amountCents === 0) throw new LedgerError("invalid_amount");
  return {
    kind: "match_pledged",
    ...p,
    own: receivable(p),
    plan(view) {
      const a = view.campaign(p.campaignId);
      const owed = view.own("match_receivable", p.fundraiserId);
      return {
        entries: [
          { accountId: owed.id, amountCents: p.amountCents, line: "match" },
          { accountId: a.match_pledges.id, amountCents: -p.amountCents, line: "match" },
        ],
        totals: [],
      };
    },
  };
}

/** The host paid (part of) its match: the receivable settles and the money enters the pool. */
export function matchPaid(p: MatchRef & { amountCents: number }): Movement {
  if (!Number.isSafeInteger(p.amountCents) || p.amountCents <= 0) throw new LedgerError("invalid_amount");
  return {
    kind: "match_paid",
    ...p,
    own: receivable(p),
    plan(view) {
      const a = view.campaign(p.campaignId);
      const owed = view.own("match_receivable", p.fundraiserId);
      if (p.amountCents > owed.balanceCents) throw new LedgerError("amount_mismatch");
      const credit = creditPool(a, p.amountCents, "match");
      return {
        entries: [
          { accountId: owed.id, amountCents: -p.amountCents, line: "match" },
          { accountId: a.match_pledges.id, amountCents: p.amountCents, line: "match" },
          { accountId: a.stripe_clearing.id, amountCents: -p.amountCents, line: "match" },
          ...credit.entries,
        ],
        totals: [[p.campaignId, mergeTotals(credit.totals, { raisedCents: p.amountCents })]],
      };
    },
  };
}
