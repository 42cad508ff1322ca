CREATE TABLE "host_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"business_name" text NOT NULL,
	"contact_name" text NOT NULL,
	"phone" text,
	"website" text,
	"logo_image_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "event_on" date;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "event_place" text;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "match_starts_on" date;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "match_ends_on" date;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "matched_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "match_paid_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "pending_title" text;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "pending_story_en" text;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "pending_story_es" text;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "revision_status" text;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "revision_rejection_reason" text;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "first_gift_emailed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "half_goal_emailed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "goal_emailed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "ended_emailed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "host_profiles" ADD CONSTRAINT "host_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "host_profiles" ADD CONSTRAINT "host_profiles_logo_image_id_images_id_fk" FOREIGN KEY ("logo_image_id") REFERENCES "public"."images"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fundraisers_host" ON "fundraisers" USING btree ("host_user_id");--> statement-breakpoint
ALTER TABLE "fundraisers" ADD CONSTRAINT "fundraisers_match_within_cap" CHECK ("fundraisers"."matched_cents" >= 0 and "fundraisers"."matched_cents" <= coalesce("fundraisers"."match_cap_cents", 0));--> statement-breakpoint
ALTER TABLE "fundraisers" ADD CONSTRAINT "fundraisers_match_paid" CHECK ("fundraisers"."match_paid_cents" >= 0 and "fundraisers"."match_paid_cents" <= "fundraisers"."matched_cents");