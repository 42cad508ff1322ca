import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { campaignStatus, feeSource, filingMethod } from "./enums";
import { images } from "./organization";

/**
 * What USCIS charges for one filing, by program and filing method, from an effective date.
 * Fees are data: a new USCIS fee rule is a new row, never an edit of an old one.
 */
export const feeSchedules = pgTable(
  "fee_schedules",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** e.g. "daca_renewal". */
    program: text().notNull(),
    filingMethod: filingMethod().notNull(),
    effectiveFrom: date({ mode: "string" }).notNull(),
    /** Inclusive last day; null while in force. */
    effectiveUntil: date({ mode: "string" }),
    nameEn: text().notNull(),
    nameEs: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("fee_schedules_program_method_from").on(t.program, t.filingMethod, t.effectiveFrom),
    check(
      "fee_schedules_dates",
      sql`${t.effectiveUntil} is null or ${t.effectiveUntil} >= ${t.effectiveFrom}`,
    ),
  ],
);

/** One line per form paid separately (I-821D, I-765, biometrics). */
export const feeScheduleComponents = pgTable(
  "fee_schedule_components",
  {
    id: uuid().primaryKey().defaultRandom(),
    feeScheduleId: uuid()
      .notNull()
      .references(() => feeSchedules.id, { onDelete: "cascade" }),
    form: text().notNull(),
    labelEn: text().notNull(),
    labelEs: text().notNull(),
    amountCents: integer().notNull(),
    position: integer().notNull().default(0),
  },
  (t) => [
    uniqueIndex("fee_schedule_components_form").on(t.feeScheduleId, t.form),
    check("fee_component_positive", sql`${t.amountCents} > 0`),
  ],
);

export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull(),
    titleEn: text().notNull(),
    titleEs: text().notNull(),
    summaryEn: text().notNull().default(""),
    summaryEs: text().notNull().default(""),
    storyEn: text().notNull(),
    storyEs: text().notNull(),
    /** Goal as a number of fees ("N of M renewals funded"). */
    goalFees: integer().notNull(),
    feeSource: feeSource().notNull(),
    /** Program priced from the fee schedule when feeSource = 'schedule'. */
    feeProgram: text().notNull().default("daca_renewal"),
    /** Per-application amount when feeSource = 'fixed'. */
    fixedFeeCents: integer(),
    status: campaignStatus().notNull().default("draft"),
    startsOn: date({ mode: "string" }),
    endsOn: date({ mode: "string" }),
    imageId: uuid().references(() => images.id, { onDelete: "set null" }),
    publishedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("campaigns_slug_unique").on(t.slug),
    index("campaigns_status_idx").on(t.status),
    check("campaigns_goal_positive", sql`${t.goalFees} > 0`),
    check(
      "campaigns_fixed_fee",
      sql`(${t.feeSource} = 'fixed') = (${t.fixedFeeCents} is not null and ${t.fixedFeeCents} > 0)`,
    ),
    check("campaigns_dates", sql`${t.endsOn} is null or ${t.startsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
  ],
);

/**
 * Cached public figures of a campaign (DESIGN §2), maintained by app/modules/ledger in the same
 * transaction as the entries they summarise, so pages never sum the whole ledger.
 */
export const campaignTotals = pgTable("campaign_totals", {
  campaignId: uuid()
    .primaryKey()
    .references(() => campaigns.id, { onDelete: "cascade" }),
  raisedCents: bigint({ mode: "number" }).notNull().default(0),
  donationsCount: integer().notNull().default(0),
  processingFeesCents: bigint({ mode: "number" }).notNull().default(0),
  poolAvailableCents: bigint({ mode: "number" }).notNull().default(0),
  allocatedCents: bigint({ mode: "number" }).notNull().default(0),
  disbursedCents: bigint({ mode: "number" }).notNull().default(0),
  reserveCents: bigint({ mode: "number" }).notNull().default(0),
  feesFunded: integer().notNull().default(0),
  feesPaid: integer().notNull().default(0),
  requestsWaiting: integer().notNull().default(0),
  updatedAt: updatedAt(),
});
