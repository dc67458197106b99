CREATE TABLE "kit_blob" (
	"sha256" text PRIMARY KEY NOT NULL,
	"media_type" text NOT NULL,
	"biometric" boolean NOT NULL,
	"size" integer NOT NULL,
	"sealed" "bytea",
	"uploaded" boolean DEFAULT false NOT NULL,
	"interrupted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"wiped_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "kit_outbox" (
	"position" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "kit_outbox_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_id" uuid NOT NULL,
	"stream_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"outcome" jsonb,
	"attachment_hashes" text[] DEFAULT '{}' NOT NULL,
	"sealed" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kit_outbox_event_id_unique" UNIQUE("event_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "kit_outbox_stream_seq_uq" ON "kit_outbox" USING btree ("stream_id","seq");