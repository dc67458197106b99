ALTER TABLE "inbound_mail" ADD COLUMN "error" text;
