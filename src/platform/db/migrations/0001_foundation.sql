CREATE TABLE "municipality" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ags" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "municipality_ags_unique" UNIQUE("ags")
);
--> statement-breakpoint
CREATE TABLE "staff_session" (
	"id" text PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"pending_second_factor" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "staff_user" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"email" text,
	"password_hash" text NOT NULL,
	"totp_secret_encrypted" text,
	"totp_last_step" integer,
	"roles" text[] NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "address" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"street" text NOT NULL,
	"house_number" text NOT NULL,
	"addition" text,
	"postcode" text NOT NULL,
	"city" text NOT NULL,
	"ags" text NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"address_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "id_document" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"serial_number" text NOT NULL,
	"issuing_authority" text NOT NULL,
	"issued_on" date NOT NULL,
	"valid_until" date NOT NULL,
	"status" text DEFAULT 'valid' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "institution" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"address_id" uuid NOT NULL,
	"phone" text,
	"email" text,
	"visiting_hours" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "name_lexicon" (
	"municipality_id" uuid NOT NULL,
	"token" text NOT NULL,
	"phonetic" text NOT NULL,
	"occurrences" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "name_lexicon_municipality_id_token_pk" PRIMARY KEY("municipality_id","token")
);
--> statement-breakpoint
CREATE TABLE "person_block" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"scope" text,
	"reason" text,
	"valid_from" date NOT NULL,
	"valid_until" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_name_token" (
	"municipality_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"token" text NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "person_name_token_person_id_token_role_pk" PRIMARY KEY("person_id","token","role")
);
--> statement-breakpoint
CREATE TABLE "person_relation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"related_person_id" uuid,
	"external_name" text,
	"external_address" text,
	"scope" text[],
	"valid_from" date,
	"valid_until" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"source_key" text,
	"family_name" text NOT NULL,
	"birth_name" text,
	"given_names" text[] NOT NULL,
	"preferred_given_name" smallint,
	"former_names" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"doctoral_degree" text,
	"religious_name" text,
	"artist_name" text,
	"birth_year" smallint,
	"birth_month" smallint,
	"birth_day" smallint,
	"birth_place" text,
	"birth_country" text,
	"sex" text NOT NULL,
	"nationalities" text[] NOT NULL,
	"religion" text,
	"marital_status" text DEFAULT 'NB' NOT NULL,
	"date_of_death" date,
	"search_name" text NOT NULL,
	"content_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "residence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"address_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"moved_in" date NOT NULL,
	"moved_out" date,
	"registered_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_chain" (
	"municipality_id" uuid PRIMARY KEY NOT NULL,
	"last_seq" bigint NOT NULL,
	"last_hash" text NOT NULL,
	"anchor_seq" bigint NOT NULL,
	"anchor_prev_hash" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_entry" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"actor_roles" text[] NOT NULL,
	"action" text NOT NULL,
	"data_categories" text[] NOT NULL,
	"person_ids" uuid[] NOT NULL,
	"hit_count" integer NOT NULL,
	"purpose" text,
	"details" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kit" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"name" text NOT NULL,
	"devices" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"commissioned_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "staff_session" ADD CONSTRAINT "staff_session_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_session" ADD CONSTRAINT "staff_session_user_id_staff_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."staff_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_user" ADD CONSTRAINT "staff_user_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "address" ADD CONSTRAINT "address_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "id_document" ADD CONSTRAINT "id_document_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "id_document" ADD CONSTRAINT "id_document_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution" ADD CONSTRAINT "institution_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution" ADD CONSTRAINT "institution_address_id_address_id_fk" FOREIGN KEY ("address_id") REFERENCES "public"."address"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "name_lexicon" ADD CONSTRAINT "name_lexicon_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_block" ADD CONSTRAINT "person_block_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_block" ADD CONSTRAINT "person_block_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_name_token" ADD CONSTRAINT "person_name_token_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_name_token" ADD CONSTRAINT "person_name_token_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_relation" ADD CONSTRAINT "person_relation_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_relation" ADD CONSTRAINT "person_relation_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_relation" ADD CONSTRAINT "person_relation_related_person_id_person_id_fk" FOREIGN KEY ("related_person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residence" ADD CONSTRAINT "residence_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residence" ADD CONSTRAINT "residence_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residence" ADD CONSTRAINT "residence_address_id_address_id_fk" FOREIGN KEY ("address_id") REFERENCES "public"."address"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_chain" ADD CONSTRAINT "audit_chain_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit" ADD CONSTRAINT "kit_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "staff_session_user_idx" ON "staff_session" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "staff_session_expires_idx" ON "staff_session" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_user_username_uq" ON "staff_user" USING btree ("username");--> statement-breakpoint
CREATE UNIQUE INDEX "address_key_uq" ON "address" USING btree ("municipality_id","address_key");--> statement-breakpoint
CREATE INDEX "address_street_trgm" ON "address" USING gin ("street" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "id_document_person_idx" ON "id_document" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "id_document_serial_uq" ON "id_document" USING btree ("municipality_id","kind","serial_number");--> statement-breakpoint
CREATE INDEX "name_lexicon_phonetic" ON "name_lexicon" USING btree ("municipality_id","phonetic");--> statement-breakpoint
CREATE INDEX "name_lexicon_trgm" ON "name_lexicon" USING gin ("token" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "person_block_person_idx" ON "person_block" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_name_token_lookup" ON "person_name_token" USING btree ("municipality_id","token");--> statement-breakpoint
CREATE INDEX "person_relation_person_idx" ON "person_relation" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_relation_related_idx" ON "person_relation" USING btree ("related_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "person_source_key_uq" ON "person" USING btree ("municipality_id","source_key");--> statement-breakpoint
CREATE INDEX "person_birth_idx" ON "person" USING btree ("municipality_id","birth_year","birth_month","birth_day");--> statement-breakpoint
CREATE INDEX "person_search_name_trgm" ON "person" USING gin ("search_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "residence_person_idx" ON "residence" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "residence_address_idx" ON "residence" USING btree ("address_id");--> statement-breakpoint
CREATE UNIQUE INDEX "residence_uq" ON "residence" USING btree ("person_id","address_id","moved_in");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_entry_seq_uq" ON "audit_entry" USING btree ("municipality_id","seq");--> statement-breakpoint
CREATE INDEX "audit_entry_at_idx" ON "audit_entry" USING btree ("municipality_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "kit_name_uq" ON "kit" USING btree ("municipality_id","name");