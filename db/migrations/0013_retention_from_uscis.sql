CREATE TYPE "public"."retention_rule" AS ENUM('case_end', 'uscis_end');--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "no_news_days" integer DEFAULT 180 NOT NULL;--> statement-breakpoint
ALTER TABLE "fee_requests" ADD COLUMN "retention_rule" "retention_rule" DEFAULT 'uscis_end' NOT NULL;--> statement-breakpoint
-- Every case that exists now consented under the old text ("days after my request ends"): it keeps that rule.
UPDATE "fee_requests" SET "retention_rule" = 'case_end';
