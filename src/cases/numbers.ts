/**
 * Numbered series per municipality and year: case numbers ("2026-000123") and receipt numbers
 * ("Q-2026-000045"). One INSERT … ON CONFLICT DO UPDATE … RETURNING takes a whole block
 * atomically, so concurrent server instances (and kits holding reserved ranges) never share a
 * number. Numbers are never reused, even when the case that took one is cancelled.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { registerToday } from '../register/dates.ts';
import { caseNumberRanges, caseNumberReservations } from './schema.ts';

export type NumberSeries = 'case' | 'receipt';

const prefixes: Record<NumberSeries, string> = { case: '', receipt: 'Q-' };

export function formatNumber(series: NumberSeries, year: number, value: number): string {
  return `${prefixes[series]}${year}-${String(value).padStart(6, '0')}`;
}

/** The calendar year in Europe/Berlin: a case opened at 00:30 on 1 January belongs to the new year. */
export function numberingYear(at: Date): number {
  return Number(registerToday(at).slice(0, 4));
}

/** Takes `count` consecutive values of a series; returns the first one. */
async function takeBlock(db: Db, municipalityId: string, series: NumberSeries, year: number, count: number): Promise<number> {
  const result = await db.insert(caseNumberRanges)
    .values({ municipalityId, series, year, nextValue: 1 + count })
    .onConflictDoUpdate({
      target: [caseNumberRanges.municipalityId, caseNumberRanges.series, caseNumberRanges.year],
      set: { nextValue: sql`${caseNumberRanges.nextValue} + ${count}`, updatedAt: sql`now()` },
    })
    .returning({ nextValue: caseNumberRanges.nextValue });
  const next = result[0]?.nextValue;
  if (next === undefined) throw new Error('number range update returned nothing');
  return next - count;
}

export async function allocateCaseNumber(db: Db, municipalityId: string, at: Date): Promise<string> {
  const year = numberingYear(at);
  return formatNumber('case', year, await takeBlock(db, municipalityId, 'case', year, 1));
}

export async function allocateReceiptNumber(db: Db, municipalityId: string, at: Date): Promise<string> {
  const year = numberingYear(at);
  return formatNumber('receipt', year, await takeBlock(db, municipalityId, 'receipt', year, 1));
}

export const maxReservation = 10_000;

export interface CaseNumberReservation {
  first: string;
  last: string;
  numbers: string[];
}

/**
 * A block of case numbers for a kit to use offline. The block is taken from the same counter as
 * online numbers, so it is never handed out again, and recorded with who holds it.
 */
export async function reserveCaseNumbers(
  db: Db,
  municipalityId: string,
  options: { count: number; reservedFor: string; at?: Date },
): Promise<CaseNumberReservation> {
  const { count, reservedFor } = options;
  if (!Number.isInteger(count) || count < 1 || count > maxReservation) {
    throw new AppError('RESERVATION_COUNT_INVALID', `Reserve between 1 and ${maxReservation} case numbers at a time.`, 400);
  }
  if (reservedFor.trim() === '') throw new AppError('RESERVATION_HOLDER_MISSING', 'Say who the case numbers are reserved for (e.g. the kit).', 400);
  const at = options.at ?? new Date();
  const year = numberingYear(at);
  return db.transaction(async (tx) => {
    const start = await takeBlock(tx as unknown as Db, municipalityId, 'case', year, count);
    const end = start + count - 1;
    await tx.insert(caseNumberReservations).values({ municipalityId, series: 'case', year, rangeStart: start, rangeEnd: end, reservedFor, reservedAt: at });
    const numbers = Array.from({ length: count }, (_, i) => formatNumber('case', year, start + i));
    return { first: formatNumber('case', year, start), last: formatNumber('case', year, end), numbers };
  });
}
