import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { donationFrequency, donationStatus, locale } from "./enums";
import { campaigns } from "./campaigns";
import { fundraisers } from "./fundraisers";

/** A gift, from the moment the donor submits the form (pending) to its final state. */
export const donations = pgTable(
  "donations",
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id),
    fundraiserId: uuid().references(() => fundraisers.id),
    /** The donor's gift, excluding any card-fee cover. */
    amountCents: integer().notNull(),
    feeCoverCents: integer().notNull().default(0),
    currency: text().notNull().default("usd"),
    frequency: donationFrequency().notNull().default("one_time"),
    status: donationStatus().notNull().default("pending"),
    /** 'stripe' or 'offline' (cash, checks from in-store events). */
    channel: text({ enum: ["stripe", "offline"] }).notNull().default("stripe"),
    donorName: text(),
    donorEmail: text(),
    anonymous: boolean().notNull().default(false),
    publicMessage: text(),
    showOnWall: boolean().notNull().default(false),
    shareWithHost: boolean().notNull().default(false),
    /** The donor ticked "what your gifts did" on the form (off by default; ADR 0025). */
    impactOptIn: boolean().notNull().default(false),
    locale: locale().notNull().default("en"),
    /** The donate form's per-render key: a repeated submission finds this gift instead of making another. */
    submissionKey: uuid(),
    stripeCheckoutSessionId: text(),
    /** Where the donor pays; a repeated submission is sent to the same place. */
    stripeCheckoutUrl: text(),
    stripePaymentIntentId: text(),
    stripeChargeId: text(),
    stripeSubscriptionId: text(),
    stripeInvoiceId: text(),
    stripeCustomerId: text(),
    /** A monthly gift's charges are donations of their own, linked to the first. */
    parentDonationId: uuid(),
    /** Refunded so far (cumulative, from Stripe's charge), to post each refund once. */
    refundedCents: integer().notNull().default(0),
    processingFeeCents: integer(),
    disputeStatus: text({ enum: ["open", "won", "lost"] }),
    /** For the first gift of a monthly donor: the subscription's state as Stripe reports it. */
    subscriptionStatus: text({ enum: ["active", "past_due", "canceled"] }),
    /** For the first gift of a monthly donor: Stripe's `pause_collection` is set (from the webhook). */
    subscriptionPaused: boolean().notNull().default(false),
    /** For the first gift of a monthly donor: the monthly charge now, when changed since the first one (from the webhook). */
    subscriptionCents: integer(),
    /** The donor asked to cancel from the donor page: a second click does not ask Stripe again. */
    cancelRequestedAt: timestamp({ withTimezone: true }),
    succeededAt: timestamp({ withTimezone: true }),
    /** How the donor chose to pay on our form: the fee cover was computed at this method's rate (ADR 0026). */
    paymentMethod: text({ enum: ["card", "bank"] }).notNull().default("card"),
    /** Checkout completed but the bank debit has not cleared: still pending, shown to staff, counted nowhere. */
    awaitingFundsSince: timestamp({ withTimezone: true }),
    /** A gift in someone's honor or memory: the name, and whom to tell once the payment succeeds. */
    tributeKind: text({ enum: ["honor", "memory"] }),
    tributeName: text(),
    tributeNotifyName: text(),
    tributeNotifyEmail: text(),
    /** The donor's words to the person notified, shown as plain text. */
    tributeMessage: text(),
    /** The language the donor chose for the notification. */
    tributeLocale: locale(),
    /** The notification names the amount only when the donor allows it. */
    tributeShowAmount: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("donations_checkout_session").on(t.stripeCheckoutSessionId),
    uniqueIndex("donations_submission_key").on(t.submissionKey),
    uniqueIndex("donations_invoice").on(t.stripeInvoiceId),
    index("donations_campaign").on(t.campaignId, t.createdAt),
    check("donations_amount_positive", sql`${t.amountCents} > 0 and ${t.feeCoverCents} >= 0`),
  ],
);

/** Each Stripe event id, recorded once; `processedAt` is set when our records reflect it. */
export const stripeEvents = pgTable("stripe_events", {
  id: text().primaryKey(),
  type: text().notNull(),
  /** Stripe's `created` (seconds); the reconciler's watermark moves along it. */
  stripeCreated: integer().notNull(),
  receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  processedAt: timestamp({ withTimezone: true }),
  attempts: integer().notNull().default(0),
  lastError: text(),
});

/** Where the reconciler has read Stripe's event list up to. */
export const stripeSyncState = pgTable("stripe_sync_state", {
  name: text().primaryKey(),
  watermark: integer().notNull().default(0),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
