import { date, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { municipalities } from '../platform/tenancy/schema.ts';
import type { FeeTableLine } from './types.ts';

/**
 * Versions of fee tables a municipality has stored: its own tariff (municipal) and, when the
 * federal fees change before the software does, the new federal amounts. The built-in tables
 * in code (default-tables.ts) fill the days no stored version covers. Versions are only ever
 * added; an open-ended version is closed the day before a newer one starts.
 */
export const feeTables = pgTable('fee_table', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
  /** federal | municipal */
  kind: text('kind').notNull(),
  validFrom: date('valid_from', { mode: 'string' }).notNull(),
  /** Last day the version applies (inclusive); null = until further notice. */
  validUntil: date('valid_until', { mode: 'string' }),
  lines: jsonb('lines').$type<FeeTableLine[]>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** Staff user id, or null when the system (demo seed, CLI) added it. */
  createdBy: uuid('created_by'),
  /** Who added it, as a name, for the record also when the account is gone. */
  createdByName: text('created_by_name').notNull(),
}, (t) => [index('fee_table_validity_idx').on(t.municipalityId, t.kind, t.validFrom)]);
