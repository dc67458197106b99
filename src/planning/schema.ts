import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { staffUsers } from '../identity/schema.ts';
import { municipalities } from '../platform/tenancy/schema.ts';

const tenant = () => uuid('municipality_id').notNull().references(() => municipalities.id);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export interface KitDevice {
  /** printer | scanner | fingerprint_sensor | camera | change_terminal | payment_terminal */
  kind: string;
  model: string;
  serialNumber: string;
  /** Certificate valid until (change terminal), ISO date. */
  certificateValidUntil?: string;
  nextMaintenance?: string;
}

/** Time spans per weekday (1 = Monday … 7): { "1": [["08:00","16:00"]] }. */
export type WeeklyHours = Record<string, [string, string][]>;

/** A Bürgerkoffer: one suitcase of devices, planned as a resource. */
export const kits = pgTable('kit', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  name: text('name').notNull(),
  devices: jsonb('devices').$type<KitDevice[]>().notNull().default([]),
  /** active | maintenance | retired */
  status: text('status').notNull().default('active'),
  commissionedOn: date('commissioned_on'),
  /** When the kit may be out on tour; empty = the municipality's office hours. */
  shifts: jsonb('shifts').$type<WeeklyHours>().notNull().default({}),
  /** Visits per tour at most (DESIGN §5: 1–3 in practice). */
  maxStops: smallint('max_stops').notNull().default(3),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('kit_name_uq').on(t.municipalityId, t.name)]);

/** A staff member who goes on tours: working hours and skills (e.g. only some take passport applications). */
export const officers = pgTable('officer', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  staffUserId: uuid('staff_user_id').notNull().references(() => staffUsers.id),
  workingHours: jsonb('working_hours').$type<WeeklyHours>().notNull().default({}),
  /** Catalogue service ids this officer may take (empty = all). */
  skills: jsonb('skills').$type<string[]>().notNull().default([]),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('officer_user_uq').on(t.municipalityId, t.staffUserId)]);

/** Holidays, sickness, training: the officer cannot be planned on these days. */
export const officerAbsences = pgTable('officer_absence', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  officerId: uuid('officer_id').notNull().references(() => officers.id, { onDelete: 'cascade' }),
  fromDate: date('from_date').notNull(),
  toDate: date('to_date').notNull(),
  reason: text('reason'),
  createdAt: createdAt(),
}, (t) => [index('officer_absence_officer_idx').on(t.officerId, t.fromDate)]);

/** One planning run for a week: the solver's input summary, figures and who was left out and why. */
export const planRuns = pgTable('plan_run', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  /** Monday of the planned week. */
  weekStart: date('week_start').notNull(),
  seed: integer('seed').notNull(),
  timeLimitMs: integer('time_limit_ms').notNull(),
  /** { requests, stops, served, travelMinutes, elapsedMs, … } */
  figures: jsonb('figures').$type<Record<string, number>>().notNull().default({}),
  /** Requests not planned, with the solver's reason: [{ requestId, reason }]. */
  unassigned: jsonb('unassigned').$type<{ requestId: string; reason: string }[]>().notNull().default([]),
  createdBy: uuid('created_by'),
  createdByName: text('created_by_name').notNull(),
  createdAt: createdAt(),
}, (t) => [index('plan_run_week_idx').on(t.municipalityId, t.weekStart)]);

/** A kit's tour on one day with two officers, from the depot (Bürgerbüro) and back. */
export const tours = pgTable('tour', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  planRunId: uuid('plan_run_id').references(() => planRuns.id),
  date: date('date').notNull(),
  kitId: uuid('kit_id').notNull().references(() => kits.id),
  /** Exactly two officers (DESIGN §5). */
  officerIds: jsonb('officer_ids').$type<string[]>().notNull().default([]),
  /** draft | confirmed | done | cancelled */
  status: text('status').notNull().default('draft'),
  /** A locked tour is kept as it is when the rest of the week is re-planned. */
  locked: boolean('locked').notNull().default(false),
  departAt: timestamp('depart_at', { withTimezone: true }).notNull(),
  returnAt: timestamp('return_at', { withTimezone: true }).notNull(),
  travelMinutes: integer('travel_minutes').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('tour_kit_day_uq').on(t.municipalityId, t.kitId, t.date).where(sql`${t.status} <> 'cancelled'`),
  index('tour_date_idx').on(t.municipalityId, t.date),
]);

/** One stop of a tour: a home visit, or a Sammeltermin at an institution serving several requests. */
export const tourStops = pgTable('tour_stop', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  tourId: uuid('tour_id').notNull().references(() => tours.id, { onDelete: 'cascade' }),
  sequence: smallint('sequence').notNull(),
  institutionId: uuid('institution_id'),
  /** Printable place: "Seniorenzentrum Am Stadtpark, Am Stadtpark 3, 44787 Bochum". */
  place: text('place').notNull(),
  latitude: doublePrecision('latitude').notNull(),
  longitude: doublePrecision('longitude').notNull(),
  arriveAt: timestamp('arrive_at', { withTimezone: true }).notNull(),
  startAt: timestamp('start_at', { withTimezone: true }).notNull(),
  endAt: timestamp('end_at', { withTimezone: true }).notNull(),
  /** The visit requests served here (several = Sammeltermin). */
  requestIds: jsonb('request_ids').$type<string[]>().notNull(),
  createdAt: createdAt(),
}, (t) => [index('tour_stop_tour_idx').on(t.tourId, t.sequence)]);
