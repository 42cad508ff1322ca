import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { rowsOf } from "../db/rows";
import { feeRequests, fundraisers, ledgerAccounts, ledgerEntries, ledgerTransactions } from "../../../db/schema";
import { daysRange, previousMonth } from "../dates/dates";
import type { Db } from "../db/types";

import { transactionKinds, type TransactionKind } from "./kinds";

export { transactionKinds };

/** `from` and `to` are the organization's calendar days, in `timeZone`. */
export type LedgerFilter = { campaignId: string; timeZone: string; kind?: TransactionKind; from?: string; to?: string; limit?: number };

function conditions(f: LedgerFilter): SQL[] {
  const where: SQL[] = [sql`exists (select 1 from ledger_entries e2 join ledger_accounts a2 on a2.id = e2.account_id where e2.transaction_id = ${ledgerTransactions.id} and a2.campaign_id = ${f.campaignId})`];
  if (f.kind) where.push(eq(ledgerTransactions.kind, f.kind));
  if (f.from) where.push(gte(ledgerTransactions.createdAt, daysRange(f.from, f.from, f.timeZone).start));
  if (f.to) where.push(lt(ledgerTransactions.createdAt, daysRange(f.to, f.to, f.timeZone).end));
  return where;
}

/**
 * What a person recognises an account by: a fee request's account by its case reference (as on
 * the case page), a match receivable by the fundraiser's title.
 */
const ownerColumns = {
  feeRequestId: ledgerAccounts.feeRequestId,
  caseReference: feeRequests.reference,
  fundraiserId: ledgerAccounts.fundraiserId,
  fundraiserTitle: fundraisers.title,
};

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
      ...ownerColumns,
      line: ledgerEntries.line,
      amountCents: ledgerEntries.amountCents,
    })
    .from(ledgerEntries)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
    .leftJoin(feeRequests, eq(feeRequests.id, ledgerAccounts.feeRequestId))
    .leftJoin(fundraisers, eq(fundraisers.id, ledgerAccounts.fundraiserId))
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
    .select({ type: ledgerAccounts.type, key: ledgerAccounts.key, ...ownerColumns, balanceCents: ledgerAccounts.balanceCents })
    .from(ledgerAccounts)
    .leftJoin(feeRequests, eq(feeRequests.id, ledgerAccounts.feeRequestId))
    .leftJoin(fundraisers, eq(fundraisers.id, ledgerAccounts.fundraiserId))
    .where(eq(ledgerAccounts.campaignId, campaignId))
    .orderBy(ledgerAccounts.type, ledgerAccounts.key);
  return rows.map((r) => ({ ...r, balanceCents: Number(r.balanceCents) }));
}

export type LedgerLine = {
  transactionId: number;
  createdAt: Date;
  kind: string;
  reference: string;
  reversesId: number | null;
  memo: string | null;
  accountType: string;
  account: string;
  line: string | null;
  amountCents: number;
};

/** Every entry of the filtered ledger, in posting order: what the accountant's CSV lists. */
export async function ledgerLines(db: Db, f: LedgerFilter): Promise<LedgerLine[]> {
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
  return rows.map((r) => ({
    transactionId: Number(r.transaction_id),
    createdAt: new Date(String(r.created_at)),
    kind: String(r.kind),
    reference: String(r.idempotency_key),
    reversesId: r.reverses_id === null ? null : Number(r.reverses_id),
    memo: r.memo === null ? null : String(r.memo),
    accountType: String(r.account_type),
    account: String(r.account),
    line: r.line === null ? null : String(r.line),
    amountCents: Number(r.amount_cents),
  }));
}

export type SeriesPoint = { month: string; raisedCents: number; allocatedCents: number; paidCents: number };

/**
 * Cumulative raised / allocated / paid by month (the organization's months), from the ledger's entries: what the public
 * transparency chart shows. Aggregates only.
 */
export async function transparencySeries(db: Db, campaignId: string, timeZone: string): Promise<SeriesPoint[]> {
  const rows = rowsOf<{ month: string; raised: string | number; allocated: string | number; paid: string | number }>(
    await db.execute(sql`
      select to_char(t.created_at at time zone ${timeZone}, 'YYYY-MM') as month,
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
  const start: SeriesPoint = { month: previousMonth(rows[0]!.month), raisedCents: 0, allocatedCents: 0, paidCents: 0 };
  return [start, ...rows.map((r) => ({
    month: r.month,
    raisedCents: (raised += Number(r.raised)),
    allocatedCents: (allocated += Number(r.allocated)),
    paidCents: (paid += Number(r.paid)),
  }))];
}
