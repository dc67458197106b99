CREATE TABLE "outbound_delivery" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"outcome" text NOT NULL,
	"error" text,
	"transport" text,
	"transport_reference" text,
	"file_name" text,
	"media_type" text,
	"content_sha256" text,
	"content_bytes" bigint,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbound_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"case_id" uuid,
	"kind" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"recipient_name" text NOT NULL,
	"due_by" date,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone,
	"file_name" text,
	"transport" text,
	"transport_reference" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbound_delivery" ADD CONSTRAINT "outbound_delivery_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_delivery" ADD CONSTRAINT "outbound_delivery_message_id_outbound_message_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."outbound_message"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_message" ADD CONSTRAINT "outbound_message_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbound_delivery_message_idx" ON "outbound_delivery" USING btree ("message_id","attempt");--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_message_key_uq" ON "outbound_message" USING btree ("municipality_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "outbound_message_status_idx" ON "outbound_message" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "outbound_message_case_idx" ON "outbound_message" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "outbound_message_list_idx" ON "outbound_message" USING btree ("municipality_id","created_at");