import { boolean, check, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { bytea, createdAt, updatedAt } from "./columns";

/** Stored images (organization logo, campaign images, host logos); served by id. */
export const images = pgTable("images", {
  id: uuid().primaryKey().defaultRandom(),
  /** Only raster types we can serve safely (no SVG: it can carry script). */
  mimeType: text().notNull(),
  bytes: bytea().notNull(),
  createdAt: createdAt(),
});

/** The single organization that runs this Fondo (row id is always 1). */
export const organization = pgTable(
  "organization",
  {
    id: integer().primaryKey().default(1),
    name: text().notNull(),
    /** US Employer Identification Number; receipts carry tax-deductible wording only when set. */
    ein: text(),
    addressLine1: text(),
    addressLine2: text(),
    city: text(),
    region: text(),
    postalCode: text(),
    country: text().notNull().default("US"),
    contactEmail: text(),
    /** IANA zone used to show dates on pages, receipts and statements. */
    timezone: text().notNull().default("America/Los_Angeles"),
    logoImageId: uuid().references(() => images.id, { onDelete: "set null" }),
    /** Optional applicant fields (DESIGN §3): off unless an admin turns them on. */
    collectANumber: boolean().notNull().default(false),
    collectDateOfBirth: boolean().notNull().default(false),
    /** Days after a case ends before its personal data is destroyed. */
    caseRetentionDays: integer().notNull().default(30),
    /** A paid case with no news from USCIS for this many days (since payment, filing or an evidence deadline) has ended. */
    noNewsDays: integer().notNull().default(180),
    /** The staff queue flags a case paid but not filed with USCIS after this many days. */
    paidNotFiledDays: integer().notNull().default(14),
    /** … and a case funded but not paid after this many days. */
    fundedNotPaidDays: integer().notNull().default(14),
    /** A fee USCIS returned stays with its case this many days for staff to refile, then goes to the pool. */
    refileWindowDays: integer().notNull().default(60),
    /** Per-case Stripe Issuing cards (ADR 0024): off unless staff turn them on; the organization's one cardholder. */
    issuingEnabled: boolean().notNull().default(false),
    issuingCardholderId: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check("organization_single_row", sql`${t.id} = 1`)],
);
