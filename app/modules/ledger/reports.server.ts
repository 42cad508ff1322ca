import { and, desc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import { rowsOf } from "../db/rows";
import { ledgerAccounts, ledgerEntries, ledgerTransactions } from "../../../db/schema";
import type { Db } from "../db/types";

import { transactionKinds, type TransactionKind } from "./kinds";

export { transactionKinds };

export type LedgerFilter = { campaignId: string; kind?: TransactionKind; from?: string; to?: string; limit?: number };


function conditions(f: LedgerFilter): SQL[] {
  const where: SQL[] = [sql`exists (select 1 from ledger_entries e2 join ledger_accounts a2 on a2.id = e2.account_id where e2.transaction_id = ${ledgerTransactions.id} and a2.campaign_id = ${f.campaignId})`];
  if (f.kind) where.push(eq(ledgerTransactions.kind, f.kind));
  if (f.from) where.push(gte(ledgerTransactions.createdAt, new Date(`${f.from}T00:00:00Z`)));
  if (f.to) where.push(lte(ledgerTransactions.createdAt, new Date(`${f.to}T23:59:59.999Z`)));
  return where;
}

/** A campaign's ledger, newest first: each transaction with its entries (account, line, amount). */
export async function campaignLedger(db: Db, f: LedgerFilter) {
  const transactions = await db
    .select()
    .from(ledgerTransactions)
    .where(and(...conditions(f)))
    .orderBy(desc(ledgerTransactions.id))
    .limit(f.limit ?? 200);
  if (transactions.length === 0) return [];
  const ids = transactions.map((t) => Number(t.id));
  const entries = await db
    .select({
      transactionId: ledgerEntries.transactionId,
      accountType: ledgerAccounts.type,
      accountKey: ledgerAccounts.key,
      line: ledgerEntries.line,
      amountCents: ledgerEntries.amountCents,
    })
    .from(ledgerEntries)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
    .where(sql`${ledgerEntries.transactionId} in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`)
    .orderBy(ledgerEntries.id);
  return transactions.map((t) => ({
    id: Number(t.id),
    kind: t.kind,
    createdAt: t.createdAt,
    memo: t.memo,
    reversesId: t.reversesId,
    reference: t.idempotencyKey,
    entries: entries.filter((e) => Number(e.transactionId) === Number(t.id)).map((e) => ({ ...e, amountCents: Number(e.amountCents) })),
  }));
}

/** Every account of a campaign with its balance. */
export async function campaignBalances(db: Db, campaignId: string) {
  const rows = await db
    .select({ type: ledgerAccounts.type, key: ledgerAccounts.key, balanceCents: ledgerAccounts.balanceCents })
    .from(ledgerAccounts)
    .where(eq(ledgerAccounts.campaignId, campaignId))
    .orderBy(ledgerAccounts.type, ledgerAccounts.key);
  return rows.map((r) => ({ ...r, balanceCents: Number(r.balanceCents) }));
}

/** RFC 4180 CSV: every field quoted when needed, formulas neutralised for spreadsheets. */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    if (v === null) return "";
    let s = String(v);
    if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}

/** The ledger as CSV for the accountant: one row per entry, amounts in dollars and cents. */
export async function ledgerCsv(db: Db, f: LedgerFilter): Promise<string> {
  const rows = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`
      select ledger_transactions.id as transaction_id, ledger_transactions.created_at, ledger_transactions.kind,
             ledger_transactions.idempotency_key, ledger_transactions.reverses_id, ledger_transactions.memo,
             a.type as account_type, a.key as account, e.line, e.amount_cents
      from ledger_transactions
      join ledger_entries e on e.transaction_id = ledger_transactions.id
      join ledger_accounts a on a.id = e.account_id
      where ${and(...conditions(f))}
      order by ledger_transactions.id, e.id`),
  );
  return toCsv(
    ["transaction_id", "created_at", "kind", "reference", "reverses_transaction_id", "memo", "account_type", "account", "line", "amount_cents", "amount_usd"],
    rows.map((r) => [
      Number(r.transaction_id),
      new Date(String(r.created_at)).toISOString(),
      String(r.kind),
      String(r.idempotency_key),
      r.reverses_id === null ? null : Number(r.reverses_id),
      r.memo === null ? null : String(r.memo),
      String(r.account_type),
      String(r.account),
      r.line === null ? null : String(r.line),
      Number(r.amount_cents),
      (Number(r.amount_cents) / 100).toFixed(2),
    ]),
  );
}

/** Donations of a campaign as CSV (donor names and emails only where the donor gave them). */
export async function donationsCsv(db: Db, campaignId: string): Promise<string> {
  const rows = rowsOf<Record<string, string | number | boolean | null>>(
    await db.execute(sql`
      select id, created_at, succeeded_at, status, channel, frequency, amount_cents, fee_cover_cents, currency,
             case when anonymous then null else donor_name end as donor_name, donor_email, stripe_charge_id
      from donations where campaign_id = ${campaignId} order by created_at`),
  );
  return toCsv(
    ["donation_id", "created_at", "succeeded_at", "status", "channel", "frequency", "gift_usd", "fee_cover_usd", "currency", "donor_name", "donor_email", "stripe_charge"],
    rows.map((r) => [
      String(r.id),
      new Date(String(r.created_at)).toISOString(),
      r.succeeded_at ? new Date(String(r.succeeded_at)).toISOString() : null,
      String(r.status),
      String(r.channel),
      String(r.frequency),
      (Number(r.amount_cents) / 100).toFixed(2),
      (Number(r.fee_cover_cents) / 100).toFixed(2),
      String(r.currency),
      r.donor_name === null ? null : String(r.donor_name),
      r.donor_email === null ? null : String(r.donor_email),
      r.stripe_charge_id === null ? null : String(r.stripe_charge_id),
    ]),
  );
}

export type SeriesPoint = { month: string; raisedCents: number; allocatedCents: number; paidCents: number };

/**
 * Cumulative raised / allocated / paid by month, from the ledger's entries: what the public
 * transparency chart shows. Aggregates only.
 */
export async function transparencySeries(db: Db, campaignId: string): Promise<SeriesPoint[]> {
  const rows = rowsOf<{ month: string; raised: string | number; allocated: string | number; paid: string | number }>(
    await db.execute(sql`
      select to_char(date_trunc('month', t.created_at), 'YYYY-MM') as month,
        coalesce(sum(case when a.type = 'stripe_clearing' and e.line in ('gift', 'match') then -e.amount_cents end), 0)::bigint as raised,
        coalesce(sum(case when a.type = 'fee_request' and t.kind = 'allocation' then e.amount_cents end), 0)::bigint as allocated,
        coalesce(sum(case when a.type = 'disbursed' then e.amount_cents end), 0)::bigint as paid
      from ledger_entries e
      join ledger_transactions t on t.id = e.transaction_id
      join ledger_accounts a on a.id = e.account_id
      where a.campaign_id = ${campaignId}
      group by 1 order by 1`),
  );
  let raised = 0;
  let allocated = 0;
  let paid = 0;
  if (rows.length === 0) return [];
  // Start from zero the month before the first movement, so the lines show the growth.
  const [y, m] = rows[0]!.month.split("-").map(Number);
  const before = new Date(Date.UTC(y!, m! - 2, 1)).toISOString().slice(0, 7);
  const start: SeriesPoint = { month: before, raisedCents: 0, allocatedCents: 0, paidCents: 0 };
  return [start, ...rows.map((r) => ({
    month: r.month,
    raisedCents: (raised += Number(r.raised)),
    allocatedCents: (allocated += Number(r.allocated)),
    paidCents: (paid += Number(r.paid)),
  }))];
}
