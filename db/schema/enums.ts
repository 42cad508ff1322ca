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
/**
 * USCIS's side of a paid case, apart from the fund's own decision (ADR 0022): filed, then decided,
 * with two detours (a packet rejected at intake, a request for evidence).
 */
export const uscisStatus = pgEnum("uscis_status", ["filed", "evidence_requested", "rejected_at_intake", "decided"]);
export const uscisDecision = pgEnum("uscis_decision", ["approved", "denied"]);
/**
 * When a case's retention clock starts, by the consent text it was given under: `case_end` (the
 * old text: paid, not approved or withdrawn) or `uscis_end` (USCIS decides, or no news for a while).
 */
export const retentionRule = pgEnum("retention_rule", ["case_end", "uscis_end"]);
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
  /** A fee USCIS returned to an applicant we had reimbursed: the applicant's money, recorded so. */
  "applicant_payable",
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
