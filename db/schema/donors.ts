import { boolean, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

/**
 * "Email me a link" for the donor page (ADR 0025): single use, bound to one address (lower case),
 * expiring; only the SHA-256 of the token is stored.
 */
export const donorLinks = pgTable(
  "donor_links",
  {
    tokenHash: text().primaryKey(),
    email: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("donor_links_email").on(t.email)],
);

/** Short donor sessions a link is exchanged for (cookie `<id>.<secret>`); they open one address's gifts. */
export const donorSessions = pgTable(
  "donor_sessions",
  {
    id: text().primaryKey(),
    secretHash: text().notNull(),
    email: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("donor_sessions_email").on(t.email)],
);

/** What a donor address agreed to receive beyond receipts (which are never optional). No row: nothing. */
export const donorPreferences = pgTable("donor_preferences", {
  email: text().primaryKey(),
  impactEmails: boolean().notNull().default(false),
  campaignUpdates: boolean().notNull().default(false),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
