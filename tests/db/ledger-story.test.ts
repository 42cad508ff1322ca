import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feeRequests } from "../../db/schema";
import { getCampaignTotals } from "../../app/modules/campaigns/campaigns.server";
import { endFeeRequest } from "../../app/modules/applications/fee-requests.server";
import { allocateFee, allocateWholeFees } from "../../app/modules/ledger/allocation.server";
import { recordDisbursement, recordFeeReturned } from "../../app/modules/ledger/disbursements.server";
import { LedgerError } from "../../app/modules/ledger/errors";
import {
  recordDisputeLost,
  recordDisputeOpened,
  recordDisputeWon,
  recordDonation,
  recordDonationAndAllocate,
  recordProcessingFee,
  recordRefund,
} from "../../app/modules/ledger/gifts.server";
import { recordMatchPaid, recordMatchPledged, transferBetweenPools } from "../../app/modules/ledger/transfers.server";
import { publicFigures } from "../../app/modules/campaigns/public.server";
import { seedFeeSchedules } from "../../app/modules/seed/seed.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { expectLedgerInvariants, ledgerTable, makeApprovedRequest, makeCampaign } from "../support/ledger";

let database: TestDatabase;
let adminId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedFeeSchedules(database.db);
  adminId = (await makeUser(database.db, { role: "admin" })).id;
});
afterAll(() => database.close());

const status = async (id: string) => (await database.db.select().from(feeRequests).where(eq(feeRequests.id, id)))[0]!.status;

describe("a campaign's money, from gift to USCIS", () => {
  it("donate, fee, allocate, disburse, refund after allocation, dispute lost, reserve covered by the next gift", async () => {
    const db = database.db;
    const campaign = await makeCampaign(db, adminId, { feeSource: "fixed", fixedFee: 49500 });
    const urgent = await makeApprovedRequest(db, campaign.id, "2027-01-10");
    const later = await makeApprovedRequest(db, campaign.id, "2027-06-01");

    // $500 gift with $15.50 fee cover; Stripe keeps $15.25.
    await recordDonation(db, { campaignId: campaign.id, idempotencyKey: "ch_1", giftCents: 50000, feeCoverCents: 1550 });
    await recordProcessingFee(db, { campaignId: campaign.id, idempotencyKey: "fee:ch_1", feeCents: 1525 });
    // Pool 500.25: the most urgent request is funded, the other waits.
    expect(await allocateWholeFees(db, { campaignId: campaign.id })).toMatchObject({ funded: 1, allocatedCents: 49500, fundedIds: [urgent.id] });
    expect([await status(urgent.id), await status(later.id)]).toEqual(["funded", "approved"]);

    await recordDisbursement(db, {
      feeRequestId: urgent.id,
      method: "g1450_card",
      paidOn: "2026-11-20",
      reference: "G-1450 batch 7",
      lines: [
        { form: "I-765", amountCents: 41000 },
        { form: "biometrics", amountCents: 8500 },
      ],
      recordedByUserId: adminId,
    });
    expect(await status(urgent.id)).toBe("paid");

    // A second gift funds the next request, then the first donor is refunded in full.
    await recordDonation(db, { campaignId: campaign.id, idempotencyKey: "ch_2", giftCents: 49500 });
    await allocateWholeFees(db, { campaignId: campaign.id });
    expect(await status(later.id)).toBe("funded");
    await recordRefund(db, { campaignId: campaign.id, idempotencyKey: "re_1", amountCents: 51550, giftCents: 50000, fullRefund: true });
    // The pool had $5.25: the rest of the refund is the campaign's reserve; no funded fee is clawed back.
    expect(await status(later.id)).toBe("funded");
    expect(await getCampaignTotals(db, campaign.id)).toMatchObject({ poolAvailableCents: 0, reserveCents: 51025, allocatedCents: 49500 });

    // A $100 gift is disputed and lost, with Stripe's $15 dispute fee.
    await recordDonation(db, { campaignId: campaign.id, idempotencyKey: "ch_3", giftCents: 10000 });
    await recordDisputeOpened(db, { campaignId: campaign.id, idempotencyKey: "dp_1", amountCents: 10000, giftCents: 10000, disputeFeeCents: 1500 });
    await recordDisputeLost(db, { campaignId: campaign.id });

    // While the reserve is owed, nothing is allocated, even by hand.
    const third = await makeApprovedRequest(db, campaign.id, "2027-02-01");
    await expect(allocateFee(db, { feeRequestId: third.id })).rejects.toMatchObject({ code: "reserve_outstanding" });

    // The next gift covers the reserve first; only what is left reaches the pool.
    await recordDonation(db, { campaignId: campaign.id, idempotencyKey: "ch_4", giftCents: 100000 });
    expect(await getCampaignTotals(db, campaign.id)).toMatchObject({ reserveCents: 0, poolAvailableCents: 100000 - 52525 });
    expect(await allocateWholeFees(db, { campaignId: campaign.id })).toEqual({ funded: 0, allocatedCents: 0, fundedIds: [] });
    await recordDonation(db, { campaignId: campaign.id, idempotencyKey: "ch_5", giftCents: 2025 });
    expect(await allocateWholeFees(db, { campaignId: campaign.id })).toMatchObject({ funded: 1, allocatedCents: 49500 });

    expect(await ledgerTable(db, campaign.id)).toMatchSnapshot();
    expect(await publicFigures(db, campaign)).toEqual({
      slug: campaign.slug,
      currency: "usd",
      fee_cents: 49500,
      raised_cents: 49500 + 100000 + 2025,
      donations_count: 3,
      processing_fees_cents: 1525 + 1500,
      pool_available_cents: 0,
      allocated_cents: 99000,
      disbursed_cents: 49500,
      reserve_cents: 0,
      fees_funded: 3,
      fees_paid: 1,
      requests_waiting: 0,
    });
    await expectLedgerInvariants(db, [campaign.id]);
  });
});

describe("movements", () => {
  it("a gift runs automatic allocation for its campaign", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    const request = await makeApprovedRequest(database.db, campaign.id);
    const result = await recordDonationAndAllocate(database.db, { campaignId: campaign.id, idempotencyKey: "auto", giftCents: 50_000 });
    expect(result.allocation).toEqual({ funded: 1, allocatedCents: 49_500, fundedIds: [request.id] });
    expect(await status(request.id)).toBe("funded");
    const again = await recordDonationAndAllocate(database.db, { campaignId: campaign.id, idempotencyKey: "auto", giftCents: 50_000 });
    expect(again).toMatchObject({ duplicate: true, allocation: { funded: 0 } });
  });

  it("a retried movement returns the first result and changes nothing", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    const first = await recordDonation(database.db, { campaignId: campaign.id, idempotencyKey: "evt_dup", giftCents: 2500 });
    const again = await recordDonation(database.db, { campaignId: campaign.id, idempotencyKey: "evt_dup", giftCents: 2500 });
    expect(again).toEqual({ transactionId: first.transactionId, duplicate: true });
    expect(await getCampaignTotals(database.db, campaign.id)).toMatchObject({ raisedCents: 2500, donationsCount: 1 });
  });

  it("refuses to fund a request by hand when the pool cannot cover the whole fee", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    const request = await makeApprovedRequest(database.db, campaign.id);
    await recordDonation(database.db, { campaignId: campaign.id, idempotencyKey: "small", giftCents: 49499 });
    const error = await allocateFee(database.db, { feeRequestId: request.id }).catch((e) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect(error.code).toBe("insufficient_funds");
    expect(await status(request.id)).toBe("approved");
  });

  it("funds fees in order of urgency, then approval time, and never skips ahead to a cheaper fee", async () => {
    const campaign = await makeCampaign(database.db, adminId, { feeSource: "schedule", fixedFee: undefined });
    const t = (m: number) => new Date(Date.UTC(2026, 10, 1, 10, m));
    const paperLater = await makeApprovedRequest(database.db, campaign.id, "2027-03-01", t(0));
    const expired = await makeApprovedRequest(database.db, campaign.id, "2026-10-01", t(1));
    const soonFirst = await makeApprovedRequest(database.db, campaign.id, "2026-12-01", t(2));
    const soonSecond = await makeApprovedRequest(database.db, campaign.id, "2026-12-01", t(3));
    await database.db.update(feeRequests).set({ feeCents: 60500, filingMethod: "paper" }).where(eq(feeRequests.id, soonSecond.id));
    // Enough for the first two (555 + 555) and not the third (605), though enough for a fourth 555.
    await recordDonation(database.db, { campaignId: campaign.id, idempotencyKey: "order", giftCents: 55500 * 2 + 60000 });
    await allocateWholeFees(database.db, { campaignId: campaign.id });
    expect(await Promise.all([expired, soonFirst, soonSecond, paperLater].map((r) => status(r.id)))).toEqual([
      "funded",
      "funded",
      "approved",
      "approved",
    ]);
  });

  it("releases a withdrawn case's money to the pool and ends the case", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    const request = await makeApprovedRequest(database.db, campaign.id);
    await recordDonation(database.db, { campaignId: campaign.id, idempotencyKey: "w1", giftCents: 49500 });
    await allocateWholeFees(database.db, { campaignId: campaign.id });
    await endFeeRequest(database.db, { feeRequestId: request.id, outcome: "withdrawn", actorUserId: adminId });
    expect(await status(request.id)).toBe("withdrawn");
    expect(await getCampaignTotals(database.db, campaign.id)).toMatchObject({ poolAvailableCents: 49500, allocatedCents: 0, requestsWaiting: 0 });
    await expectLedgerInvariants(database.db, [campaign.id]);
  });

  it("a fee returned by USCIS goes back to the pool and the request waits again", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    const request = await makeApprovedRequest(database.db, campaign.id);
    await recordDonation(database.db, { campaignId: campaign.id, idempotencyKey: "r1", giftCents: 49500 });
    await allocateWholeFees(database.db, { campaignId: campaign.id });
    const { disbursementId } = await recordDisbursement(database.db, {
      feeRequestId: request.id,
      method: "paygov_online",
      paidOn: "2026-11-21",
      lines: [{ form: "I-821D", amountCents: 8500 }, { form: "I-765", amountCents: 41000 }],
    });
    await recordFeeReturned(database.db, { disbursementId, recordedByUserId: adminId });
    await expect(recordFeeReturned(database.db, { disbursementId })).rejects.toMatchObject({ code: "already_returned" });
    expect(await status(request.id)).toBe("approved");
    expect(await getCampaignTotals(database.db, campaign.id)).toMatchObject({ poolAvailableCents: 49500, disbursedCents: 0, feesPaid: 1, requestsWaiting: 1 });
    await expectLedgerInvariants(database.db, [campaign.id]);
  });

  it("refuses a disbursement whose lines do not add up to the funded fee", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    const request = await makeApprovedRequest(database.db, campaign.id);
    await recordDonation(database.db, { campaignId: campaign.id, idempotencyKey: "d1", giftCents: 49500 });
    await allocateWholeFees(database.db, { campaignId: campaign.id });
    await expect(
      recordDisbursement(database.db, { feeRequestId: request.id, method: "check", paidOn: "2025-01-02", lines: [{ form: "I-765", amountCents: 41000 }] }),
    ).rejects.toMatchObject({ code: "amount_mismatch" });
    expect(await status(request.id)).toBe("funded");
  });

  it("a won dispute brings the money back; matches are never allocatable until paid; transfers move only available money", async () => {
    const a = await makeCampaign(database.db, adminId);
    const b = await makeCampaign(database.db, adminId);
    await recordDonation(database.db, { campaignId: a.id, idempotencyKey: "g1", giftCents: 30000 });
    await recordDisputeOpened(database.db, { campaignId: a.id, idempotencyKey: "dp", amountCents: 30000, giftCents: 30000, disputeFeeCents: 1500 });
    await recordDisputeWon(database.db, { campaignId: a.id, idempotencyKey: "dw", amountCents: 30000, giftCents: 30000 });
    expect(await getCampaignTotals(database.db, a.id)).toMatchObject({ raisedCents: 30000, poolAvailableCents: 28500, reserveCents: 0 });

    const fundraiserId = "00000000-0000-4000-8000-0000000000f1";
    await recordMatchPledged(database.db, { campaignId: a.id, fundraiserId, amountCents: 20000, idempotencyKey: "pledge" });
    expect(await getCampaignTotals(database.db, a.id)).toMatchObject({ poolAvailableCents: 28500 });
    await recordMatchPaid(database.db, { campaignId: a.id, fundraiserId, amountCents: 20000, idempotencyKey: "paid" });
    expect(await getCampaignTotals(database.db, a.id)).toMatchObject({ poolAvailableCents: 48500, raisedCents: 50000 });

    await expect(
      transferBetweenPools(database.db, { fromCampaignId: a.id, toCampaignId: b.id, amountCents: 48501, actorUserId: adminId, reason: "x", idempotencyKey: "t0" }),
    ).rejects.toMatchObject({ code: "insufficient_funds" });
    await transferBetweenPools(database.db, { fromCampaignId: a.id, toCampaignId: b.id, amountCents: 8500, actorUserId: adminId, reason: "rebalance", idempotencyKey: "t1" });
    expect((await getCampaignTotals(database.db, b.id)).poolAvailableCents).toBe(8500);
    await expectLedgerInvariants(database.db, [a.id, b.id]);
  });
});

describe("the ledger is append-only", () => {
  it("refuses to update or delete an entry or a transaction, even by hand", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    await recordDonation(database.db, { campaignId: campaign.id, idempotencyKey: "ao", giftCents: 1000 });
    await expect(database.db.execute(sql`update ledger_entries set amount_cents = amount_cents * 2`)).rejects.toThrow();
    await expect(database.db.execute(sql`delete from ledger_entries`)).rejects.toThrow();
    await expect(database.db.execute(sql`update ledger_transactions set memo = 'x'`)).rejects.toThrow();
    await expect(database.db.execute(sql`delete from ledger_transactions`)).rejects.toThrow();
    await expect(database.db.execute(sql`truncate ledger_entries cascade`)).rejects.toThrow();
  });

  it("refuses entries naming a transaction or account that does not exist, and never deletes accounts", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    await expect(
      database.db.execute(sql`
        with t as (insert into ledger_transactions (kind, idempotency_key, campaign_id) values ('donation', 'ghost', ${campaign.id}) returning id)
        insert into ledger_entries (transaction_id, account_id, amount_cents)
        select t.id, '00000000-0000-4000-8000-000000000000', 100 from t
        union all select t.id, a.id, -100 from t, ledger_accounts a where a.key = ${`campaign_pool:${campaign.id}`}`),
    ).rejects.toThrow();
    await expect(database.db.execute(sql`delete from ledger_accounts where campaign_id = ${campaign.id}`)).rejects.toThrow();
  });

  it("refuses an unbalanced transaction written by hand", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    await expect(
      database.db.execute(sql`
        with t as (insert into ledger_transactions (kind, idempotency_key, campaign_id) values ('donation', 'manual', ${campaign.id}) returning id)
        insert into ledger_entries (transaction_id, account_id, amount_cents)
        select t.id, a.id, 100 from t, ledger_accounts a where a.key = ${`campaign_pool:${campaign.id}`}`),
    ).rejects.toThrow();
  });
});
