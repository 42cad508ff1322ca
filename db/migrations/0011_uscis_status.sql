CREATE TYPE "public"."uscis_decision" AS ENUM('approved', 'denied');--> statement-breakpoint
CREATE TYPE "public"."uscis_status" AS ENUM('filed', 'evidence_requested', 'rejected_at_intake', 'decided');--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "paid_not_filed_days" integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "funded_not_paid_days" integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE "fee_requests" ADD COLUMN "uscis_status" "uscis_status";--> statement-breakpoint
ALTER TABLE "fee_requests" ADD COLUMN "filed_on" date;--> statement-breakpoint
ALTER TABLE "fee_requests" ADD COLUMN "evidence_due_on" date;--> statement-breakpoint
ALTER TABLE "fee_requests" ADD COLUMN "rejected_at_intake_on" date;--> statement-breakpoint
ALTER TABLE "fee_requests" ADD COLUMN "uscis_decision" "uscis_decision";--> statement-breakpoint
ALTER TABLE "fee_requests" ADD COLUMN "decided_on" date;--> statement-breakpoint
ALTER TABLE "applicant_identities" ADD COLUMN "uscis_receipt" text;