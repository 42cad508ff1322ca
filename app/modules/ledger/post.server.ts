import { eq, sql } from "drizzle-orm";
import { campaignTotals, ledgerEntries, ledgerTransactions } from "../../../db/schema";
import type { Db } from "../db/types";
import { lockCampaigns } from "./accounts.server";
import type { Posted } from "./errors";

export type Entry = { accountId: string; amountCents: number; line?: string };
export type TransactionHeader = typeof ledgerTransactions.$inferInsert;
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

/** The transaction already recorded under this key, if any (retried calls return it). */
export async function findPosted(db: Db, idempotencyKey: string): Promise<number | null> {
  const [row] = await db
    .select({ id: ledgerTransactions.id })
    .from(ledgerTransactions)
    .where(eq(ledgerTransactions.idempotencyKey, idempotencyKey));
  return row ? Number(row.id) : null;
}

/**
 * Writes one balanced transaction: its header, its entries (in one statement, checked by the
 * database) and the cached balances of the accounts it touches. Zero lines are dropped.
 */
export async function post(db: Db, header: TransactionHeader, entries: Entry[]): Promise<number> {
  const lines = entries.filter((e) => e.amountCents !== 0);
  if (lines.some((e) => !Number.isSafeInteger(e.amountCents))) throw new Error("ledger amounts must be integer cents");
  if (lines.length < 2 || lines.reduce((sum, e) => sum + e.amountCents, 0) !== 0)
    throw new Error(`unbalanced ${header.kind} transaction`);
  const [row] = await db.insert(ledgerTransactions).values(header).returning({ id: ledgerTransactions.id });
  const transactionId = Number(row!.id);
  await db.insert(ledgerEntries).values(lines.map((e) => ({ transactionId, accountId: e.accountId, amountCents: e.amountCents, line: e.line ?? null })));
  const deltas = new Map<string, number>();
  for (const e of lines) deltas.set(e.accountId, (deltas.get(e.accountId) ?? 0) + e.amountCents);
  const values = sql.join(
    [...deltas].map(([id, delta]) => sql`(${id}::uuid, ${delta}::bigint)`),
    sql`, `,
  );
  await db.execute(
    sql`update ledger_accounts a set balance_cents = a.balance_cents + v.delta from (values ${values}) as v(id, delta) where a.id = v.id`,
  );
  return transactionId;
}

/** Adds to a campaign's cached public figures (in the caller's transaction). */
export async function bumpTotals(db: Db, campaignId: string, delta: TotalsDelta): Promise<void> {
  const set: Record<string, unknown> = { updatedAt: new Date() };
  for (const [key, value] of Object.entries(delta)) {
    if (!value) continue;
    const column = campaignTotals[key as keyof TotalsDelta];
    set[key] = sql`${column} + ${value}`;
  }
  if (Object.keys(set).length > 1) await db.update(campaignTotals).set(set).where(eq(campaignTotals.campaignId, campaignId));
}

/** Runs `work` once per idempotency key, in a transaction holding the campaigns' locks. */
export async function once(db: Db, campaignIds: string[], key: string, work: (tx: Db) => Promise<number>): Promise<Posted> {
  return db.transaction(async (tx) => {
    await lockCampaigns(tx, campaignIds);
    const existing = await findPosted(tx, key);
    if (existing !== null) return { transactionId: existing, duplicate: true };
    return { transactionId: await work(tx), duplicate: false };
  });
}
