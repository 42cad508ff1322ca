import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { disbursements, feeRequests } from "./applications";

/**
 * A single-use virtual card for one funded case (ADR 0024). Only Stripe's ids: the card's number
 * is never stored, logged or sent to a page (Issuing Elements shows it inside Stripe's frame).
 */
export const issuingCards = pgTable(
  "issuing_cards",
  {
    id: uuid().primaryKey().defaultRandom(),
    stripeCardId: text().notNull(),
    feeRequestId: uuid()
      .notNull()
      .references(() => feeRequests.id),
    /** The forms it may pay, each once, at the re-priced per-form fee (spending limits match). */
    forms: jsonb().$type<{ form: string; amountCents: number }[]>().notNull(),
    status: text({ enum: ["open", "canceled"] }).notNull().default("open"),
    createdByUserId: uuid(),
    createdAt: createdAt(),
    canceledAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("issuing_cards_stripe_card").on(t.stripeCardId),
    uniqueIndex("issuing_cards_one_open_per_case").on(t.feeRequestId).where(sql`${t.status} = 'open'`),
  ],
);

/**
 * Each `issuing_authorization.request`, decided once: a repeat gets the recorded answer. At most
 * one standing approval per card and form (the partial unique index), whatever runs concurrently;
 * a merchant refund frees the form (`freedAt`) for another payment.
 */
export const issuingAuthorizations = pgTable(
  "issuing_authorizations",
  {
    stripeAuthorizationId: text().primaryKey(),
    stripeCardId: text().notNull(),
    feeRequestId: uuid().references(() => feeRequests.id),
    form: text(),
    amountCents: integer().notNull(),
    approved: boolean().notNull(),
    reason: text().notNull(),
    createdAt: createdAt(),
    freedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("issuing_authorizations_one_per_form").on(t.stripeCardId, t.form).where(sql`${t.approved} and ${t.freedAt} is null`),
    check("issuing_authorizations_approved_form", sql`not ${t.approved} or ${t.form} is not null`),
  ],
);

/** Captures and refunds from `issuing_transaction.created`, each applied to the ledger once. */
export const issuingTransactions = pgTable(
  "issuing_transactions",
  {
    stripeTransactionId: text().primaryKey(),
    stripeAuthorizationId: text().notNull(),
    type: text({ enum: ["capture", "refund"] }).notNull(),
    /** Stripe's sign: a capture is negative, a refund positive. */
    amountCents: integer().notNull(),
    disbursementId: uuid().references(() => disbursements.id),
    appliedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("issuing_transactions_authorization").on(t.stripeAuthorizationId)],
);
