import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPostgres, type Database } from "../../app/modules/db/connect.server";
import { getCampaignTotals } from "../../app/modules/campaigns/campaigns.server";
import { allocateFee, allocateWholeFees } from "../../app/modules/ledger/allocation.server";
import { LedgerError } from "../../app/modules/ledger/errors";
import { recordDonation, recordGifts, recordProcessingFee, recordRefund } from "../../app/modules/ledger/gifts.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { expectLedgerInvariants, makeApprovedRequest, makeCampaign } from "../support/ledger";

// Real PostgreSQL: separate connection pools stand for separate app processes.
let database: TestDatabase;
let processes: Database[];
let adminId: string;
beforeAll(async () => {
  database = await createTestDatabase({ real: true, max: 4 });
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${database.name}`;
  processes = Array.from({ length: 6 }, () => connectPostgres(url.toString(), { max: 4 }));
  adminId = (await makeUser(database.db, { role: "admin" })).id;
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.close()));
  await database.close();
});

const via = (i: number) => processes[i % processes.length]!.db;

describe("money under concurrency, across processes", () => {
  it("50 simultaneous allocations competing for the last fee: exactly one succeeds, the others are told why", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    const requests = [];
    for (let i = 0; i < 50; i++) requests.push(await makeApprovedRequest(database.db, campaign.id, "2027-01-01"));
    await recordDonation(database.db, { campaignId: campaign.id, idempotencyKey: "last-fee", giftCents: 49_500 + 12_000 });
    const results = await Promise.allSettled(requests.map((r, i) => allocateFee(via(i), { feeRequestId: r.id })));
    const succeeded = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(succeeded).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(LedgerError);
      expect(r.reason.code).toBe("insufficient_funds");
    }
    expect(await getCampaignTotals(database.db, campaign.id)).toMatchObject({ poolAvailableCents: 12_000, allocatedCents: 49_500, feesFunded: 1, requestsWaiting: 49 });
    await expectLedgerInvariants(database.db, [campaign.id]);
  });

  it("64 simultaneous donations to one campaign, some delivered twice: totals are exact", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    const gifts = Array.from({ length: 64 }, (_, i) => 1_000 + i * 37);
    const deliveries = [...gifts.map((g, i) => ({ g, i })), ...gifts.slice(0, 16).map((g, i) => ({ g, i }))];
    await Promise.all(
      deliveries.map(({ g, i }, n) => recordDonation(via(n), { campaignId: campaign.id, idempotencyKey: `ch_${campaign.id}_${i}`, giftCents: g, feeCoverCents: 30 })),
    );
    const sum = gifts.reduce((a, b) => a + b, 0);
    expect(await getCampaignTotals(database.db, campaign.id)).toMatchObject({ raisedCents: sum, donationsCount: 64, poolAvailableCents: sum + 64 * 30 });
    await expectLedgerInvariants(database.db, [campaign.id]);
  });

  it("batched and single gifts racing from many processes, with overlapping keys, cover the reserve first and count each gift once", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    // A card fee with an empty pool leaves the campaign owing $100 in its reserve.
    await recordProcessingFee(database.db, { campaignId: campaign.id, idempotencyKey: `fee_${campaign.id}`, feeCents: 10_000 });
    const gifts = Array.from({ length: 96 }, (_, i) => ({
      campaignId: campaign.id,
      idempotencyKey: `gift:pi_${campaign.id}_${i}`,
      giftCents: 500 + i * 41,
      feeCoverCents: i % 3 === 0 ? 45 : 0,
      donationId: crypto.randomUUID(),
    }));
    // Batches of 16 that overlap by 8, plus every fourth gift delivered alone as well.
    const batches = Array.from({ length: 11 }, (_, b) => gifts.slice(b * 8, b * 8 + 16));
    await Promise.all([
      ...batches.map((batch, n) => via(n).transaction((tx) => recordGifts(tx, batch))),
      ...gifts.filter((_, i) => i % 4 === 0).map((g, n) => recordDonation(via(n + 1), g)),
    ]);
    const raised = gifts.reduce((sum, g) => sum + g.giftCents, 0);
    const received = raised + gifts.reduce((sum, g) => sum + g.feeCoverCents, 0);
    expect(await getCampaignTotals(database.db, campaign.id)).toMatchObject({
      raisedCents: raised,
      donationsCount: 96,
      reserveCents: 0,
      poolAvailableCents: received - 10_000,
    });
    await expectLedgerInvariants(database.db, [campaign.id]);
  });

  it("automatic allocation racing donations and refunds from many processes funds nobody twice", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    for (let i = 0; i < 30; i++) await makeApprovedRequest(database.db, campaign.id, `2027-0${1 + (i % 9)}-1${i % 10}`);
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      work.push(recordDonation(via(i), { campaignId: campaign.id, idempotencyKey: `race_${i}`, giftCents: 30_000 }));
      work.push(allocateWholeFees(via(i + 1), { campaignId: campaign.id }));
      if (i % 10 === 9) work.push(recordRefund(via(i + 2), { campaignId: campaign.id, idempotencyKey: `race_refund_${i}`, amountCents: 30_000, giftCents: 30_000, fullRefund: true }).catch(() => undefined));
    }
    await Promise.all(work);
    await allocateWholeFees(database.db, { campaignId: campaign.id });
    const funded = await database.db.execute(sql`
      select fee_request_id, count(*)::int as n from ledger_transactions
      where campaign_id = ${campaign.id} and kind = 'allocation' group by fee_request_id having count(*) > 1`);
    expect((Array.isArray(funded) ? funded : (funded as { rows: unknown[] }).rows).length, "requests funded twice").toBe(0);
    await expectLedgerInvariants(database.db, [campaign.id]);
  });

  it("an UPDATE or DELETE of a ledger entry fails on the real server too", async () => {
    const reason = (error: { message: string; cause?: { message?: string } }) => error.cause?.message ?? error.message;
    const update = await database.db.execute(sql`update ledger_entries set amount_cents = 1 where id = (select min(id) from ledger_entries)`).catch(reason);
    const remove = await database.db.execute(sql`delete from ledger_entries where id = (select min(id) from ledger_entries)`).catch(reason);
    expect(update).toMatch(/append-only/);
    expect(remove).toMatch(/append-only/);
  });
});
