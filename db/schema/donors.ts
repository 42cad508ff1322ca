import { boolean, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { campaigns } from "./campaigns";
import { createdAt } from "./columns";
import { images } from "./organization";

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

/**
 * A short bilingual update staff post on a campaign: shown on the campaign page and emailed to the
 * campaign's donors who chose updates. The worker queues the emails in batches; `queuedCount` of
 * `recipientsTotal` is the progress staff see, `cursor` the last address queued.
 */
export const campaignUpdates = pgTable(
  "campaign_updates",
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id),
    bodyEn: text().notNull(),
    bodyEs: text().notNull(),
    imageId: uuid().references(() => images.id),
    createdByUserId: uuid().references(() => users.id),
    recipientsTotal: integer(),
    queuedCount: integer().notNull().default(0),
    cursor: text(),
    queuedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("campaign_updates_campaign").on(t.campaignId, t.createdAt)],
);
