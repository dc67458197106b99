import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A municipality (tenant). Every other table carries its id, so one deployment can host many cities. */
export const municipalities = pgTable('municipality', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Amtlicher Gemeindeschlüssel, 8 digits (Bochum: 05911000). */
  ags: text('ags').notNull().unique(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
