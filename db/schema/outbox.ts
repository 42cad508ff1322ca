import { boolean, index, uniqueIndex, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { locale, outboxStatus } from "./enums";

/**
 * Emails to send, written in the same transaction as the event that causes them; a worker
 * renders and sends them. Without a Resend key they stay here (viewable at /dev/outbox).
 */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Name of a template in emails/. */
    template: text().notNull(),
    toAddress: text().notNull(),
    locale: locale().notNull(),
    /**
     * Sealed rows (emails to applicants) hold ciphertext in toAddress and `{ sealed }` in props,
     * bound to the row; once sent, both are erased.
     */
    sealed: boolean().notNull().default(false),
    props: jsonb().$type<Record<string, unknown>>().notNull(),
    status: outboxStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastError: text(),
    /** Unique: the same email (e.g. `receipt/<donation id>`) is queued once; also sent as Resend's Idempotency-Key. */
    idempotencyKey: text().notNull(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("outbox_pending").on(t.status, t.nextAttemptAt), uniqueIndex("outbox_idempotency_key").on(t.idempotencyKey),
    // Prefix searches (`case/<id>/%`: an applicant's emails) whatever the database's collation.
    index("outbox_idempotency_prefix").on(t.idempotencyKey.op("text_pattern_ops")),
  ],
);

/**
 * "Email me a link" requests (sign-in, case, monthly gift), written the same way whether or not
 * the address is known; the worker decides, queues the email when there is one to send, and
 * deletes the row. The address is encrypted, bound to the row, and gone within seconds.
 */
export const emailRequests = pgTable(
  "email_requests",
  {
    id: uuid().primaryKey(),
    kind: text().$type<"sign-in-link" | "case-link" | "donor-manage-link" | "donor-page-link">().notNull(),
    /** Encrypted (AES-256-GCM, bound to `email_requests:<id>:email`). */
    emailSealed: text().notNull(),
    locale: locale().notNull(),
    /** Demo mode only: the address the visitor used, which the emailed link follows (ADR 0019). */
    publicUrl: text(),
    createdAt: createdAt(),
  },
  (t) => [index("email_requests_created").on(t.createdAt)],
);
