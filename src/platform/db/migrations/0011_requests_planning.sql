CREATE TABLE "officer_absence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"officer_id" uuid NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "officer" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"staff_user_id" uuid NOT NULL,
	"working_hours" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"skills" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_run" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"seed" integer NOT NULL,
	"time_limit_ms" integer NOT NULL,
	"figures" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"unassigned" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tour_stop" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"tour_id" uuid NOT NULL,
	"sequence" smallint NOT NULL,
	"institution_id" uuid,
	"place" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"arrive_at" timestamp with time zone NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"end_at" timestamp with time zone NOT NULL,
	"request_ids" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tour" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"plan_run_id" uuid,
	"date" date NOT NULL,
	"kit_id" uuid NOT NULL,
	"officer_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"locked" boolean DEFAULT false NOT NULL,
	"depart_at" timestamp with time zone NOT NULL,
	"return_at" timestamp with time zone NOT NULL,
	"travel_minutes" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eligibility_decision" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"rule_set_id" uuid NOT NULL,
	"rule_version" integer NOT NULL,
	"outcome" text NOT NULL,
	"criteria" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reasons" text,
	"letter_document_id" uuid,
	"decided_by" uuid,
	"decided_by_name" text NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"current" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eligibility_rule_set" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"rules" jsonb NOT NULL,
	"valid_from" date NOT NULL,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_mail" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"mailbox" text NOT NULL,
	"uid_validity" text NOT NULL,
	"uid" integer NOT NULL,
	"message_id" text NOT NULL,
	"from_address" text NOT NULL,
	"from_name" text,
	"subject" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"text" text NOT NULL,
	"raw" "bytea" NOT NULL,
	"status" text NOT NULL,
	"request_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_attachment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_correspondence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"subject" text,
	"message_id" text,
	"in_reply_to" text,
	"document_id" uuid,
	"status" text NOT NULL,
	"error" text,
	"tour_stop_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "request_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spent_challenge" (
	"challenge_hash" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"status_token_hash" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"person_id" uuid,
	"subject" jsonb NOT NULL,
	"requester" jsonb NOT NULL,
	"services" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"location" jsonb,
	"availability" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"urgency_reason" text,
	"needed_by" date,
	"notes" text,
	"merged_into_id" uuid,
	"waitlisted_at" timestamp with time zone,
	"pinned_kit_id" uuid,
	"pinned_date" date,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "kit" ADD COLUMN "shifts" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "kit" ADD COLUMN "max_stops" smallint DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "officer_absence" ADD CONSTRAINT "officer_absence_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "officer_absence" ADD CONSTRAINT "officer_absence_officer_id_officer_id_fk" FOREIGN KEY ("officer_id") REFERENCES "public"."officer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "officer" ADD CONSTRAINT "officer_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "officer" ADD CONSTRAINT "officer_staff_user_id_staff_user_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_run" ADD CONSTRAINT "plan_run_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tour_stop" ADD CONSTRAINT "tour_stop_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tour_stop" ADD CONSTRAINT "tour_stop_tour_id_tour_id_fk" FOREIGN KEY ("tour_id") REFERENCES "public"."tour"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tour" ADD CONSTRAINT "tour_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tour" ADD CONSTRAINT "tour_plan_run_id_plan_run_id_fk" FOREIGN KEY ("plan_run_id") REFERENCES "public"."plan_run"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tour" ADD CONSTRAINT "tour_kit_id_kit_id_fk" FOREIGN KEY ("kit_id") REFERENCES "public"."kit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decision" ADD CONSTRAINT "eligibility_decision_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decision" ADD CONSTRAINT "eligibility_decision_request_id_visit_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."visit_request"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decision" ADD CONSTRAINT "eligibility_decision_rule_set_id_eligibility_rule_set_id_fk" FOREIGN KEY ("rule_set_id") REFERENCES "public"."eligibility_rule_set"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_rule_set" ADD CONSTRAINT "eligibility_rule_set_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_mail" ADD CONSTRAINT "inbound_mail_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_mail" ADD CONSTRAINT "inbound_mail_request_id_visit_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."visit_request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_attachment" ADD CONSTRAINT "request_attachment_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_attachment" ADD CONSTRAINT "request_attachment_request_id_visit_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."visit_request"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_correspondence" ADD CONSTRAINT "request_correspondence_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_correspondence" ADD CONSTRAINT "request_correspondence_request_id_visit_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."visit_request"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_event" ADD CONSTRAINT "request_event_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_event" ADD CONSTRAINT "request_event_request_id_visit_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."visit_request"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_request" ADD CONSTRAINT "visit_request_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "officer_absence_officer_idx" ON "officer_absence" USING btree ("officer_id","from_date");--> statement-breakpoint
CREATE UNIQUE INDEX "officer_user_uq" ON "officer" USING btree ("municipality_id","staff_user_id");--> statement-breakpoint
CREATE INDEX "plan_run_week_idx" ON "plan_run" USING btree ("municipality_id","week_start");--> statement-breakpoint
CREATE INDEX "tour_stop_tour_idx" ON "tour_stop" USING btree ("tour_id","sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "tour_kit_day_uq" ON "tour" USING btree ("municipality_id","kit_id","date") WHERE "tour"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "tour_date_idx" ON "tour" USING btree ("municipality_id","date");--> statement-breakpoint
CREATE INDEX "eligibility_decision_request_idx" ON "eligibility_decision" USING btree ("request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "eligibility_rule_set_version_uq" ON "eligibility_rule_set" USING btree ("municipality_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_mail_uid_uq" ON "inbound_mail" USING btree ("municipality_id","mailbox","uid_validity","uid");--> statement-breakpoint
CREATE INDEX "inbound_mail_message_id_idx" ON "inbound_mail" USING btree ("municipality_id","message_id");--> statement-breakpoint
CREATE INDEX "inbound_mail_request_idx" ON "inbound_mail" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "request_attachment_request_idx" ON "request_attachment" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "request_correspondence_request_idx" ON "request_correspondence" USING btree ("request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "request_correspondence_reminder_uq" ON "request_correspondence" USING btree ("request_id","kind","channel","tour_stop_id") WHERE "request_correspondence"."kind" = 'reminder';--> statement-breakpoint
CREATE INDEX "request_event_request_idx" ON "request_event" USING btree ("request_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_request_reference_uq" ON "visit_request" USING btree ("municipality_id","reference");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_request_status_token_uq" ON "visit_request" USING btree ("status_token_hash");--> statement-breakpoint
CREATE INDEX "visit_request_status_idx" ON "visit_request" USING btree ("municipality_id","status");--> statement-breakpoint
CREATE INDEX "visit_request_person_idx" ON "visit_request" USING btree ("municipality_id","person_id");