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

/**
 * The characters of the variable part of a German ID document serial number: digits and the
 * consonants C F G H J K L M N P R T V W X Y Z (no vowels, so no words; no B, D, Q, S that read
 * like digits in the MRZ font).
 */
export const serialAlphabet = '0123456789CFGHJKLMNPRTVWXYZ';
export const serialCounterLength = 5;
/** 27⁵ = 14 348 907 serial numbers per authority code. */
export const serialCapacity = serialAlphabet.length ** serialCounterLength;

/** The 5 characters for counter value `value` (0-based), most significant first: 0 → 00000, 27 → 00010. */
export function serialCounterText(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value >= serialCapacity) {
    throw new RangeError(`serial counter ${value} is outside 0…${serialCapacity - 1}`);
  }
  let rest = value;
  let text = '';
  for (let i = 0; i < serialCounterLength; i += 1) {
    text = serialAlphabet.charAt(rest % serialAlphabet.length) + text;
    rest = Math.floor(rest / serialAlphabet.length);
  }
  return text;
}

/**
 * The serial series has no year: its counter runs across years (year 0 in case_number_range),
 * per authority code, so a serial number is never handed out twice.
 */
const serialYear = 0;
const serialSeries = (authorityCode: string) => `id_serial:${authorityCode}`;

/**
 * Reserves the 9-character serial number (without check digit) of an ID document: the
 * authority's 4-character Behördenkennzahl and the next value of its counter in the ICAO
 * alphabet. Taken once per case (at capture) and never reused, even when the case is cancelled.
 */
export async function allocateSerialNumber(db: Db, municipalityId: string, authorityCode: string): Promise<string> {
  if (!/^[0-9A-Z]{4}$/.test(authorityCode)) {
    throw new AppError('AUTHORITY_CODE_INVALID',
      `The Behördenkennzahl "${authorityCode}" must be 4 digits or capital letters; an administrator corrects it in the municipality settings.`, 422);
  }
  const value = await takeBlock(db, municipalityId, serialSeries(authorityCode), serialYear, 1) - 1;
  if (value >= serialCapacity) {
    throw new AppError('SERIAL_NUMBERS_EXHAUSTED',
      `All ${serialCapacity} serial numbers of authority code ${authorityCode} are used; the Land must assign a new Behördenkennzahl.`, 422);
  }
  return `${authorityCode}${serialCounterText(value)}`;
}

/** The calendar year in Europe/Berlin: a case opened at 00:30 on 1 January belongs to the new year. */
export function numberingYear(at: Date): number {
  return Number(registerToday(at).slice(0, 4));
}

/** Takes `count` consecutive values of a series; returns the first one. */
async function takeBlock(db: Db, municipalityId: string, series: string, year: number, count: number): Promise<number> {
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
  return reserveNumbers(db, municipalityId, { ...options, series: 'case' });
}

/**
 * A block of a numbered series (case or receipt numbers) for a kit to use offline, taken from the
 * same counter as online numbers and recorded with who holds it.
 */
export async function reserveNumbers(
  db: Db,
  municipalityId: string,
  options: { series: NumberSeries; count: number; reservedFor: string; at?: Date },
): Promise<CaseNumberReservation> {
  const { count, reservedFor, series } = options;
  if (!Number.isInteger(count) || count < 1 || count > maxReservation) {
    throw new AppError('RESERVATION_COUNT_INVALID', `Reserve between 1 and ${maxReservation} numbers at a time.`, 400);
  }
  if (reservedFor.trim() === '') throw new AppError('RESERVATION_HOLDER_MISSING', 'Say who the numbers are reserved for (e.g. the kit).', 400);
  const at = options.at ?? new Date();
  const year = numberingYear(at);
  return db.transaction(async (tx) => {
    const start = await takeBlock(tx as unknown as Db, municipalityId, series, year, count);
    const end = start + count - 1;
    await tx.insert(caseNumberReservations).values({ municipalityId, series, year, rangeStart: start, rangeEnd: end, reservedFor, reservedAt: at });
    const numbers = Array.from({ length: count }, (_, i) => formatNumber(series, year, start + i));
    return { first: formatNumber(series, year, start), last: formatNumber(series, year, end), numbers };
  });
}
