import type { CampaignAccounts } from "./accounts.server";
import type { Entry, TotalsDelta } from "./post.server";

/**
 * Money entering a campaign covers its reserve (the shortfall left by refunds and disputes)
 * first; the rest becomes available in the pool.
 */
export function creditPool(accounts: CampaignAccounts, amountCents: number, line: string): { entries: Entry[]; totals: TotalsDelta } {
  const owed = Math.max(0, -accounts.reserve.balanceCents);
  const cover = Math.min(owed, amountCents);
  return {
    entries: [
      { accountId: accounts.reserve.id, amountCents: cover, line },
      { accountId: accounts.campaign_pool.id, amountCents: amountCents - cover, line },
    ],
    totals: { reserveCents: -cover, poolAvailableCents: amountCents - cover },
  };
}

/**
 * Money leaving a campaign that cannot be refused (refunds, disputes, Stripe's fees): the pool
 * pays what it has, and what it cannot cover becomes the campaign's reserve. Funded fees are
 * never clawed back.
 */
export function debitPoolWithShortfall(accounts: CampaignAccounts, amountCents: number, line: string): { entries: Entry[]; totals: TotalsDelta } {
  const fromPool = Math.min(Math.max(0, accounts.campaign_pool.balanceCents), amountCents);
  const shortfall = amountCents - fromPool;
  return {
    entries: [
      { accountId: accounts.campaign_pool.id, amountCents: -fromPool, line },
      { accountId: accounts.reserve.id, amountCents: -shortfall, line },
    ],
    totals: { poolAvailableCents: -fromPool, reserveCents: shortfall },
  };
}

export function mergeTotals(...deltas: TotalsDelta[]): TotalsDelta {
  const merged: Record<string, number> = {};
  for (const delta of deltas) for (const [k, v] of Object.entries(delta)) merged[k] = (merged[k] ?? 0) + (v ?? 0);
  return merged as TotalsDelta;
}
