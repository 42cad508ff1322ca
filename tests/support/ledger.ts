import { asc, eq, sql } from "drizzle-orm";
import { expect } from "vitest";
import { campaignTotals, ledgerAccounts, ledgerEntries, ledgerTransactions } from "../../db/schema";
import type { Db } from "../../app/modules/db/types";
import { createCampaign } from "../../app/modules/campaigns/campaigns.server";
import type { CampaignInput } from "../../app/modules/campaigns/schema";
import { approveFeeRequest, createFeeRequest } from "../../app/modules/applications/fee-requests.server";
import { totalsFromEntries } from "../../app/modules/ledger/totals.server";

let n = 0;

export async function makeCampaign(db: Db, actorUserId: string, overrides: Partial<CampaignInput> = {}) {
  return createCampaign(db, {
    actorUserId,
    input: {
      titleEn: "Renewals",
      titleEs: "Renovaciones",
      slug: `campaign-${++n}-${Math.random().toString(36).slice(2, 7)}`,
      summaryEn: undefined,
      summaryEs: undefined,
      storyEn: "Story",
      storyEs: "Historia",
      goalFees: 10,
      feeSource: "fixed",
      fixedFee: 49500,
      startsOn: undefined,
      endsOn: undefined,
      ...overrides,
    },
  });
}

/** An approved request waiting for funds, expiring on `dacaExpiresOn`. */
export async function makeApprovedRequest(db: Db, campaignId: string, dacaExpiresOn = "2027-01-15", now?: Date) {
  const request = await createFeeRequest(db, { campaignId, filingMethod: "online", dacaExpiresOn, state: "CA", language: "es" });
  return approveFeeRequest(db, { feeRequestId: request.id, actorUserId: null, now });
}

/** The ledger of a campaign as a table a person can read. */
export async function ledgerTable(db: Db, campaignId: string): Promise<string> {
  const rows = await db
    .select({
      tx: ledgerTransactions.id,
      kind: ledgerTransactions.kind,
      account: ledgerAccounts.type,
      line: ledgerEntries.line,
      amount: ledgerEntries.amountCents,
    })
    .from(ledgerEntries)
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
    .where(eq(ledgerTransactions.campaignId, campaignId))
    .orderBy(asc(ledgerTransactions.id), asc(ledgerEntries.id));
  const txNumbers = new Map<number, number>();
  const dollars = (cents: number) => (cents / 100).toFixed(2).padStart(9);
  return [
    "  # kind            account           line               amount",
    ...rows.map((r) => {
      if (!txNumbers.has(r.tx)) txNumbers.set(r.tx, txNumbers.size + 1);
      return `${String(txNumbers.get(r.tx)).padStart(3)} ${r.kind.padEnd(15)} ${r.account.padEnd(17)} ${(r.line ?? "").padEnd(14)} ${dollars(Number(r.amount))}`;
    }),
  ].join("\n");
}

/** Every invariant of DESIGN §2 that can be read from the database. */
export async function expectLedgerInvariants(db: Db, campaignIds: string[]) {
  const unbalanced = await db.execute(
    sql`select transaction_id from ledger_entries group by transaction_id having sum(amount_cents) <> 0`,
  );
  expect((Array.isArray(unbalanced) ? unbalanced : (unbalanced as { rows: unknown[] }).rows).length, "unbalanced transactions").toBe(0);
  const [whole] = await db.select({ total: sql<string>`coalesce(sum(${ledgerEntries.amountCents}), 0)` }).from(ledgerEntries);
  expect(Number(whole!.total), "whole ledger sums to zero").toBe(0);
  const accountsResult = await db.execute(sql`
    select a.id, a.type, a.balance_cents as cached, coalesce(sum(e.amount_cents), 0) as computed
    from ledger_accounts a left join ledger_entries e on e.account_id = a.id group by a.id`);
  const accounts = (Array.isArray(accountsResult) ? accountsResult : (accountsResult as { rows: unknown[] }).rows) as {
    type: string;
    cached: string | number;
    computed: string | number;
  }[];
  for (const a of accounts) {
    expect(Number(a.cached), `cached balance of ${a.type}`).toBe(Number(a.computed));
    if (a.type === "campaign_pool") expect(Number(a.cached), "pool never negative").toBeGreaterThanOrEqual(0);
    if (a.type === "reserve") expect(Number(a.cached), "reserve is a shortfall, never a surplus").toBeLessThanOrEqual(0);
  }
  const overfunded = await db.execute(sql`
    select a.id from ledger_accounts a join fee_requests r on r.id = a.fee_request_id
    where a.type = 'fee_request' and (a.balance_cents > r.fee_cents or a.balance_cents < 0)`);
  expect((Array.isArray(overfunded) ? overfunded : (overfunded as { rows: unknown[] }).rows).length, "fee requests hold at most their fee").toBe(0);
  for (const campaignId of campaignIds) {
    const [cached] = await db.select().from(campaignTotals).where(eq(campaignTotals.campaignId, campaignId));
    const { campaignId: _c, updatedAt: _u, donationsCount: _d, ...figures } = cached!;
    expect(figures, "cached campaign totals equal the sums of entries").toEqual(await totalsFromEntries(db, campaignId));
  }
}

const rowsIn = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];

/**
 * DESIGN §2's invariants for some campaigns only (cheap enough to run after every step): every
 * transaction balanced with two lines or more, cached balances equal to their entries, pools
 * never negative, the reserve a shortfall, requests holding at most their fee, and the cached
 * figures equal to what the entries say.
 */
export async function expectCampaignInvariants(db: Db, campaignIds: string[], where = "") {
  const ids = sql.join(campaignIds.map((id) => sql`${id}::uuid`), sql`, `);
  const unbalanced = rowsIn(
    await db.execute(sql`
      select e.transaction_id from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
      where t.campaign_id in (${ids}) group by e.transaction_id having sum(e.amount_cents) <> 0 or count(*) < 2`),
  );
  expect(unbalanced, `unbalanced transactions ${where}`).toEqual([]);
  const accounts = rowsIn(
    await db.execute(sql`
      select a.key, a.type, a.balance_cents as cached, coalesce(sum(e.amount_cents), 0) as computed, r.fee_cents
      from ledger_accounts a left join ledger_entries e on e.account_id = a.id left join fee_requests r on r.id = a.fee_request_id
      where a.campaign_id in (${ids}) group by a.id, r.fee_cents`),
  );
  for (const a of accounts) {
    expect(Number(a.cached), `cached balance of ${a.key} ${where}`).toBe(Number(a.computed));
    if (a.type === "campaign_pool") expect(Number(a.cached), `pool never negative ${where}`).toBeGreaterThanOrEqual(0);
    if (a.type === "reserve") expect(Number(a.cached), `reserve is a shortfall ${where}`).toBeLessThanOrEqual(0);
    if (a.type === "fee_request") expect(Number(a.cached) >= 0 && Number(a.cached) <= Number(a.fee_cents), `${a.key} holds at most its fee ${where}`).toBe(true);
  }
  for (const campaignId of campaignIds) {
    const [cached] = await db.select().from(campaignTotals).where(eq(campaignTotals.campaignId, campaignId));
    const { campaignId: _c, updatedAt: _u, donationsCount: _d, ...figures } = cached!;
    expect(figures, `cached campaign totals equal the sums of entries ${where}`).toEqual(await totalsFromEntries(db, campaignId));
  }
}
