CREATE TYPE "public"."disbursement_method" AS ENUM('g1450_card', 'g1650_ach', 'paygov_online', 'reimbursement', 'check');--> statement-breakpoint
ALTER TYPE "public"."ledger_account_type" ADD VALUE 'match_pledges' BEFORE 'reserve';--> statement-breakpoint
CREATE TABLE "disbursement_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"disbursement_id" uuid NOT NULL,
	"form" text NOT NULL,
	"amount_cents" integer NOT NULL,
	CONSTRAINT "disbursement_line_positive" CHECK ("disbursement_lines"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "disbursements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fee_request_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"method" "disbursement_method" NOT NULL,
	"paid_on" date NOT NULL,
	"reference" text,
	"recorded_by_user_id" uuid,
	"ledger_transaction_id" bigint,
	"returned_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD COLUMN "line" text;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "raised_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "disbursement_lines" ADD CONSTRAINT "disbursement_lines_disbursement_id_disbursements_id_fk" FOREIGN KEY ("disbursement_id") REFERENCES "public"."disbursements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disbursements" ADD CONSTRAINT "disbursements_fee_request_id_fee_requests_id_fk" FOREIGN KEY ("fee_request_id") REFERENCES "public"."fee_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disbursements" ADD CONSTRAINT "disbursements_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disbursements_request" ON "disbursements" USING btree ("fee_request_id");