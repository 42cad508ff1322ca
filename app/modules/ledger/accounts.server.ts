import { and, eq, sql } from "drizzle-orm";
import { campaignTotals, ledgerAccounts } from "../../../db/schema";
import type { Db } from "../db/types";

/** Per-campaign accounts (DESIGN §2); fee request and match accounts are opened as needed. */
export const campaignAccountTypes = ["stripe_clearing", "processing_fees", "campaign_pool", "disbursed", "reserve", "match_pledges"] as const;
export type CampaignAccountType = (typeof campaignAccountTypes)[number];
export type CampaignAccounts = Record<CampaignAccountType, { id: string; balanceCents: number }>;

export const accountKey = (type: string, id: string) => `${type}:${id}`;

/** Creates a campaign's accounts and its cached totals row (idempotent). */
export async function openCampaignAccounts(db: Db, campaignId: string): Promise<void> {
  await db
    .insert(ledgerAccounts)
    .values(campaignAccountTypes.map((type) => ({ type, key: accountKey(type, campaignId), campaignId })))
    .onConflictDoNothing({ target: ledgerAccounts.key });
  await db.insert(campaignTotals).values({ campaignId }).onConflictDoNothing();
}

/**
 * Locks the campaign for a money movement: every movement of a campaign takes this row lock
 * first (campaigns in id order when several), so pool checks and cached totals are exact under
 * any concurrency, across processes. Holders must not make network calls.
 */
export async function lockCampaigns(db: Db, campaignIds: string[]): Promise<void> {
  for (const id of [...new Set(campaignIds)].sort()) {
    const locked = await db.execute(sql`select 1 from campaign_totals where campaign_id = ${id} for update`);
    if (rowCount(locked) > 0) continue;
    // A campaign created before its accounts existed: open them, then lock.
    await openCampaignAccounts(db, id);
    await db.execute(sql`select 1 from campaign_totals where campaign_id = ${id} for update`);
  }
}

const rowCount = (result: unknown) => (Array.isArray(result) ? result.length : ((result as { rows: unknown[] }).rows?.length ?? 0));

export async function campaignAccounts(db: Db, campaignId: string): Promise<CampaignAccounts> {
  const rows = await db
    .select({ id: ledgerAccounts.id, type: ledgerAccounts.type, balanceCents: ledgerAccounts.balanceCents })
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.campaignId, campaignId), sql`${ledgerAccounts.type} in ('stripe_clearing','processing_fees','campaign_pool','disbursed','reserve','match_pledges')`));
  const accounts = Object.fromEntries(rows.map((r) => [r.type, { id: r.id, balanceCents: Number(r.balanceCents) }]));
  for (const type of campaignAccountTypes) if (!accounts[type]) throw new Error(`campaign ${campaignId} has no ${type} account`);
  return accounts as CampaignAccounts;
}

/** The account that holds one fee request's money, or one fundraiser's match receivable. */
export async function openOwnAccount(
  db: Db,
  params: { type: "fee_request" | "match_receivable"; ownerId: string; campaignId: string },
): Promise<{ id: string; balanceCents: number }> {
  const key = accountKey(params.type, params.ownerId);
  await db
    .insert(ledgerAccounts)
    .values({
      type: params.type,
      key,
      campaignId: params.campaignId,
      feeRequestId: params.type === "fee_request" ? params.ownerId : null,
      fundraiserId: params.type === "match_receivable" ? params.ownerId : null,
    })
    .onConflictDoNothing({ target: ledgerAccounts.key });
  const [row] = await db
    .select({ id: ledgerAccounts.id, balanceCents: ledgerAccounts.balanceCents })
    .from(ledgerAccounts)
    .where(eq(ledgerAccounts.key, key));
  return { id: row!.id, balanceCents: Number(row!.balanceCents) };
}
