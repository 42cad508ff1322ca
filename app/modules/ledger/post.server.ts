import { eq, sql } from "drizzle-orm";
import { campaignTotals, ledgerTransactions } from "../../../db/schema";
import { rowsOf } from "../db/rows";
import type { Db } from "../db/types";
import { accountKey, campaignAccountTypes, lockCampaigns, type CampaignAccounts, type OwnAccountType } from "./accounts.server";
import type { Posted } from "./errors";
import type { TransactionKind } from "./kinds";

export type Entry = { accountId: string; amountCents: number; line?: string };
export type TotalsDelta = Partial<
  Record<
    | "raisedCents"
    | "donationsCount"
    | "processingFeesCents"
    | "poolAvailableCents"
    | "allocatedCents"
    | "disbursedCents"
    | "reserveCents"
    | "feesFunded"
    | "feesPaid"
    | "requestsWaiting",
    number
  >
>;

/** Live balances a movement is planned against: each movement sees what the previous ones left. */
export type LedgerView = {
  campaign(campaignId: string): CampaignAccounts;
  own(type: OwnAccountType, ownerId: string): { id: string; balanceCents: number };
};

/** What a movement writes: balanced entries, and what it changes in each campaign's public figures. */
export type Plan = { entries: Entry[]; totals: [campaignId: string, delta: TotalsDelta][] };

/**
 * One ledger transaction to post. `plan` runs under the campaigns' locks with the live balances
 * and returns its entries, throws a LedgerError to refuse, or returns null to post nothing
 * (an allocation the pool no longer covers).
 */
export type Movement = {
  kind: TransactionKind;
  idempotencyKey: string;
  campaignId: string;
  /** Other campaigns the movement touches (a transfer's destination). */
  alsoLocks?: string[];
  /** Accounts of one request or fundraiser the movement uses; opened if new. */
  own?: { type: OwnAccountType; ownerId: string; campaignId: string }[];
  donationId?: string | null;
  feeRequestId?: string | null;
  fundraiserId?: string | null;
  reversesId?: number | null;
  memo?: string | null;
  createdByUserId?: string | null;
  plan(view: LedgerView): Plan | null;
};

const totalsColumns = {
  raisedCents: "raised_cents",
  donationsCount: "donations_count",
  processingFeesCents: "processing_fees_cents",
  poolAvailableCents: "pool_available_cents",
  allocatedCents: "allocated_cents",
  disbursedCents: "disbursed_cents",
  reserveCents: "reserve_cents",
  feesFunded: "fees_funded",
  feesPaid: "fees_paid",
  requestsWaiting: "requests_waiting",
} as const satisfies Record<keyof TotalsDelta, string>;

const json = (value: unknown) => JSON.stringify(value);

/**
 * The one way money moves (ADR 0012): posts any set of movements in the caller's transaction.
 * Campaigns are locked in id order (ADR 0006), keys already posted come back as duplicates, each
 * movement is planned against the balances the previous ones left, and everything is written
 * by one set-based statement — headers, entries (checked balanced by the database), cached
 * balances and campaign totals — whatever the number of movements. The result is in the order
 * of `movements`; null where a plan posted nothing.
 */
export async function postMovements(tx: Db, movements: Movement[]): Promise<(Posted | null)[]> {
  if (movements.length === 0) return [];
  await lockCampaigns(tx, movements.flatMap((m) => [m.campaignId, ...(m.alsoLocks ?? [])]));
  // Read after the locks are held: what earlier holders committed is visible to this statement.
  const { already, view } = await loadState(tx, movements);
  const fresh: Movement[] = [];
  const freshKeys = new Set<string>();
  for (const m of movements)
    if (!already.has(m.idempotencyKey) && !freshKeys.has(m.idempotencyKey)) {
      fresh.push(m);
      freshKeys.add(m.idempotencyKey);
    }
  const results = new Map<string, Posted | null>();
  if (fresh.length > 0) await write(tx, fresh, view, results);
  const seen = new Set<string>();
  return movements.map((m) => {
    const first = !seen.has(m.idempotencyKey);
    seen.add(m.idempotencyKey);
    const prior = already.get(m.idempotencyKey);
    if (prior !== undefined) return { transactionId: prior, duplicate: true };
    const posted = results.get(m.idempotencyKey) ?? null;
    return posted && !first ? { ...posted, duplicate: true } : posted;
  });
}

/** One movement in its own transaction (a savepoint inside the caller's). */
export async function postOne(db: Db, movement: Movement): Promise<Posted> {
  return db.transaction(async (tx) => (await postMovements(tx, [movement]))[0]!) as Promise<Posted>;
}

async function write(tx: Db, fresh: Movement[], view: View, results: Map<string, Posted | null>) {
  const headers: Record<string, unknown>[] = [];
  const entries: { n: number; k: string; a: string; c: number; l: string | null }[] = [];
  const balances = new Map<string, number>();
  const totals = new Map<string, Record<string, number>>();
  for (const m of fresh) {
    const plan = m.plan(view.view);
    if (!plan) {
      results.set(m.idempotencyKey, null);
      continue;
    }
    const lines = plan.entries.filter((e) => e.amountCents !== 0);
    if (lines.some((e) => !Number.isSafeInteger(e.amountCents))) throw new Error("ledger amounts must be integer cents");
    if (lines.length < 2 || lines.reduce((sum, e) => sum + e.amountCents, 0) !== 0) throw new Error(`unbalanced ${m.kind} transaction`);
    headers.push({
      n: headers.length,
      kind: m.kind,
      k: m.idempotencyKey,
      c: m.campaignId,
      d: m.donationId ?? null,
      f: m.feeRequestId ?? null,
      r: m.fundraiserId ?? null,
      v: m.reversesId ?? null,
      m: m.memo ?? null,
      u: m.createdByUserId ?? null,
    });
    for (const e of lines) {
      entries.push({ n: entries.length, k: m.idempotencyKey, a: e.accountId, c: e.amountCents, l: e.line ?? null });
      balances.set(e.accountId, (balances.get(e.accountId) ?? 0) + e.amountCents);
      view.apply(e.accountId, e.amountCents);
    }
    for (const [campaignId, delta] of plan.totals) {
      const sum = totals.get(campaignId) ?? {};
      for (const [k, v] of Object.entries(delta)) if (v) sum[k] = (sum[k] ?? 0) + v;
      totals.set(campaignId, sum);
    }
  }
  if (headers.length === 0) return;
  const totalRows = [...totals].map(([c, t]) => ({ c, ...Object.fromEntries(Object.keys(totalsColumns).map((k) => [k, t[k] ?? 0])) }));
  const totalsSet = sql.raw(Object.entries(totalsColumns).map(([k, col]) => `${col} = t.${col} + x."${k}"`).join(", "));
  const totalsShape = sql.raw(Object.keys(totalsColumns).map((k) => `"${k}" bigint`).join(", "));
  const written = rowsOf<{ id: number | string; key: string }>(
    await tx.execute(sql`
      with h as (
        insert into ledger_transactions (kind, idempotency_key, campaign_id, donation_id, fee_request_id, fundraiser_id, reverses_id, memo, created_by_user_id)
        select x.kind::ledger_transaction_kind, x.k, x.c, x.d, x.f, x.r, x.v, x.m, x.u
        from json_to_recordset(${json(headers)}::json) as x(n int, kind text, k text, c uuid, d uuid, f uuid, r uuid, v bigint, m text, u uuid)
        order by x.n
        returning id, idempotency_key
      ),
      e as (
        insert into ledger_entries (transaction_id, account_id, amount_cents, line)
        select h.id, x.a, x.c, x.l
        from json_to_recordset(${json(entries)}::json) as x(n int, k text, a uuid, c bigint, l text)
        join h on h.idempotency_key = x.k
        order by x.n
        returning 1
      ),
      b as (
        update ledger_accounts a set balance_cents = a.balance_cents + x.d
        from json_to_recordset(${json([...balances].map(([a, d]) => ({ a, d })))}::json) as x(a uuid, d bigint)
        where a.id = x.a
        returning 1
      ),
      t as (
        update campaign_totals t set ${totalsSet}, updated_at = now()
        from json_to_recordset(${json(totalRows)}::json) as x(c uuid, ${totalsShape})
        where t.campaign_id = x.c
        returning 1
      )
      select id, idempotency_key as key from h`),
  );
  for (const r of written) results.set(r.key, { transactionId: Number(r.id), duplicate: false });
}

type View = { view: LedgerView; apply(accountId: string, amountCents: number): void };

/**
 * In one statement, after the locks: the keys already posted, and the accounts the movements use
 * with their balances (request and match accounts opened first where new).
 */
async function loadState(tx: Db, movements: Movement[]): Promise<{ already: Map<string, number>; view: View }> {
  const campaignIds = [...new Set(movements.flatMap((m) => [m.campaignId, ...(m.alsoLocks ?? [])]))];
  const keys = [...new Set(movements.map((m) => m.idempotencyKey))];
  const own = new Map<string, { t: string; k: string; c: string; f: string | null; r: string | null }>();
  for (const m of movements)
    for (const o of m.own ?? []) {
      const k = accountKey(o.type, o.ownerId);
      own.set(k, { t: o.type, k, c: o.campaignId, f: o.type === "match_receivable" ? null : o.ownerId, r: o.type === "match_receivable" ? o.ownerId : null });
    }
  if (own.size > 0)
    await tx.execute(sql`
      insert into ledger_accounts (type, key, campaign_id, fee_request_id, fundraiser_id)
      select x.t::ledger_account_type, x.k, x.c, x.f, x.r from json_to_recordset(${json([...own.values()])}::json) as x(t text, k text, c uuid, f uuid, r uuid)
      order by x.k
      on conflict (key) do nothing`);
  const rows = rowsOf<{ posted: boolean; id: string; type: string | null; key: string; campaign_id: string | null; balance_cents: number | string | null }>(
    await tx.execute(sql`
      select true as posted, id::text, null as type, idempotency_key as key, null::uuid as campaign_id, null::bigint as balance_cents
      from ledger_transactions
      where idempotency_key in (select value from json_array_elements_text(${json(keys)}::json))
      union all
      select false, id::text, type::text, key, campaign_id, balance_cents from ledger_accounts
      where (campaign_id in (select value::uuid from json_array_elements_text(${json(campaignIds)}::json))
             and type in ('stripe_clearing','processing_fees','campaign_pool','disbursed','reserve','match_pledges'))
         or key in (select value from json_array_elements_text(${json([...own.keys()])}::json))`),
  );
  const already = new Map<string, number>();
  const byId = new Map<string, { id: string; balanceCents: number }>();
  const byKey = new Map<string, { id: string; balanceCents: number }>();
  const campaigns = new Map<string, Record<string, { id: string; balanceCents: number }>>();
  for (const r of rows) {
    if (r.posted) {
      already.set(r.key, Number(r.id));
      continue;
    }
    const account = { id: r.id, balanceCents: Number(r.balance_cents) };
    byId.set(r.id, account);
    byKey.set(r.key, account);
    if ((campaignAccountTypes as readonly (string | null)[]).includes(r.type)) {
      const c = campaigns.get(r.campaign_id!) ?? {};
      c[r.type!] = account;
      campaigns.set(r.campaign_id!, c);
    }
  }
  for (const id of campaignIds)
    for (const type of campaignAccountTypes) if (!campaigns.get(id)?.[type]) throw new Error(`campaign ${id} has no ${type} account`);
  const view: LedgerView = {
    campaign: (id) => {
      const accounts = campaigns.get(id);
      if (!accounts) throw new Error(`campaign ${id} is not part of this posting`);
      return accounts as CampaignAccounts;
    },
    own: (type, ownerId) => {
      const account = byKey.get(accountKey(type, ownerId));
      if (!account) throw new Error(`${type} account of ${ownerId} is not part of this posting`);
      return account;
    },
  };
  return {
    already,
    view: {
      view,
      apply(accountId, amountCents) {
        const account = byId.get(accountId);
        if (account) account.balanceCents += amountCents;
      },
    },
  };
}

/** The transaction already recorded under this key, if any. */
export async function findPosted(db: Db, idempotencyKey: string): Promise<number | null> {
  const [row] = await db.select({ id: ledgerTransactions.id }).from(ledgerTransactions).where(eq(ledgerTransactions.idempotencyKey, idempotencyKey));
  return row ? Number(row.id) : null;
}

/** Changes a campaign's figures that move no money (requests waiting, a lost dispute's count). */
export async function bumpTotals(db: Db, campaignId: string, delta: TotalsDelta): Promise<void> {
  const set: Record<string, unknown> = { updatedAt: new Date() };
  for (const [key, value] of Object.entries(delta)) {
    if (!value) continue;
    const column = campaignTotals[key as keyof TotalsDelta];
    set[key] = sql`${column} + ${value}`;
  }
  if (Object.keys(set).length > 1) await db.update(campaignTotals).set(set).where(eq(campaignTotals.campaignId, campaignId));
}
