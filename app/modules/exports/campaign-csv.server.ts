import { sql } from "drizzle-orm";
import { rowsOf } from "../db/rows";
import type { Db } from "../db/types";
import { ledgerLines, type LedgerFilter } from "../ledger/reports.server";
import { dollars, toCsv } from "./csv.server";

/** The ledger as CSV for the accountant: one row per entry; each transaction's amounts sum to zero. */
export async function ledgerCsv(db: Db, f: LedgerFilter): Promise<string> {
  const lines = await ledgerLines(db, f);
  return toCsv(
    ["transaction_id", "created_at", "kind", "reference", "reverses_transaction_id", "memo", "account_type", "account", "line", "amount_cents", "amount_usd"],
    lines.map((l) => [l.transactionId, l.createdAt, l.kind, l.reference, l.reversesId, l.memo, l.accountType, l.account, l.line, l.amountCents, dollars(l.amountCents)]),
    f.timeZone,
  );
}

/** Donations of a campaign as CSV (donor names and emails only where the donor gave them). */
export async function donationsCsv(db: Db, campaignId: string, timeZone: string): Promise<string> {
  const rows = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`
      select id, created_at, succeeded_at, status, channel, frequency, amount_cents, fee_cover_cents, currency,
             case when anonymous then null else donor_name end as donor_name, donor_email, stripe_charge_id
      from donations where campaign_id = ${campaignId} order by created_at`),
  );
  const text = (v: string | number | null) => (v === null ? null : String(v));
  return toCsv(
    ["donation_id", "created_at", "succeeded_at", "status", "channel", "frequency", "gift_usd", "fee_cover_usd", "currency", "donor_name", "donor_email", "stripe_charge"],
    rows.map((r) => [
      String(r.id),
      new Date(String(r.created_at)),
      r.succeeded_at ? new Date(String(r.succeeded_at)) : null,
      String(r.status),
      String(r.channel),
      String(r.frequency),
      dollars(Number(r.amount_cents)),
      dollars(Number(r.fee_cover_cents)),
      String(r.currency),
      text(r.donor_name),
      text(r.donor_email),
      text(r.stripe_charge_id),
    ]),
    timeZone,
  );
}
