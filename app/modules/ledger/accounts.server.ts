import { sql } from "drizzle-orm";
import { campaignTotals, ledgerAccounts } from "../../../db/schema";
import { rowsOf } from "../db/rows";
import type { Db } from "../db/types";

/** Per-campaign accounts (DESIGN §2); fee request and match accounts are opened as needed. */
export const campaignAccountTypes = ["stripe_clearing", "processing_fees", "campaign_pool", "disbursed", "reserve", "match_pledges"] as const;
export type CampaignAccountType = (typeof campaignAccountTypes)[number];
export type CampaignAccounts = Record<CampaignAccountType, { id: string; balanceCents: number }>;
/**
 * The account that holds one fee request's money, one fundraiser's match receivable, or a fee USCIS
 * returned to an applicant we had reimbursed (owed to them, owned by their request).
 */
export type OwnAccountType = "fee_request" | "match_receivable" | "applicant_payable";

export const accountKey = (type: string, id: string) => `${type}:${id}`;

/** Creates a campaign's accounts and its cached totals row (idempotent). */
export async function openCampaignAccounts(db: Db, campaignId: string): Promise<void> {
  await db
    .insert(ledgerAccounts)
    .values(campaignAccountTypes.map((type) => ({ type, key: accountKey(type, campaignId), campaignId })))
    .onConflictDoNothing({ target: ledgerAccounts.key });
  await db.insert(campaignTotals).values({ campaignId }).onConflictDoNothing();
}

/** Campaigns already locked by a transaction: locking again would only cost a round trip. */
const held = new WeakMap<object, Set<string>>();

/**
 * Locks campaigns for a money movement: every movement of a campaign takes its `campaign_totals`
 * row lock first, campaigns in id order in one statement, so pool checks and cached totals are
 * exact under any concurrency, across processes. Holders must not make network calls.
 */
export async function lockCampaigns(db: Db, campaignIds: string[]): Promise<void> {
  const mine = held.get(db) ?? new Set<string>();
  const wanted = [...new Set(campaignIds)].filter((id) => !mine.has(id)).sort();
  if (wanted.length === 0) return;
  const lock = async (ids: string[]) =>
    rowsOf<{ campaign_id: string }>(
      await db.execute(sql`
        select campaign_id from campaign_totals
        where campaign_id in (select value::uuid from json_array_elements_text(${JSON.stringify(ids)}::json))
        order by campaign_id for update`),
    ).map((r) => r.campaign_id);
  const locked = new Set(await lock(wanted));
  const missing = wanted.filter((id) => !locked.has(id));
  // Campaigns created before their accounts existed: open them, then lock (still in id order
  // among themselves; they were unknown to every other transaction until now).
  for (const id of missing) await openCampaignAccounts(db, id);
  if (missing.length > 0) await lock(missing);
  // Only a transaction keeps its locks; on a bare connection each statement releases them.
  if (typeof (db as { rollback?: unknown }).rollback !== "function") return;
  for (const id of wanted) mine.add(id);
  held.set(db, mine);
}
