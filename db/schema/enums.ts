import { pgEnum } from "drizzle-orm/pg-core";

export const userRole = pgEnum("user_role", ["admin", "reviewer", "host"]);
export const userStatus = pgEnum("user_status", ["invited", "active", "disabled"]);
export const campaignStatus = pgEnum("campaign_status", ["draft", "published", "closed"]);
/** Where a campaign's per-application amount comes from. */
export const feeSource = pgEnum("fee_source", ["schedule", "fixed"]);
export const filingMethod = pgEnum("filing_method", ["online", "paper"]);
/** One vocabulary everywhere (DESIGN §2). Terminal: paid, rejected, withdrawn. */
export const applicationStatus = pgEnum("application_status", [
  "submitted",
  "in_review",
  "approved",
  "funded",
  "paid",
  "rejected",
  "withdrawn",
]);
export const ledgerAccountType = pgEnum("ledger_account_type", [
  "stripe_clearing",
  "processing_fees",
  "campaign_pool",
  "fee_request",
  "disbursed",
  "match_receivable",
  /** The other side of a match receivable: pledged by a host, not yet paid. */
  "match_pledges",
  "reserve",
]);
export const ledgerTransactionKind = pgEnum("ledger_transaction_kind", [
  "donation",
  "processing_fee",
  "allocation",
  "release",
  "disbursement",
  "fee_returned",
  "refund",
  "dispute",
  "dispute_won",
  "match_pledged",
  "match_paid",
  "transfer",
]);
export const disbursementMethod = pgEnum("disbursement_method", [
  "g1450_card",
  "g1650_ach",
  "paygov_online",
  "reimbursement",
  "check",
]);
export const donationFrequency = pgEnum("donation_frequency", ["one_time", "monthly"]);
export const donationStatus = pgEnum("donation_status", [
  "pending",
  "succeeded",
  "failed",
  "refunded",
  "partially_refunded",
  "disputed",
]);
export const fundraiserStatus = pgEnum("fundraiser_status", [
  "draft",
  "submitted",
  "approved",
  "rejected",
  "ended",
]);
export const outboxStatus = pgEnum("outbox_status", ["pending", "sent", "failed"]);
export const locale = pgEnum("locale", ["en", "es"]);
