import { bigint, bigserial, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { ledgerAccountType, ledgerTransactionKind } from "./enums";

/**
 * One row per account (DESIGN §2). Only app/modules/ledger writes the ledger tables.
 * `key` names the account for people and for idempotent lookup, e.g. "campaign_pool:<uuid>".
 */
export const ledgerAccounts = pgTable(
  "ledger_accounts",
  {
    id: uuid().primaryKey().defaultRandom(),
    type: ledgerAccountType().notNull(),
    key: text().notNull(),
    /** No foreign keys on ledger tables: integrity is checked per statement, set-based (see migrations). */
    campaignId: uuid(),
    feeRequestId: uuid(),
    fundraiserId: uuid(),
    /** Cached sum of this account's entries, updated in the same transaction as each entry. */
    balanceCents: bigint({ mode: "number" }).notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("ledger_accounts_key").on(t.key), index("ledger_accounts_campaign").on(t.campaignId)],
);

/** A balanced movement of money: its entries sum to zero. Never updated or deleted. */
export const ledgerTransactions = pgTable(
  "ledger_transactions",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    kind: ledgerTransactionKind().notNull(),
    /** Our own operation id or a Stripe object/state id: a retried call finds the first result. */
    idempotencyKey: text().notNull(),
    campaignId: uuid(),
    /** The transaction this one corrects (refunds, releases, returned fees). */
    reversesId: bigint({ mode: "number" }),
    donationId: uuid(),
    feeRequestId: uuid(),
    fundraiserId: uuid(),
    memo: text(),
    createdByUserId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("ledger_transactions_idempotency").on(t.idempotencyKey),
    index("ledger_transactions_campaign").on(t.campaignId, t.createdAt),
  ],
);

export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    transactionId: bigint({ mode: "number" }).notNull(),
    accountId: uuid().notNull(),
    /** Positive adds to the account, negative takes from it; a transaction's entries sum to zero. */
    amountCents: bigint({ mode: "number" }).notNull(),
    /** What the line is: "gift", "fee_cover", a form name such as "I-765", … */
    line: text(),
    createdAt: createdAt(),
  },
  (t) => [index("ledger_entries_transaction").on(t.transactionId), index("ledger_entries_account").on(t.accountId)],
);
