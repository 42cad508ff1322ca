ALTER TABLE "donations" ADD COLUMN "payment_method" text DEFAULT 'card' NOT NULL;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "awaiting_funds_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "tribute_kind" text;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "tribute_name" text;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "tribute_notify_name" text;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "tribute_notify_email" text;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "tribute_message" text;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "tribute_locale" "locale";--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "tribute_show_amount" boolean DEFAULT false NOT NULL;