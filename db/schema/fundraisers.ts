import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { fundraiserStatus } from "./enums";
import { campaigns } from "./campaigns";
import { users } from "./auth";
import { images } from "./organization";

/** A business host's page for a campaign (/f/:slug). */
export const fundraisers = pgTable(
  "fundraisers",
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id),
    hostUserId: uuid()
      .notNull()
      .references(() => users.id),
    slug: text().notNull(),
    businessName: text().notNull(),
    title: text().notNull(),
    storyEn: text(),
    storyEs: text(),
    goalFees: integer().notNull(),
    startsOn: date({ mode: "string" }).notNull(),
    endsOn: date({ mode: "string" }).notNull(),
    status: fundraiserStatus().notNull().default("draft"),
    rejectionReason: text(),
    logoImageId: uuid().references(() => images.id, { onDelete: "set null" }),
    matchCapCents: integer(),
    /** Cached gifts through this page (the donors' gifts, not fee cover), kept by the ledger. */
    raisedCents: integer().notNull().default(0),
    approvedAt: timestamp({ withTimezone: true }),
    /** Optional in-store event. */
    eventOn: date({ mode: "string" }),
    eventPlace: text(),
    /** The match pledge's window; gifts recorded inside it are matched 1:1 up to matchCapCents. */
    matchStartsOn: date({ mode: "string" }),
    matchEndsOn: date({ mode: "string" }),
    /** Cached matches accrued in the match receivable, kept by the ledger in the gift's transaction. */
    matchedCents: integer().notNull().default(0),
    /** Cached matches the host has paid (settled into the pool), kept by the ledger. */
    matchPaidCents: integer().notNull().default(0),
    /** A live page's edited story waiting for review; the approved version stays up meanwhile. */
    pendingTitle: text(),
    pendingStoryEn: text(),
    pendingStoryEs: text(),
    /**
     * The host changed their business name or logo while the page was live: shown once staff approve
     * (pendingBranding says there is such a change; a null pending logo then means no logo).
     */
    pendingBranding: boolean().notNull().default(false),
    pendingBusinessName: text(),
    pendingLogoImageId: uuid().references(() => images.id, { onDelete: "set null" }),
    revisionStatus: text({ enum: ["submitted", "rejected"] }),
    revisionRejectionReason: text(),
    submittedAt: timestamp({ withTimezone: true }),
    endedAt: timestamp({ withTimezone: true }),
    /** Each host email about progress is sent once: the timestamp says it was queued. */
    firstGiftEmailedAt: timestamp({ withTimezone: true }),
    halfGoalEmailedAt: timestamp({ withTimezone: true }),
    goalEmailedAt: timestamp({ withTimezone: true }),
    endedEmailedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("fundraisers_slug").on(t.slug),
    index("fundraisers_campaign").on(t.campaignId, t.status),
    check("fundraisers_goal_positive", sql`${t.goalFees} > 0`),
    check("fundraisers_dates", sql`${t.endsOn} >= ${t.startsOn}`),
    index("fundraisers_host").on(t.hostUserId),
    check("fundraisers_match_within_cap", sql`${t.matchedCents} >= 0 and ${t.matchedCents} <= coalesce(${t.matchCapCents}, 0)`),
    check("fundraisers_match_paid", sql`${t.matchPaidCents} >= 0 and ${t.matchPaidCents} <= ${t.matchedCents}`),
  ],
);

/** A business host's own details (one per host account), shown on their fundraiser pages. */
export const hostProfiles = pgTable("host_profiles", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  businessName: text().notNull(),
  contactName: text().notNull(),
  phone: text(),
  website: text(),
  logoImageId: uuid().references(() => images.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
