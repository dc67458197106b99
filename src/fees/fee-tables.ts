/**
 * Stored fee table versions: loading them for the engine, adding a new version, listing them.
 *
 * Rules for a new version (so that every day has exactly one version of a kind and history is
 * never rewritten — quotes frozen on cases name the version they used):
 * - it has every line code of its kind exactly once (fee-lines.ts) and no other code;
 * - amounts are whole, non-negative cents (at most 10 000 €, a guard against typing cents as euros
 *   the other way round); labels and legal bases are not empty;
 * - the pension/social-purpose exemption exists only on municipal lines;
 * - it starts after the start of the newest stored version of its kind (versions are only added,
 *   never inserted before or replaced); that version, when open-ended, is closed the day before;
 * - it may start in the past (a Satzung in force before it was entered): quotes already frozen on
 *   cases keep the amounts they were given;
 * - the new version is open-ended: it applies until a newer one is added.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { municipalities } from '../platform/tenancy/schema.ts';
import { addDays, partialDateExists } from '../register/dates.ts';
import { builtinFederalTables, builtinMunicipalTables } from './default-tables.ts';
import { lineCodesOf } from './fee-lines.ts';
import { feeTables } from './schema.ts';
import type { FeeTable, FeeTableKind, FeeTableLine, FeeTableSet } from './types.ts';

/** The highest amount a line may have: 10 000 € in cents. */
export const maxLineCents = 1_000_000;

/** A version as listed for the settings: the table plus who stored it and when. */
export interface FeeTableVersion extends FeeTable {
  /** ISO 8601 instant; null for built-in versions. */
  createdAt: string | null;
  /** Name of who stored it; "Bürgerkoffer (eingebaut)" for built-ins. */
  createdByName: string;
}

export interface AddFeeTableVersionInput {
  municipalityId: string;
  kind: FeeTableKind;
  /** YYYY-MM-DD, first day the version applies. */
  validFrom: string;
  lines: FeeTableLine[];
  /** Staff user (id) or system actor (id null, e.g. the demo seed or the CLI). */
  actor: { id: string | null; name: string };
}

type Row = typeof feeTables.$inferSelect;

function toTable(row: Row): FeeTable {
  return {
    id: row.id,
    kind: row.kind === 'federal' ? 'federal' : 'municipal',
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    lines: row.lines,
    source: 'stored',
  };
}

/** The versions the engine chooses from for one municipality: its stored ones plus the built-ins. */
export async function loadFeeTables(db: Db, municipalityId: string): Promise<FeeTableSet> {
  const rows = await db.select().from(feeTables)
    .where(eq(feeTables.municipalityId, municipalityId))
    .orderBy(asc(feeTables.kind), asc(feeTables.validFrom));
  const stored = rows.map(toTable);
  return {
    federal: [...stored.filter((t) => t.kind === 'federal'), ...builtinFederalTables],
    municipal: [...stored.filter((t) => t.kind === 'municipal'), ...builtinMunicipalTables],
  };
}

/** Every version, stored and built-in, by kind and start date, with who stored it. */
export async function listFeeTables(db: Db, municipalityId: string): Promise<FeeTableVersion[]> {
  const rows = await db.select().from(feeTables)
    .where(eq(feeTables.municipalityId, municipalityId))
    .orderBy(asc(feeTables.kind), asc(feeTables.validFrom));
  const stored: FeeTableVersion[] = rows.map((row) => ({ ...toTable(row), createdAt: row.createdAt.toISOString(), createdByName: row.createdByName }));
  const builtin: FeeTableVersion[] = [...builtinFederalTables, ...builtinMunicipalTables]
    .map((table) => ({ ...table, createdAt: null, createdByName: 'Bürgerkoffer (eingebaut)' }));
  const kindOrder = (kind: FeeTableKind) => (kind === 'federal' ? 0 : 1);
  return [...stored, ...builtin].sort((a, b) =>
    kindOrder(a.kind) - kindOrder(b.kind)
    || (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0)
    || (a.source === b.source ? 0 : a.source === 'builtin' ? -1 : 1));
}

function invalid(field: string, de: string, en: string, status = 400, extra: Record<string, unknown> = {}): AppError {
  return new AppError('FEE_TABLE_INVALID', en, status, { field, text: { de, en }, ...extra });
}

/** Checks a version's lines against its kind; returns the lines as they will be stored (trimmed, only known keys). */
export function validateFeeTableLines(kind: FeeTableKind, lines: readonly FeeTableLine[]): FeeTableLine[] {
  if (!Array.isArray(lines)) throw invalid('lines', 'Die Zeilen fehlen.', 'The lines are missing.');
  const expected = lineCodesOf(kind);
  const seen = new Set<string>();
  const cleaned: FeeTableLine[] = [];
  lines.forEach((line, index) => {
    const at = `lines[${index}]`;
    const code: unknown = line?.code;
    if (typeof code !== 'string' || !(expected as readonly string[]).includes(code)) {
      throw invalid(`${at}.code`,
        `Unbekannte Zeile "${String(code)}" für eine Tabelle der Art ${kind}. Erlaubt sind: ${expected.join(', ')}.`,
        `Unknown line "${String(code)}" for a ${kind} table. Allowed: ${expected.join(', ')}.`, 400, { allowed: expected.join(', ') });
    }
    if (seen.has(code)) {
      throw invalid(`${at}.code`, `Die Zeile ${code} kommt mehr als einmal vor; jede Zeile genau einmal.`, `Line ${code} appears more than once; give each line exactly once.`);
    }
    seen.add(code);
    const amount: unknown = line.amountCents;
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 0 || amount > maxLineCents) {
      throw invalid(`${at}.amountCents`,
        `Der Betrag von ${code} muss in ganzen Cent angegeben werden, von 0 bis ${maxLineCents} (z. B. 1000 für 10,00 €), nicht ${String(amount)}.`,
        `The amount of ${code} must be whole cents from 0 to ${maxLineCents} (e.g. 1000 for 10.00 €), not ${String(amount)}.`);
    }
    const label = typeof line.label === 'string' ? line.label.trim() : '';
    if (label === '' || label.length > 200) {
      throw invalid(`${at}.label`, `Die Bezeichnung von ${code} fehlt oder ist länger als 200 Zeichen; sie steht so auf der Quittung.`,
        `The label of ${code} is missing or longer than 200 characters; it is printed on the receipt as given.`);
    }
    const legalBasis = typeof line.legalBasis === 'string' ? line.legalBasis.trim() : '';
    if (legalBasis === '' || legalBasis.length > 300) {
      throw invalid(`${at}.legalBasis`, `Die Rechtsgrundlage von ${code} fehlt oder ist länger als 300 Zeichen, z. B. „Verwaltungsgebührensatzung Tarifstelle 3.1“.`,
        `The legal basis of ${code} is missing or longer than 300 characters, e.g. "Verwaltungsgebührensatzung Tarifstelle 3.1".`);
    }
    const free: unknown = line.pensionOrSocialPurposeFree;
    if (free !== undefined && typeof free !== 'boolean') {
      throw invalid(`${at}.pensionOrSocialPurposeFree`, 'pensionOrSocialPurposeFree muss true oder false sein.', 'pensionOrSocialPurposeFree must be true or false.');
    }
    if (free === true && kind === 'federal') {
      throw invalid(`${at}.pensionOrSocialPurposeFree`,
        `Die Gebührenfreiheit für Renten- und Sozialzwecke gibt es nur in der Gebührensatzung der Gemeinde, nicht für die Bundesgebühr ${code}.`,
        `The pension/social-purpose exemption exists only in the municipal tariff, not for the federal fee ${code}.`);
    }
    cleaned.push({ code, label, amountCents: amount, legalBasis, ...(kind === 'municipal' ? { pensionOrSocialPurposeFree: free === true } : {}) });
  });
  const missing = expected.filter((code) => !seen.has(code));
  if (missing.length > 0) {
    throw invalid('lines', `Es fehlen die Zeilen ${missing.join(', ')}; eine Version hat jede Zeile ihrer Art genau einmal.`,
      `Lines ${missing.join(', ')} are missing; a version has every line of its kind exactly once.`, 400, { missing });
  }
  // Stored in the order of fee-lines.ts, so versions compare line by line.
  return expected.map((code) => cleaned.find((line) => line.code === code) as FeeTableLine);
}

/**
 * Adds a version and closes the open-ended predecessor the day before it starts. Runs in one
 * transaction that locks the municipality row, so two admins adding versions at once cannot
 * both pass the start-date check.
 */
export async function addFeeTableVersion(db: Db, input: AddFeeTableVersionInput): Promise<FeeTableVersion> {
  const { municipalityId, kind, validFrom, actor } = input;
  if (kind !== 'federal' && kind !== 'municipal') {
    throw invalid('kind', `Unbekannte Art "${String(kind)}"; möglich sind federal und municipal.`, `Unknown kind "${String(kind)}"; possible are federal and municipal.`, 400, { allowed: 'federal, municipal' });
  }
  if (typeof validFrom !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(validFrom) || !partialDateExists(validFrom)) {
    throw invalid('validFrom', `„Gültig ab“ (${String(validFrom)}) ist kein Kalendertag; erwartet wird JJJJ-MM-TT.`, `validFrom (${String(validFrom)}) is not a calendar day; expected YYYY-MM-DD.`);
  }
  if (!actor || typeof actor.name !== 'string' || actor.name.trim() === '') {
    throw invalid('actor.name', 'Es muss feststehen, wer die Version hinterlegt.', 'Say who stores the version (actor name).');
  }
  const lines = validateFeeTableLines(kind, input.lines);
  return db.transaction(async (tx) => {
    const [municipality] = await tx.select({ id: municipalities.id }).from(municipalities)
      .where(eq(municipalities.id, municipalityId)).for('update');
    if (!municipality) throw new AppError('MUNICIPALITY_UNKNOWN', `No municipality with id ${municipalityId}.`, 404);
    const [latest] = await tx.select().from(feeTables)
      .where(and(eq(feeTables.municipalityId, municipalityId), eq(feeTables.kind, kind)))
      .orderBy(desc(feeTables.validFrom)).limit(1);
    if (latest && validFrom <= latest.validFrom) {
      const earliest = addDays(latest.validFrom, 1);
      throw invalid('validFrom',
        `Es gibt bereits eine Version ab ${latest.validFrom}; eine neue Version muss später beginnen (frühestens ${earliest}). Versionen werden nur angefügt, nie ersetzt: Für eine Korrektur hinterlegen Sie eine Version ab dem Tag, ab dem sie gelten soll.`,
        `A version from ${latest.validFrom} exists; a new version must start later (${earliest} or after). Versions are only added, never replaced: to correct one, store a version from the day the correction applies.`,
        409, { latestValidFrom: latest.validFrom });
    }
    if (latest && latest.validUntil === null) {
      await tx.update(feeTables).set({ validUntil: addDays(validFrom, -1) }).where(eq(feeTables.id, latest.id));
    }
    const [row] = await tx.insert(feeTables).values({
      municipalityId, kind, validFrom, validUntil: null, lines,
      createdBy: actor.id, createdByName: actor.name.trim(),
    }).returning();
    if (!row) throw new Error('fee_table insert returned nothing');
    return { ...toTable(row), createdAt: row.createdAt.toISOString(), createdByName: row.createdByName };
  });
}
