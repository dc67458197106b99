CREATE TABLE "kit_key" (
	"holder" text PRIMARY KEY NOT NULL,
	"wrapped" jsonb NOT NULL,
	"username" text,
	"display_name" text,
	"roles" text[],
	"last_online_login_at" timestamp with time zone,
	"failed_attempts" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kit_number" (
	"number" text PRIMARY KEY NOT NULL,
	"series" text NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "kit_package" (
	"tour_id" uuid PRIMARY KEY NOT NULL,
	"tour_date" text NOT NULL,
	"sealed" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
