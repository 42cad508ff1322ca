import fc from "fast-check";

/**
 * A plain model of two campaigns' money and one host's match, written from DESIGN §2 and
 * independent of the production code: numbers and arrays, no database, no imports from `app/`.
 */
export const FEE = 49_500;
export const DISPUTE_FEE = 1_500;
export const MATCH_CAP = 60_000;

/** What a test step asks for; targets are indexes, resolved against the state when it runs. */
export type Action =
  | { type: "donate"; campaign: number; gift: number; cover: number; viaFundraiser: boolean }
  | { type: "donateBatch"; campaign: number; gifts: { gift: number; cover: number; viaFundraiser: boolean }[] }
  | { type: "offlineGift"; campaign: number; gift: number }
  | { type: "duplicate"; charge: number }
  | { type: "fee"; charge: number; cents: number }
  | { type: "refund"; charge: number; partial: number | null }
  | { type: "dispute"; charge: number }
  | { type: "disputeWon"; charge: number }
  | { type: "approve"; campaign: number; expiresInDays: number }
  | { type: "allocate"; campaign: number }
  | { type: "allocateOne"; request: number }
  | { type: "release"; request: number }
  | { type: "withdraw"; request: number }
  | { type: "disburse"; request: number }
  | { type: "feeReturned"; request: number }
  | { type: "returnForRefile"; request: number; windowOpen: boolean }
  | { type: "refile"; request: number }
  | { type: "transfer"; from: number; amount: number }
  | { type: "matchPaid"; amount: number };

const campaign = fc.integer({ min: 0, max: 1 });
const giftArb = fc.record({ gift: fc.integer({ min: 100, max: 120_000 }), cover: fc.integer({ min: 0, max: 3_000 }), viaFundraiser: fc.boolean() });

export const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant("donate" as const), campaign, gift: fc.integer({ min: 100, max: 120_000 }), cover: fc.integer({ min: 0, max: 3_000 }), viaFundraiser: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("donateBatch" as const), campaign, gifts: fc.array(giftArb, { minLength: 2, maxLength: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("offlineGift" as const), campaign, gift: fc.integer({ min: 100, max: 80_000 }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("duplicate" as const), charge: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("fee" as const), charge: fc.nat(), cents: fc.integer({ min: 1, max: 4_000 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("refund" as const), charge: fc.nat(), partial: fc.option(fc.integer({ min: 1, max: 120_000 })) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("dispute" as const), charge: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("disputeWon" as const), charge: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant("approve" as const), campaign, expiresInDays: fc.integer({ min: -300, max: 400 }) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant("allocate" as const), campaign }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("allocateOne" as const), request: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("release" as const), request: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("withdraw" as const), request: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant("disburse" as const), request: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("feeReturned" as const), request: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant("returnForRefile" as const), request: fc.nat(), windowOpen: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant("refile" as const), request: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("transfer" as const), from: campaign, amount: fc.integer({ min: 1, max: 150_000 }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("matchPaid" as const), amount: fc.integer({ min: 1, max: 40_000 }) }) },
);

/** Steps of one to three actions, issued at the same time. */
export const stepsArbitrary = fc.array(fc.array(actionArbitrary, { minLength: 1, maxLength: 3 }), { minLength: 8, maxLength: 16 });

export type ModelCampaign = { pool: number; reserve: number; raised: number; donations: number; fees: number; allocated: number; disbursed: number };
export type ModelCharge = {
  campaign: number;
  gift: number;
  cover: number;
  viaFundraiser: boolean;
  state: "ok" | "refunded" | "partially_refunded" | "disputed" | "won";
  feeCharged: boolean;
  /** The host's match still held for this gift. */
  matchHeld: number;
  /** What opening its dispute took from the match. */
  matchDisputed: number;
};
export type ModelRequest = {
  campaign: number;
  status: "approved" | "funded" | "paid" | "withdrawn";
  expiresOn: string;
  order: number;
  held: number;
  everFunded: boolean;
  everPaid: boolean;
  disbursed: boolean;
  /** A fee USCIS returned, held for the case until its refile window closes (ADR 0022). */
  refile?: "open" | "passed" | null;
};

/** One change to the model: what a single database transaction does. */
export type Op =
  | { op: "gifts"; charges: number[] }
  | { op: "duplicate" }
  | { op: "fee"; charge: number; cents: number }
  | { op: "refund"; charge: number; amount: number }
  | { op: "dispute"; charge: number }
  | { op: "disputeWon"; charge: number }
  | { op: "approve"; request: number }
  | { op: "allocate"; campaign: number }
  | { op: "allocateOne"; request: number }
  | { op: "release"; request: number }
  | { op: "withdraw"; request: number }
  | { op: "disburse"; request: number }
  | { op: "feeReturned"; request: number }
  | { op: "returnForRefile"; request: number; windowOpen: boolean }
  | { op: "refile"; request: number }
  | { op: "transfer"; from: number; to: number; amount: number }
  | { op: "matchPaid"; amount: number };

/** What an op answered: "ok", a refusal code, or a number of fees funded. */
export type Outcome = string | number;

const emptyCampaign = (): ModelCampaign => ({ pool: 0, reserve: 0, raised: 0, donations: 0, fees: 0, allocated: 0, disbursed: 0 });

export class LedgerModel {
  campaigns: ModelCampaign[] = [emptyCampaign(), emptyCampaign()];
  /** Charges and requests are known once created; their state changes only through ops. */
  charges: (ModelCharge | null)[] = [];
  requests: (ModelRequest | null)[] = [];
  fundraiser = { raised: 0, matched: 0, paid: 0 };

  clone(): LedgerModel {
    return Object.assign(new LedgerModel(), JSON.parse(JSON.stringify(this)) as LedgerModel);
  }

  private credit(c: ModelCampaign, amount: number) {
    const cover = Math.min(c.reserve, amount);
    c.reserve -= cover;
    c.pool += amount - cover;
  }

  private debit(c: ModelCampaign, amount: number) {
    const fromPool = Math.min(c.pool, amount);
    c.pool -= fromPool;
    c.reserve += amount - fromPool;
  }

  /** A gift the host matches 1:1 up to the cap; the match is owed, never in the pool. */
  addCharge(i: number, charge: Omit<ModelCharge, "state" | "feeCharged" | "matchHeld" | "matchDisputed">) {
    const c = this.campaigns[charge.campaign]!;
    const full: ModelCharge = { ...charge, state: "ok", feeCharged: false, matchHeld: 0, matchDisputed: 0 };
    this.charges[i] = full;
    this.credit(c, charge.gift + charge.cover);
    c.raised += charge.gift;
    c.donations += 1;
    if (charge.viaFundraiser) {
      this.fundraiser.raised += charge.gift;
      const match = Math.max(0, Math.min(charge.gift, MATCH_CAP - this.fundraiser.matched));
      this.fundraiser.matched += match;
      full.matchHeld = match;
    }
  }

  /** A refund or dispute took part of a matched gift back: the host owes less (never a paid match). */
  private unmatch(charge: ModelCharge, giftPart: number): number {
    if (!charge.viaFundraiser) return 0;
    this.fundraiser.raised -= giftPart;
    const amount = Math.max(0, Math.min(giftPart, charge.matchHeld, this.fundraiser.matched - this.fundraiser.paid));
    charge.matchHeld -= amount;
    this.fundraiser.matched -= amount;
    return amount;
  }

  queue(campaign: number): number[] {
    return this.requests
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r && r.campaign === campaign && r.status === "approved")
      .sort((a, b) => (a.r!.expiresOn === b.r!.expiresOn ? a.r!.order - b.r!.order : a.r!.expiresOn < b.r!.expiresOn ? -1 : 1))
      .map(({ i }) => i);
  }

  private releaseHeld(r: ModelRequest, next: "approved" | "withdrawn") {
    const c = this.campaigns[r.campaign]!;
    c.allocated -= r.held;
    this.credit(c, r.held);
    r.held = 0;
    r.status = next;
  }

  private fund(r: ModelRequest) {
    const c = this.campaigns[r.campaign]!;
    c.pool -= FEE;
    c.allocated += FEE;
    r.status = "funded";
    r.held = FEE;
    r.everFunded = true;
  }

  /** Applies one op; `pending` holds what creating ops bring (charges, requests). */
  apply(o: Op, pending: { charges: Map<number, Parameters<LedgerModel["addCharge"]>[1]>; requests: Map<number, ModelRequest> }): Outcome {
    switch (o.op) {
      case "gifts":
        for (const i of o.charges) this.addCharge(i, pending.charges.get(i)!);
        return "ok";
      case "duplicate":
        return "ok";
      case "fee": {
        const charge = this.charges[o.charge]!;
        if (charge.feeCharged) return "duplicate";
        charge.feeCharged = true;
        const c = this.campaigns[charge.campaign]!;
        c.fees += o.cents;
        this.debit(c, o.cents);
        return "ok";
      }
      case "refund": {
        const charge = this.charges[o.charge]!;
        const c = this.campaigns[charge.campaign]!;
        const giftPart = Math.min(o.amount, charge.gift);
        const full = o.amount === charge.gift + charge.cover;
        charge.state = full ? "refunded" : "partially_refunded";
        this.debit(c, o.amount);
        c.raised -= giftPart;
        if (full) c.donations -= 1;
        this.unmatch(charge, giftPart);
        return "ok";
      }
      case "dispute": {
        const charge = this.charges[o.charge]!;
        const c = this.campaigns[charge.campaign]!;
        charge.state = "disputed";
        this.debit(c, charge.gift + charge.cover + DISPUTE_FEE);
        c.fees += DISPUTE_FEE;
        c.raised -= charge.gift;
        charge.matchDisputed = this.unmatch(charge, charge.gift);
        return "ok";
      }
      case "disputeWon": {
        const charge = this.charges[o.charge]!;
        const c = this.campaigns[charge.campaign]!;
        charge.state = "won";
        this.credit(c, charge.gift + charge.cover);
        c.raised += charge.gift;
        if (charge.viaFundraiser) {
          this.fundraiser.raised += charge.gift;
          const back = Math.max(0, Math.min(charge.gift, charge.matchDisputed, MATCH_CAP - this.fundraiser.matched));
          this.fundraiser.matched += back;
          charge.matchHeld += back;
        }
        return "ok";
      }
      case "approve":
        this.requests[o.request] = { ...pending.requests.get(o.request)! };
        return "ok";
      case "allocate": {
        // Fees held past their refile window go back to the pool (reserve first) before allocating.
        for (const r of this.requests)
          if (r && r.campaign === o.campaign && r.status === "paid" && r.refile === "passed") {
            this.releaseHeld(r, "approved");
            r.refile = null;
          }
        if (this.campaigns[o.campaign]!.reserve > 0) return 0;
        let funded = 0;
        for (const i of this.queue(o.campaign)) {
          if (this.campaigns[o.campaign]!.pool < FEE) break;
          this.fund(this.requests[i]!);
          funded++;
        }
        return funded;
      }
      case "allocateOne": {
        const r = this.requests[o.request]!;
        const c = this.campaigns[r.campaign]!;
        if (r.status !== "approved") return "not_approved";
        if (c.reserve > 0) return "reserve_outstanding";
        if (c.pool < FEE) return "insufficient_funds";
        this.fund(r);
        return "ok";
      }
      case "release": {
        const r = this.requests[o.request]!;
        if (r.status !== "funded") return "not_funded";
        this.releaseHeld(r, "approved");
        return "ok";
      }
      case "withdraw": {
        const r = this.requests[o.request]!;
        if (r.status === "funded") this.releaseHeld(r, "withdrawn");
        else if (r.status === "approved") r.status = "withdrawn";
        else return "invalid_transition";
        return "ok";
      }
      case "disburse": {
        const r = this.requests[o.request]!;
        if (r.status !== "funded") return "not_funded";
        const c = this.campaigns[r.campaign]!;
        c.allocated -= r.held;
        c.disbursed += r.held;
        r.held = 0;
        r.status = "paid";
        r.everPaid = true;
        r.disbursed = true;
        return "ok";
      }
      case "feeReturned": {
        const r = this.requests[o.request]!;
        if (!r.disbursed) return "already_returned";
        const c = this.campaigns[r.campaign]!;
        c.disbursed -= FEE;
        this.credit(c, FEE);
        r.status = "approved";
        r.disbursed = false;
        return "ok";
      }
      case "returnForRefile": {
        const r = this.requests[o.request]!;
        if (!r.disbursed) return "already_returned";
        const c = this.campaigns[r.campaign]!;
        c.disbursed -= FEE;
        c.allocated += FEE;
        r.held = FEE;
        r.disbursed = false;
        r.refile = o.windowOpen ? "open" : "passed";
        return "ok";
      }
      case "refile": {
        const r = this.requests[o.request]!;
        if (r.status !== "paid" || !r.refile) return "not_returned";
        if (r.refile === "passed") return "refile_window_passed";
        r.status = "funded";
        r.refile = null;
        return "ok";
      }
      case "transfer": {
        const from = this.campaigns[o.from]!;
        if (from.reserve > 0) return "reserve_outstanding";
        if (from.pool < o.amount) return "insufficient_funds";
        from.pool -= o.amount;
        this.credit(this.campaigns[o.to]!, o.amount);
        return "ok";
      }
      case "matchPaid": {
        if (o.amount > this.fundraiser.matched - this.fundraiser.paid) return "amount_mismatch";
        this.fundraiser.paid += o.amount;
        const c = this.campaigns[0]!;
        this.credit(c, o.amount);
        c.raised += o.amount;
        return "ok";
      }
    }
  }

  /** The public figures DESIGN §2 defines for one campaign. */
  figures(campaign: number) {
    const c = this.campaigns[campaign]!;
    const requests = this.requests.filter((r): r is ModelRequest => !!r && r.campaign === campaign);
    return {
      raisedCents: c.raised,
      donationsCount: c.donations,
      processingFeesCents: c.fees,
      poolAvailableCents: c.pool,
      allocatedCents: c.allocated,
      disbursedCents: c.disbursed,
      reserveCents: c.reserve,
      feesFunded: requests.filter((r) => r.everFunded).length,
      feesPaid: requests.filter((r) => r.everPaid).length,
      requestsWaiting: requests.filter((r) => r.status === "approved").length,
    };
  }
}

/** Every order of the ops of concurrent actions that keeps each action's own ops in order. */
export function interleavings<T>(lists: T[][]): T[][] {
  const live = lists.filter((l) => l.length > 0);
  if (live.length === 0) return [[]];
  const out: T[][] = [];
  live.forEach((list, i) => {
    const rest = live.map((l, j) => (j === i ? l.slice(1) : l));
    for (const tail of interleavings(rest)) out.push([list[0]!, ...tail]);
  });
  return out;
}
