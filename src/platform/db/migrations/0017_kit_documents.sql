CREATE TABLE "delegated_signing_key" (
	"id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"holder" text NOT NULL,
	"public_key" text NOT NULL,
	"private_key_sealed" text,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "document_verification" ADD COLUMN "signing_key_id" uuid;--> statement-breakpoint
ALTER TABLE "delegated_signing_key" ADD CONSTRAINT "delegated_signing_key_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delegated_signing_key_holder_idx" ON "delegated_signing_key" USING btree ("holder","valid_until");--> statement-breakpoint
ALTER TABLE "document_verification" ADD CONSTRAINT "document_verification_signing_key_id_delegated_signing_key_id_fk" FOREIGN KEY ("signing_key_id") REFERENCES "public"."delegated_signing_key"("id") ON DELETE no action ON UPDATE no action;