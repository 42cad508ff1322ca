import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ledgerAccounts, ledgerTransactions } from "../../db/schema";
import { connectPostgres, type Database } from "../../app/modules/db/connect.server";
import { recordDonation, recordRefund } from "../../app/modules/ledger/gifts.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { makeFundraiser, makeHost, reloadFundraiser } from "../support/fundraisers";
import { expectLedgerInvariants, makeCampaign } from "../support/ledger";

// Real PostgreSQL: separate connection pools stand for separate app processes.
let database: TestDatabase;
let processes: Database[];
let adminId: string;
beforeAll(async () => {
  database = await createTestDatabase({ real: true, max: 4 });
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${database.name}`;
  processes = Array.from({ length: 5 }, () => connectPostgres(url.toString(), { max: 4 }));
  adminId = (await makeUser(database.db, { role: "admin" })).id;
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.close()));
  await database.close();
});

const via = (i: number) => processes[i % processes.length]!.db;

async function receivableBalance(fundraiserId: string): Promise<number> {
  const [row] = await database.db
    .select({ balance: ledgerAccounts.balanceCents })
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.type, "match_receivable"), eq(ledgerAccounts.fundraiserId, fundraiserId)));
  return Number(row?.balance ?? 0);
}

async function matchedInLedger(fundraiserId: string): Promise<number> {
  const rows = await database.db.execute(sql`
    select coalesce(sum(e.amount_cents), 0)::bigint as total
    from ledger_entries e join ledger_accounts a on a.id = e.account_id
    where a.type = 'match_receivable' and a.fundraiser_id = ${fundraiserId}`);
  const list = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
  return Number((list[0] as { total: string }).total);
}

async function giveConcurrently(campaignId: string, fundraiserId: string, gifts: number[]) {
  // Every gift once from its own "process", and the first ten delivered a second time, all at once.
  const deliveries = [...gifts.map((g, i) => ({ g, i })), ...gifts.slice(0, 10).map((g, i) => ({ g, i }))];
  await Promise.all(
    deliveries.map(({ g, i }, n) => recordDonation(via(n), { campaignId, fundraiserId, idempotencyKey: `gift:${fundraiserId}:${i}`, giftCents: g })),
  );
}

describe("a host's match under 50 simultaneous gifts through the page, from 5 connections", () => {
  it("never matches more than the cap: matched = min(cap, gifts)", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    const host = await makeHost(database.db);
    const cap = 25_000;
    const page = await makeFundraiser(database.db, { campaignId: campaign.id, hostUserId: host.id, matchCapCents: cap });
    const gifts = Array.from({ length: 50 }, (_, i) => 700 + ((i * 131) % 900));
    const sum = gifts.reduce((a, b) => a + b, 0);
    expect(sum).toBeGreaterThan(cap);
    await giveConcurrently(campaign.id, page.id, gifts);
    const after = await reloadFundraiser(database.db, page.id);
    expect(after.raisedCents).toBe(sum);
    expect(after.matchedCents).toBe(Math.min(cap, sum));
    expect(await receivableBalance(page.id)).toBe(Math.min(cap, sum));
    expect(await matchedInLedger(page.id)).toBe(Math.min(cap, sum));
    const pledges = await database.db
      .select()
      .from(ledgerTransactions)
      .where(and(eq(ledgerTransactions.fundraiserId, page.id), eq(ledgerTransactions.kind, "match_pledged")));
    // One accrual per gift until the cap is reached, none after; none for the repeated deliveries.
    expect(pledges.length).toBeLessThanOrEqual(50);
    expect(new Set(pledges.map((p) => p.idempotencyKey)).size).toBe(pledges.length);
    await expectLedgerInvariants(database.db, [campaign.id]);
  });

  it("matches every gift when the cap is not reached", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    const host = await makeHost(database.db);
    const page = await makeFundraiser(database.db, { campaignId: campaign.id, hostUserId: host.id, matchCapCents: 1_000_000 });
    const gifts = Array.from({ length: 50 }, (_, i) => 500 + i * 10);
    const sum = gifts.reduce((a, b) => a + b, 0);
    await giveConcurrently(campaign.id, page.id, gifts);
    const after = await reloadFundraiser(database.db, page.id);
    expect(after.matchedCents).toBe(sum);
    expect(await receivableBalance(page.id)).toBe(sum);
    await expectLedgerInvariants(database.db, [campaign.id]);
  });

  it("refunds arriving with new gifts take back exactly the refunded gifts' matches, once each", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    const host = await makeHost(database.db);
    const page = await makeFundraiser(database.db, { campaignId: campaign.id, hostUserId: host.id, matchCapCents: 1_000_000 });
    const first = Array.from({ length: 30 }, (_, i) => ({ donationId: randomUUID(), cents: 600 + i * 7 }));
    await Promise.all(first.map((g, i) => recordDonation(via(i), { campaignId: campaign.id, fundraiserId: page.id, donationId: g.donationId, idempotencyKey: `first:${g.donationId}`, giftCents: g.cents })));
    const refunded = first.slice(0, 15);
    const more = Array.from({ length: 20 }, (_, i) => ({ donationId: randomUUID(), cents: 900 + i * 3 }));
    // Each refund delivered twice, together with twenty new gifts, from five connections at once.
    await Promise.all([
      ...[...refunded, ...refunded].map((g, i) =>
        recordRefund(via(i), { campaignId: campaign.id, fundraiserId: page.id, donationId: g.donationId, idempotencyKey: `refund:${g.donationId}`, amountCents: g.cents, giftCents: g.cents, fullRefund: true }),
      ),
      ...more.map((g, i) => recordDonation(via(i + 1), { campaignId: campaign.id, fundraiserId: page.id, donationId: g.donationId, idempotencyKey: `more:${g.donationId}`, giftCents: g.cents })),
    ]);
    const kept = [...first.slice(15), ...more].reduce((a, g) => a + g.cents, 0);
    const after = await reloadFundraiser(database.db, page.id);
    expect(after.raisedCents).toBe(kept);
    expect(after.matchedCents).toBe(kept);
    expect(await receivableBalance(page.id)).toBe(kept);
    expect(await matchedInLedger(page.id)).toBe(kept);
    await expectLedgerInvariants(database.db, [campaign.id]);
  });
});
