CREATE TABLE "issuing_authorizations" (
	"stripe_authorization_id" text PRIMARY KEY NOT NULL,
	"stripe_card_id" text NOT NULL,
	"fee_request_id" uuid,
	"form" text,
	"amount_cents" integer NOT NULL,
	"approved" boolean NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"freed_at" timestamp with time zone,
	CONSTRAINT "issuing_authorizations_approved_form" CHECK (not "issuing_authorizations"."approved" or "issuing_authorizations"."form" is not null)
);
--> statement-breakpoint
CREATE TABLE "issuing_cards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stripe_card_id" text NOT NULL,
	"fee_request_id" uuid NOT NULL,
	"forms" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"canceled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "issuing_transactions" (
	"stripe_transaction_id" text PRIMARY KEY NOT NULL,
	"stripe_authorization_id" text NOT NULL,
	"type" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"disbursement_id" uuid,
	"applied_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "issuing_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "issuing_cardholder_id" text;--> statement-breakpoint
ALTER TABLE "issuing_authorizations" ADD CONSTRAINT "issuing_authorizations_fee_request_id_fee_requests_id_fk" FOREIGN KEY ("fee_request_id") REFERENCES "public"."fee_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issuing_cards" ADD CONSTRAINT "issuing_cards_fee_request_id_fee_requests_id_fk" FOREIGN KEY ("fee_request_id") REFERENCES "public"."fee_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issuing_transactions" ADD CONSTRAINT "issuing_transactions_disbursement_id_disbursements_id_fk" FOREIGN KEY ("disbursement_id") REFERENCES "public"."disbursements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "issuing_authorizations_one_per_form" ON "issuing_authorizations" USING btree ("stripe_card_id","form") WHERE "issuing_authorizations"."approved" and "issuing_authorizations"."freed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "issuing_cards_stripe_card" ON "issuing_cards" USING btree ("stripe_card_id");--> statement-breakpoint
CREATE UNIQUE INDEX "issuing_cards_one_open_per_case" ON "issuing_cards" USING btree ("fee_request_id") WHERE "issuing_cards"."status" = 'open';--> statement-breakpoint
CREATE INDEX "issuing_transactions_authorization" ON "issuing_transactions" USING btree ("stripe_authorization_id");