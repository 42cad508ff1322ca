import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { applicationStatus, disbursementMethod, filingMethod, locale, retentionRule, uscisDecision, uscisStatus } from "./enums";
import { campaigns } from "./campaigns";

/**
 * The money side of an application: one applicant's fee. Identifying data lives elsewhere,
 * encrypted (DESIGN §3); only non-identifying fields needed for ordering and statistics are here.
 */
export const feeRequests = pgTable(
  "fee_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id),
    /** Short public reference the applicant quotes (no personal data in it). */
    reference: text().notNull(),
    status: applicationStatus().notNull().default("submitted"),
    filingMethod: filingMethod().notNull(),
    dacaExpiresOn: date({ mode: "string" }).notNull(),
    /** Two-letter US state or territory. */
    state: text().notNull(),
    language: locale().notNull(),
    /** Snapshotted at approval from the fee schedule or the campaign's fixed amount. */
    feeCents: integer(),
    approvedAt: timestamp({ withTimezone: true }),
    fundedAt: timestamp({ withTimezone: true }),
    paidAt: timestamp({ withTimezone: true }),
    /** When a terminal state was reached: the retention clock starts here. */
    endedAt: timestamp({ withTimezone: true }),
    /** USCIS's side, once paid (null until staff record the filing). Dates only, no documents. */
    uscisStatus: uscisStatus(),
    filedOn: date({ mode: "string" }),
    evidenceDueOn: date({ mode: "string" }),
    rejectedAtIntakeOn: date({ mode: "string" }),
    /** A returned fee is held for this case until this date (the refile window); then it goes to the pool. */
    refileBy: date({ mode: "string" }),
    /** Re-priced at payment above what the request holds: funded, this much short, until the pool tops it up. */
    shortCents: integer().notNull().default(0),
    uscisDecision: uscisDecision(),
    decidedOn: date({ mode: "string" }),
    /** Staff recorded a Form G-1651 exemption: USCIS still takes a paper check for this case. */
    g1651Exemption: boolean().notNull().default(false),
    /** The retention rule the applicant consented to; cases from before ADR 0022 keep `case_end`. */
    retentionRule: retentionRule().notNull().default("uscis_end"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("fee_requests_reference").on(t.reference),
    index("fee_requests_queue").on(t.campaignId, t.status, t.dacaExpiresOn, t.approvedAt),
    check("fee_requests_short_nonnegative", sql`${t.shortCents} >= 0`),
    check("fee_requests_fee_positive", sql`${t.feeCents} is null or ${t.feeCents} > 0`),
  ],
);

/** A payment to USCIS (or a reimbursement) for one fee request, with one line per form. */
export const disbursements = pgTable(
  "disbursements",
  {
    id: uuid().primaryKey().defaultRandom(),
    feeRequestId: uuid()
      .notNull()
      .references(() => feeRequests.id),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id),
    method: disbursementMethod().notNull(),
    paidOn: date({ mode: "string" }).notNull(),
    /** Pay.gov tracking id, G-1450 receipt, bank reference… */
    reference: text(),
    recordedByUserId: uuid(),
    ledgerTransactionId: bigint({ mode: "number" }),
    /** Set when USCIS sent the fee back (rejected packet); the money went back to the pool. */
    returnedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("disbursements_request").on(t.feeRequestId)],
);

export const disbursementLines = pgTable(
  "disbursement_lines",
  {
    id: uuid().primaryKey().defaultRandom(),
    disbursementId: uuid()
      .notNull()
      .references(() => disbursements.id),
    form: text().notNull(),
    amountCents: integer().notNull(),
    /** USCIS sent this form's fee back (one form may come back while the other stands). */
    returnedAt: timestamp({ withTimezone: true }),
  },
  (t) => [check("disbursement_line_positive", sql`${t.amountCents} > 0`)],
);
