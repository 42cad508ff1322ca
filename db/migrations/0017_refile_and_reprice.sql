ALTER TYPE "public"."ledger_account_type" ADD VALUE 'applicant_payable';--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "refile_window_days" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "disbursement_lines" ADD COLUMN "returned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fee_requests" ADD COLUMN "refile_by" date;--> statement-breakpoint
ALTER TABLE "fee_requests" ADD COLUMN "short_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fee_requests" ADD CONSTRAINT "fee_requests_short_nonnegative" CHECK ("fee_requests"."short_cents" >= 0);--> statement-breakpoint
UPDATE "disbursement_lines" l SET "returned_at" = d."returned_at" FROM "disbursements" d WHERE d."id" = l."disbursement_id" AND d."returned_at" IS NOT NULL;