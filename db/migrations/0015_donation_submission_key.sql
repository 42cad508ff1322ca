ALTER TABLE "donations" ADD COLUMN "submission_key" uuid;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "stripe_checkout_url" text;--> statement-breakpoint
CREATE UNIQUE INDEX "donations_submission_key" ON "donations" USING btree ("submission_key");