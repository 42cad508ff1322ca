import fc from "fast-check";

/**
 * A plain model of one campaign's money, written from DESIGN §2 and independent of the
 * production code: numbers and arrays, no database.
 */
export const FEE = 49_500;

export type Action =
  | { type: "donate"; gift: number; cover: number }
  | { type: "duplicate"; charge: number }
  | { type: "fee"; charge: number; cents: number }
  | { type: "refund"; charge: number; partial: number | null }
  | { type: "dispute"; charge: number }
  | { type: "disputeWon"; charge: number }
  | { type: "approve"; expiresInDays: number }
  | { type: "allocate" }
  | { type: "release"; request: number }
  | { type: "withdraw"; request: number }
  | { type: "disburse"; request: number }
  | { type: "feeReturned"; request: number };

export const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant("donate" as const), gift: fc.integer({ min: 100, max: 120_000 }), cover: fc.integer({ min: 0, max: 3_000 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("duplicate" as const), charge: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("fee" as const), charge: fc.nat(), cents: fc.integer({ min: 1, max: 4_000 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("refund" as const), charge: fc.nat(), partial: fc.option(fc.integer({ min: 1, max: 120_000 })) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("dispute" as const), charge: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("disputeWon" as const), charge: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant("approve" as const), expiresInDays: fc.integer({ min: -300, max: 400 }) }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant("allocate" as const) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("release" as const), request: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("withdraw" as const), request: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("disburse" as const), request: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("feeReturned" as const), request: fc.nat() }) },
);

export type ModelCharge = { gift: number; cover: number; state: "ok" | "refunded" | "partially_refunded" | "disputed" | "won"; feeCharged: boolean };
export type ModelRequest = {
  status: "approved" | "funded" | "paid" | "withdrawn";
  expiresOn: string;
  order: number;
  held: number;
  everFunded: boolean;
  everPaid: boolean;
  disbursed: boolean;
};

export class CampaignModel {
  pool = 0;
  /** Shortfall owed by the campaign (positive). */
  reserve = 0;
  raised = 0;
  donations = 0;
  fees = 0;
  allocated = 0;
  disbursed = 0;
  charges: ModelCharge[] = [];
  requests: ModelRequest[] = [];

  credit(amount: number) {
    const cover = Math.min(this.reserve, amount);
    this.reserve -= cover;
    this.pool += amount - cover;
  }

  debit(amount: number) {
    const fromPool = Math.min(this.pool, amount);
    this.pool -= fromPool;
    this.reserve += amount - fromPool;
  }

  donate(gift: number, cover: number) {
    this.charges.push({ gift, cover, state: "ok", feeCharged: false });
    this.credit(gift + cover);
    this.raised += gift;
    this.donations += 1;
  }

  fee(charge: ModelCharge, cents: number) {
    if (charge.feeCharged) return;
    charge.feeCharged = true;
    this.fees += cents;
    this.debit(cents);
  }

  refund(charge: ModelCharge, amount: number) {
    const giftPart = Math.min(amount, charge.gift);
    const full = amount === charge.gift + charge.cover;
    charge.state = full ? "refunded" : "partially_refunded";
    this.debit(amount);
    this.raised -= giftPart;
    if (full) this.donations -= 1;
  }

  dispute(charge: ModelCharge) {
    charge.state = "disputed";
    this.debit(charge.gift + charge.cover + 1_500);
    this.fees += 1_500;
    this.raised -= charge.gift;
  }

  disputeWon(charge: ModelCharge) {
    charge.state = "won";
    this.credit(charge.gift + charge.cover);
    this.raised += charge.gift;
  }

  queue(): ModelRequest[] {
    return this.requests
      .filter((r) => r.status === "approved")
      .sort((a, b) => (a.expiresOn === b.expiresOn ? a.order - b.order : a.expiresOn < b.expiresOn ? -1 : 1));
  }

  allocate(): number {
    if (this.reserve > 0) return 0;
    let funded = 0;
    for (const r of this.queue()) {
      if (this.pool < FEE) break;
      this.pool -= FEE;
      this.allocated += FEE;
      r.status = "funded";
      r.held = FEE;
      r.everFunded = true;
      funded++;
    }
    return funded;
  }

  release(r: ModelRequest, next: "approved" | "withdrawn") {
    this.allocated -= r.held;
    this.credit(r.held);
    r.held = 0;
    r.status = next;
  }

  disburse(r: ModelRequest) {
    this.allocated -= r.held;
    this.disbursed += r.held;
    r.held = 0;
    r.status = "paid";
    r.everPaid = true;
    r.disbursed = true;
  }

  feeReturned(r: ModelRequest) {
    this.disbursed -= FEE;
    this.credit(FEE);
    r.status = "approved";
    r.disbursed = false;
  }

  figures() {
    return {
      raisedCents: this.raised,
      donationsCount: this.donations,
      processingFeesCents: this.fees,
      poolAvailableCents: this.pool,
      allocatedCents: this.allocated,
      disbursedCents: this.disbursed,
      reserveCents: this.reserve,
      feesFunded: this.requests.filter((r) => r.everFunded).length,
      feesPaid: this.requests.filter((r) => r.everPaid).length,
      requestsWaiting: this.requests.filter((r) => r.status === "approved").length,
    };
  }
}
