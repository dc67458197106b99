CREATE TABLE "kit_challenge" (
	"nonce" text PRIMARY KEY NOT NULL,
	"pairing_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kit_event_receipt" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"kit_id" uuid NOT NULL,
	"stream_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"code" text,
	"reason" text,
	"result" jsonb,
	"digest" text NOT NULL,
	"event" jsonb NOT NULL,
	"captured_at_kit" timestamp with time zone NOT NULL,
	"captured_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"resolution" text
);
--> statement-breakpoint
CREATE TABLE "kit_pairing" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"kit_id" uuid NOT NULL,
	"signing_key" jsonb NOT NULL,
	"encryption_key" jsonb NOT NULL,
	"fingerprint" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revoke_reason" text,
	"wiped_at" timestamp with time zone,
	"last_contact_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "kit_session" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"pairing_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kit_upload_chunk" (
	"kit_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"offset" bigint NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "kit_upload_chunk_kit_id_sha256_offset_pk" PRIMARY KEY("kit_id","sha256","offset")
);
--> statement-breakpoint
CREATE TABLE "kit_upload" (
	"municipality_id" uuid NOT NULL,
	"kit_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"media_type" text NOT NULL,
	"received" bigint DEFAULT 0 NOT NULL,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kit_upload_kit_id_sha256_pk" PRIMARY KEY("kit_id","sha256")
);
--> statement-breakpoint
ALTER TABLE "kit_challenge" ADD CONSTRAINT "kit_challenge_pairing_id_kit_pairing_id_fk" FOREIGN KEY ("pairing_id") REFERENCES "public"."kit_pairing"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit_event_receipt" ADD CONSTRAINT "kit_event_receipt_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit_event_receipt" ADD CONSTRAINT "kit_event_receipt_kit_id_kit_id_fk" FOREIGN KEY ("kit_id") REFERENCES "public"."kit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit_event_receipt" ADD CONSTRAINT "kit_event_receipt_resolved_by_staff_user_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit_pairing" ADD CONSTRAINT "kit_pairing_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit_pairing" ADD CONSTRAINT "kit_pairing_kit_id_kit_id_fk" FOREIGN KEY ("kit_id") REFERENCES "public"."kit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit_pairing" ADD CONSTRAINT "kit_pairing_decided_by_staff_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit_pairing" ADD CONSTRAINT "kit_pairing_revoked_by_staff_user_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit_session" ADD CONSTRAINT "kit_session_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit_session" ADD CONSTRAINT "kit_session_pairing_id_kit_pairing_id_fk" FOREIGN KEY ("pairing_id") REFERENCES "public"."kit_pairing"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit_upload" ADD CONSTRAINT "kit_upload_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit_upload" ADD CONSTRAINT "kit_upload_kit_id_kit_id_fk" FOREIGN KEY ("kit_id") REFERENCES "public"."kit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kit_event_receipt_stream_idx" ON "kit_event_receipt" USING btree ("stream_id","seq");--> statement-breakpoint
CREATE INDEX "kit_event_receipt_review_idx" ON "kit_event_receipt" USING btree ("municipality_id","status");--> statement-breakpoint
CREATE INDEX "kit_pairing_kit_idx" ON "kit_pairing" USING btree ("kit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "kit_pairing_one_active_uq" ON "kit_pairing" USING btree ("kit_id") WHERE status in ('pending', 'active');