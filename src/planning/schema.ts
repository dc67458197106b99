import { date, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { municipalities } from '../platform/tenancy/schema.ts';

export interface KitDevice {
  /** printer | scanner | fingerprint_sensor | camera | change_terminal | payment_terminal */
  kind: string;
  model: string;
  serialNumber: string;
  /** Certificate valid until (change terminal), ISO date. */
  certificateValidUntil?: string;
  nextMaintenance?: string;
}

/** A Bürgerkoffer: one suitcase of devices, planned as a resource. */
export const kits = pgTable('kit', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
  name: text('name').notNull(),
  devices: jsonb('devices').$type<KitDevice[]>().notNull().default([]),
  /** active | maintenance | retired */
  status: text('status').notNull().default('active'),
  commissionedOn: date('commissioned_on'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('kit_name_uq').on(t.municipalityId, t.name)]);
