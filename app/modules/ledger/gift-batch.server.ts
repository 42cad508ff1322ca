import { inArray, sql } from "drizzle-orm";
import { ledgerAccounts, ledgerEntries, ledgerTransactions } from "../../../db/schema";
import type { Db } from "../db/types";
import { campaignAccountTypes, lockCampaigns, type CampaignAccounts } from "./accounts.server";
import { LedgerError } from "./errors";
import { creditPool, mergeTotals } from "./pool";
import type { Entry, TotalsDelta } from "./post.server";

export type BatchGift = { campaignId: string; idempotencyKey: string; giftCents: number; feeCoverCents: number; donationId: string };

/**
 * Many gifts in the caller's transaction, each the same balanced transaction `recordDonation`
 * writes (clearing → reserve first, then pool), with a constant number of statements: campaigns
 * locked in id order, keys already posted skipped, then one statement each for headers,
 * entries, cached balances and campaign totals. Returns the keys posted now. Gifts through a
 * fundraiser go through `recordDonation`, which also keeps the fundraiser's figures.
 */
export async function recordDonations(tx: Db, gifts: BatchGift[]): Promise<Set<string>> {
  for (const g of gifts)
    if (!Number.isSafeInteger(g.giftCents) || !Number.isSafeInteger(g.feeCoverCents) || g.giftCents <= 0 || g.feeCoverCents < 0)
      throw new LedgerError("invalid_amount");
  if (gifts.length === 0) return new Set();
  const campaignIds = [...new Set(gifts.map((g) => g.campaignId))].sort();
  await lockCampaigns(tx, campaignIds);
  const keys = gifts.map((g) => g.idempotencyKey);
  const posted = await tx.select({ key: ledgerTransactions.idempotencyKey }).from(ledgerTransactions).where(inArray(ledgerTransactions.idempotencyKey, keys));
  const seen = new Set(posted.map((p) => p.key));
  const fresh = gifts.filter((g) => !seen.has(g.idempotencyKey) && (seen.add(g.idempotencyKey), true));
  if (fresh.length === 0) return new Set();

  const accounts = await accountsOf(tx, [...new Set(fresh.map((g) => g.campaignId))]);
  const headers = await tx
    .insert(ledgerTransactions)
    .values(fresh.map((g) => ({ kind: "donation" as const, idempotencyKey: g.idempotencyKey, campaignId: g.campaignId, donationId: g.donationId })))
    .returning({ id: ledgerTransactions.id, key: ledgerTransactions.idempotencyKey });
  const idOf = new Map(headers.map((h) => [h.key, Number(h.id)]));
  const rows: { transactionId: number; accountId: string; amountCents: number; line: string }[] = [];
  const balanceDeltas = new Map<string, number>();
  const totals = new Map<string, TotalsDelta>();
  for (const g of fresh) {
    const a = accounts.get(g.campaignId)!;
    // Each gift sees the reserve as the previous gifts of this batch left it.
    const credit = creditPool(a, g.giftCents + g.feeCoverCents, "gift");
    const lines: Entry[] = [
      { accountId: a.stripe_clearing.id, amountCents: -g.giftCents, line: "gift" },
      { accountId: a.stripe_clearing.id, amountCents: -g.feeCoverCents, line: "fee_cover" },
      ...credit.entries,
    ].filter((e) => e.amountCents !== 0);
    for (const e of lines) {
      rows.push({ transactionId: idOf.get(g.idempotencyKey)!, accountId: e.accountId, amountCents: e.amountCents, line: e.line ?? "" });
      balanceDeltas.set(e.accountId, (balanceDeltas.get(e.accountId) ?? 0) + e.amountCents);
      for (const type of campaignAccountTypes) if (a[type].id === e.accountId) a[type].balanceCents += e.amountCents;
    }
    totals.set(g.campaignId, mergeTotals(totals.get(g.campaignId) ?? {}, credit.totals, { raisedCents: g.giftCents, donationsCount: 1 }));
  }
  await tx.insert(ledgerEntries).values(rows);
  const balances = sql.join([...balanceDeltas].map(([id, delta]) => sql`(${id}::uuid, ${delta}::bigint)`), sql`, `);
  await tx.execute(sql`update ledger_accounts a set balance_cents = a.balance_cents + v.delta from (values ${balances}) as v(id, delta) where a.id = v.id`);
  const campaignRows = sql.join(
    [...totals].map(
      ([id, t]) => sql`(${id}::uuid, ${t.raisedCents ?? 0}::bigint, ${t.donationsCount ?? 0}::int, ${t.poolAvailableCents ?? 0}::bigint, ${t.reserveCents ?? 0}::bigint)`,
    ),
    sql`, `,
  );
  await tx.execute(sql`
    update campaign_totals t set raised_cents = t.raised_cents + v.raised, donations_count = t.donations_count + v.n,
      pool_available_cents = t.pool_available_cents + v.pool, reserve_cents = t.reserve_cents + v.reserve, updated_at = now()
    from (values ${campaignRows}) as v(id, raised, n, pool, reserve) where t.campaign_id = v.id`);
  return new Set(fresh.map((g) => g.idempotencyKey));
}

async function accountsOf(tx: Db, campaignIds: string[]): Promise<Map<string, CampaignAccounts>> {
  const rows = await tx
    .select({ id: ledgerAccounts.id, type: ledgerAccounts.type, campaignId: ledgerAccounts.campaignId, balanceCents: ledgerAccounts.balanceCents })
    .from(ledgerAccounts)
    .where(sql`${ledgerAccounts.campaignId} in ${campaignIds} and ${ledgerAccounts.type} in ('stripe_clearing','processing_fees','campaign_pool','disbursed','reserve','match_pledges')`);
  const byCampaign = new Map<string, CampaignAccounts>();
  for (const r of rows) {
    const accounts = (byCampaign.get(r.campaignId!) ?? {}) as Record<string, { id: string; balanceCents: number }>;
    accounts[r.type] = { id: r.id, balanceCents: Number(r.balanceCents) };
    byCampaign.set(r.campaignId!, accounts as CampaignAccounts);
  }
  for (const id of campaignIds)
    for (const type of campaignAccountTypes) if (!byCampaign.get(id)?.[type]) throw new Error(`campaign ${id} has no ${type} account`);
  return byCampaign;
}
