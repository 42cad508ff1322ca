import { sql } from "drizzle-orm";
import { monthRange, previousMonth, todayIn, type Range } from "../dates/dates";
import { rowsOf } from "../db/rows";
import type { Db } from "../db/types";

/** Renewals each campaign paid in the range: its disbursements in the ledger (counts only, never a person). */
export async function renewalsPaid(db: Db, campaignIds: string[], range: Range): Promise<Map<string, number>> {
  if (campaignIds.length === 0) return new Map();
  const rows = rowsOf<{ campaign_id: string; n: number }>(await db.execute(sql`
    select campaign_id, count(distinct fee_request_id)::int as n from ledger_transactions
    where kind = 'disbursement' and created_at >= ${range.start.toISOString()}::timestamptz and created_at < ${range.end.toISOString()}::timestamptz
      and campaign_id in (select jsonb_array_elements_text(${JSON.stringify(campaignIds)}::jsonb)::uuid)
    group by campaign_id`));
  return new Map(rows.map((r) => [r.campaign_id, r.n]));
}

export type CampaignFigure = { month: string; renewals: number };

/** A campaign's latest figure for the thanks page and receipts: renewals paid last month (organization's time zone). */
export async function latestCampaignFigures(db: Db, campaignIds: string[], timeZone: string, now = new Date()): Promise<Map<string, CampaignFigure>> {
  const month = previousMonth(todayIn(timeZone, now).slice(0, 7));
  const paid = await renewalsPaid(db, campaignIds, monthRange(month, timeZone));
  return new Map(campaignIds.map((id) => [id, { month, renewals: paid.get(id) ?? 0 }]));
}

