ALTER TABLE "fundraisers" ADD COLUMN "pending_branding" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "pending_business_name" text;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD COLUMN "pending_logo_image_id" uuid;--> statement-breakpoint
ALTER TABLE "fundraisers" ADD CONSTRAINT "fundraisers_pending_logo_image_id_images_id_fk" FOREIGN KEY ("pending_logo_image_id") REFERENCES "public"."images"("id") ON DELETE set null ON UPDATE no action;