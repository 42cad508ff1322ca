import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("fundraisers_slug").on(t.slug),
    index("fundraisers_campaign").on(t.campaignId, t.status),
    check("fundraisers_goal_positive", sql`${t.goalFees} > 0`),
    check("fundraisers_dates", sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);
