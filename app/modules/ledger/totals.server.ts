import { sql } from "drizzle-orm";
import { rowsOf } from "../db/rows";
import type { Db } from "../db/types";
import { campaignTotals } from "../../../db/schema";
import { bumpTotals } from "./post.server";

type CampaignFigures = Omit<typeof campaignTotals.$inferSelect, "campaignId" | "updatedAt" | "donationsCount">;

/** Keeps the "people waiting for funds" figure as requests enter or leave `approved`. */
export async function countRequestStatusChange(db: Db, campaignId: string, from: string, to: string): Promise<void> {
  const delta = (to === "approved" ? 1 : 0) - (from === "approved" ? 1 : 0);
  if (delta !== 0) await bumpTotals(db, campaignId, { requestsWaiting: delta });
}


/**
 * Recomputes a campaign's money figures from the ledger entries themselves (and request states):
 * what the cached totals must always equal. Used by tests and `fondo ledger:verify`.
 */
export async function totalsFromEntries(db: Db, campaignId: string): Promise<CampaignFigures> {
  const [money] = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`
      select
        coalesce(sum(case when a.type = 'stripe_clearing' and e.line in ('gift', 'match') then -e.amount_cents end), 0)::bigint as raised,
        coalesce(sum(case when a.type = 'processing_fees' then e.amount_cents end), 0)::bigint as fees,
        coalesce(sum(case when a.type = 'campaign_pool' then e.amount_cents end), 0)::bigint as pool,
        coalesce(sum(case when a.type = 'fee_request' then e.amount_cents end), 0)::bigint as allocated,
        coalesce(sum(case when a.type = 'disbursed' then e.amount_cents end), 0)::bigint as disbursed,
        coalesce(sum(case when a.type = 'reserve' then -e.amount_cents end), 0)::bigint as reserve
      from ledger_entries e join ledger_accounts a on a.id = e.account_id
      where a.campaign_id = ${campaignId}
    `),
  );
  const [requests] = rowsOf<Record<string, string | number>>(
    await db.execute(sql`
      select count(*) filter (where funded_at is not null)::int as funded,
             count(*) filter (where paid_at is not null)::int as paid,
             count(*) filter (where status = 'approved')::int as waiting
      from fee_requests where campaign_id = ${campaignId}
    `),
  );
  return {
    raisedCents: Number(money!.raised),
    processingFeesCents: Number(money!.fees),
    poolAvailableCents: Number(money!.pool),
    allocatedCents: Number(money!.allocated),
    disbursedCents: Number(money!.disbursed),
    reserveCents: Number(money!.reserve),
    feesFunded: Number(requests!.funded),
    feesPaid: Number(requests!.paid),
    requestsWaiting: Number(requests!.waiting),
  };
}

/** Balances of every account of a campaign, computed from entries, with the cached balance. */
export async function accountBalances(db: Db, campaignId: string) {
  return rowsOf<{ id: string; type: string; key: string; cached: string | number; computed: string | number }>(
    await db.execute(sql`
      select a.id, a.type, a.key, a.balance_cents as cached, coalesce(sum(e.amount_cents), 0)::bigint as computed
      from ledger_accounts a left join ledger_entries e on e.account_id = a.id
      where a.campaign_id = ${campaignId}
      group by a.id order by a.type, a.key
    `),
  ).map((r) => ({ ...r, cached: Number(r.cached), computed: Number(r.computed) }));
}

/** Every invariant of DESIGN §2 that the data can show; an empty list means all hold. */
export async function verifyLedger(db: Db): Promise<string[]> {
  const problems: string[] = [];
  for (const r of rowsOf<{ transaction_id: string | number; total: string | number }>(
    await db.execute(sql`select transaction_id, sum(amount_cents) as total from ledger_entries group by transaction_id having sum(amount_cents) <> 0`),
  ))
    problems.push(`transaction ${r.transaction_id} sums to ${r.total}`);
  for (const r of rowsOf<{ key: string; cached: string | number; computed: string | number }>(
    await db.execute(sql`
      select a.key, a.balance_cents as cached, coalesce(sum(e.amount_cents), 0) as computed
      from ledger_accounts a left join ledger_entries e on e.account_id = a.id
      group by a.id having a.balance_cents <> coalesce(sum(e.amount_cents), 0)`),
  ))
    problems.push(`account ${r.key}: cached ${r.cached}, entries ${r.computed}`);
  for (const r of rowsOf<{ key: string; balance: string | number }>(
    await db.execute(sql`select key, balance_cents as balance from ledger_accounts where type = 'campaign_pool' and balance_cents < 0`),
  ))
    problems.push(`pool ${r.key} is negative (${r.balance})`);
  for (const r of rowsOf<{ key: string }>(
    await db.execute(sql`
      select a.key from ledger_accounts a join fee_requests f on f.id = a.fee_request_id
      where a.type = 'fee_request' and (a.balance_cents > f.fee_cents or a.balance_cents < 0)`),
  ))
    problems.push(`${r.key} holds more than its fee`);
  const campaigns = rowsOf<{ campaign_id: string }>(await db.execute(sql`select campaign_id from campaign_totals`));
  for (const { campaign_id } of campaigns) {
    const [cached] = rowsOf<Record<string, string | number>>(await db.execute(sql`select * from campaign_totals where campaign_id = ${campaign_id}`));
    const computed = await totalsFromEntries(db, campaign_id);
    const columns: Record<keyof typeof computed, string> = {
      raisedCents: "raised_cents",
      processingFeesCents: "processing_fees_cents",
      poolAvailableCents: "pool_available_cents",
      allocatedCents: "allocated_cents",
      disbursedCents: "disbursed_cents",
      reserveCents: "reserve_cents",
      feesFunded: "fees_funded",
      feesPaid: "fees_paid",
      requestsWaiting: "requests_waiting",
    };
    for (const [key, column] of Object.entries(columns))
      if (Number(cached![column]) !== computed[key as keyof typeof computed])
        problems.push(`campaign ${campaign_id} ${column}: cached ${cached![column]}, entries ${computed[key as keyof typeof computed]}`);
  }
  return problems;
}
