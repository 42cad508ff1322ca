ALTER TABLE "applicant_identities" ADD COLUMN "pending_email" text;--> statement-breakpoint
ALTER TABLE "applicant_identities" ADD COLUMN "pending_email_token_hash" text;--> statement-breakpoint
ALTER TABLE "applicant_identities" ADD COLUMN "pending_email_expires_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "applicant_identities_pending_email_token" ON "applicant_identities" USING btree ("pending_email_token_hash");