CREATE TABLE "applicant_identities" (
	"fee_request_id" uuid PRIMARY KEY NOT NULL,
	"name" text,
	"email" text,
	"note" text,
	"a_number" text,
	"date_of_birth" text,
	"email_index" text,
	"key_version" integer NOT NULL,
	"consented_at" timestamp with time zone NOT NULL,
	"destroyed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"fee_request_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fee_request_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"body" text,
	"key_version" integer NOT NULL,
	"author_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"secret_hash" text NOT NULL,
	"fee_request_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "collect_a_number" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "collect_date_of_birth" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "case_retention_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "sealed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "applicant_identities" ADD CONSTRAINT "applicant_identities_fee_request_id_fee_requests_id_fk" FOREIGN KEY ("fee_request_id") REFERENCES "public"."fee_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_links" ADD CONSTRAINT "case_links_fee_request_id_fee_requests_id_fk" FOREIGN KEY ("fee_request_id") REFERENCES "public"."fee_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_messages" ADD CONSTRAINT "case_messages_fee_request_id_fee_requests_id_fk" FOREIGN KEY ("fee_request_id") REFERENCES "public"."fee_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_sessions" ADD CONSTRAINT "case_sessions_fee_request_id_fee_requests_id_fk" FOREIGN KEY ("fee_request_id") REFERENCES "public"."fee_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applicant_identities_email_index" ON "applicant_identities" USING btree ("email_index");--> statement-breakpoint
CREATE INDEX "case_links_request" ON "case_links" USING btree ("fee_request_id");--> statement-breakpoint
CREATE INDEX "case_messages_request" ON "case_messages" USING btree ("fee_request_id","created_at");--> statement-breakpoint
CREATE INDEX "case_sessions_request" ON "case_sessions" USING btree ("fee_request_id");