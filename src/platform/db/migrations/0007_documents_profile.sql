CREATE TABLE "municipality_profile" (
	"municipality_id" uuid PRIMARY KEY NOT NULL,
	"authority_name" text NOT NULL,
	"authority_code" text NOT NULL,
	"place" text NOT NULL,
	"address_lines" jsonb NOT NULL,
	"phone" text,
	"email" text,
	"website" text,
	"letterhead_png" "bytea",
	"seal_png" "bytea",
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_signing_key" (
	"municipality_id" uuid PRIMARY KEY NOT NULL,
	"public_key" text NOT NULL,
	"private_key_sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_verification" (
	"code" text PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issuer" text NOT NULL,
	"certifies" jsonb NOT NULL,
	"token" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"revocation_reason" text
);
--> statement-breakpoint
CREATE TABLE "issued_document" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"case_id" uuid,
	"person_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"code" text,
	"pdf" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by_id" uuid,
	"issued_by_name" text NOT NULL,
	CONSTRAINT "issued_document_code_unique" UNIQUE("code")
);
--> statement-breakpoint
ALTER TABLE "municipality_profile" ADD CONSTRAINT "municipality_profile_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_signing_key" ADD CONSTRAINT "document_signing_key_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_verification" ADD CONSTRAINT "document_verification_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_verification" ADD CONSTRAINT "document_verification_document_id_issued_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."issued_document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issued_document" ADD CONSTRAINT "issued_document_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "issued_document_case_idx" ON "issued_document" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "issued_document_municipality_idx" ON "issued_document" USING btree ("municipality_id","issued_at");