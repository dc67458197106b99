import type { z } from 'zod';
import { comparePartialDates, partialDateExists, registerToday } from './dates.ts';
import { addressKey } from './import/address-key.ts';
import { validateDinString, type DinDataType } from './names/din91379.ts';
import {
  addressRecordSchema, blockRecordSchema, documentRecordSchema, personRecordSchema, relationRecordSchema, residenceRecordSchema,
  type PersonRecord,
} from './record.ts';

export interface RecordIssue {
  /** Where in the record, e.g. "givenNames[1]" or "residences[0].movedOut". */
  path: string;
  message: string;
}

export type RecordValidation = { ok: true; record: PersonRecord } | { ok: false; issues: RecordIssue[] };

export interface ValidationOptions {
  /** Today's date (YYYY-MM-DD) for "not in the future" rules; defaults to today in Germany. */
  today?: string;
}

/**
 * Checks one person record of the exchange format: shape and types (zod), the DIN SPEC 91379
 * character set on every name and text, document check digits, real calendar dates and the rules
 * that join fields. Strings are NFC-normalised first; the record returned is the normalised one.
 */
export function validatePersonRecord(raw: unknown, options: ValidationOptions = {}): RecordValidation {
  const normalised = normaliseStrings(raw);
  const unknown = unknownFields(normalised);
  const parsed = personRecordSchema.safeParse(normalised);
  if (!parsed.success) {
    return { ok: false, issues: [...unknown, ...parsed.error.issues.map(zodIssue)] };
  }
  const issues = [...unknown, ...recordRuleIssues(parsed.data, options.today ?? registerToday(new Date()))];
  return issues.length > 0 ? { ok: false, issues } : { ok: true, record: parsed.data };
}

/** The rules beyond the shape, for a record that already parsed. Pure; exported for the tests. */
export function recordRuleIssues(record: PersonRecord, today: string): RecordIssue[] {
  return [
    ...characterIssues(record),
    ...dateIssues(record, today),
    ...nameRuleIssues(record),
    ...residenceIssues(record, today),
    ...documentIssues(record),
    ...blockIssues(record),
    ...relationIssues(record),
  ];
}

// --- characters (DIN SPEC 91379) -------------------------------------------------------------

function characterIssues(record: PersonRecord): RecordIssue[] {
  const fields: [string, string | null | undefined, DinDataType][] = [
    ['familyName', record.familyName, 'A'],
    ['birthName', record.birthName, 'A'],
    ...record.givenNames.map((name, i): [string, string, DinDataType] => [`givenNames[${i}]`, name, 'A']),
    ...record.formerNames.flatMap((former, i): [string, string, DinDataType][] => [
      [`formerNames[${i}].familyName`, former.familyName, 'A'],
      ...(former.givenNames ?? []).map((name, j): [string, string, DinDataType] => [`formerNames[${i}].givenNames[${j}]`, name, 'A']),
    ]),
    ['doctoralDegree', record.doctoralDegree, 'A'],
    ['religiousName', record.religiousName, 'A'],
    ['artistName', record.artistName, 'A'],
    ['birthPlace', record.birthPlace, 'B'],
    ...record.residences.flatMap((residence, i): [string, string | null | undefined, DinDataType][] => [
      [`residences[${i}].address.street`, residence.address.street, 'B'],
      [`residences[${i}].address.houseNumber`, residence.address.houseNumber, 'B'],
      [`residences[${i}].address.addition`, residence.address.addition, 'B'],
      [`residences[${i}].address.city`, residence.address.city, 'B'],
    ]),
    ...record.documents.map((document, i): [string, string, DinDataType] => [`documents[${i}].issuingAuthority`, document.issuingAuthority, 'B']),
    ...record.blocks.map((block, i): [string, string | null | undefined, DinDataType] => [`blocks[${i}].reason`, block.reason, 'B']),
    ...record.relations.flatMap((relation, i): [string, string | null | undefined, DinDataType][] => [
      [`relations[${i}].externalName`, relation.externalName, 'A'],
      [`relations[${i}].externalAddress`, relation.externalAddress, 'B'],
    ]),
  ];
  return fields.flatMap(([path, value, type]) =>
    value ? validateDinString(value, path, type).map((issue) => ({ path, message: issue.message })) : []);
}

// --- dates -----------------------------------------------------------------------------------

function dateIssues(record: PersonRecord, today: string): RecordIssue[] {
  const issues: RecordIssue[] = [];
  const fullDates: [string, string | null | undefined][] = [
    ['dateOfDeath', record.dateOfDeath],
    ...record.formerNames.map((former, i): [string, string | undefined] => [`formerNames[${i}].until`, former.until]),
    ...record.residences.flatMap((r, i): [string, string | null | undefined][] => [
      [`residences[${i}].movedIn`, r.movedIn], [`residences[${i}].movedOut`, r.movedOut], [`residences[${i}].registeredOn`, r.registeredOn],
    ]),
    ...record.documents.flatMap((d, i): [string, string][] => [[`documents[${i}].issuedOn`, d.issuedOn], [`documents[${i}].validUntil`, d.validUntil]]),
    ...record.blocks.flatMap((b, i): [string, string | null | undefined][] => [[`blocks[${i}].validFrom`, b.validFrom], [`blocks[${i}].validUntil`, b.validUntil]]),
    ...record.relations.flatMap((r, i): [string, string | null | undefined][] => [[`relations[${i}].validFrom`, r.validFrom], [`relations[${i}].validUntil`, r.validUntil]]),
  ];
  for (const [path, value] of [['birthDate', record.birthDate] as const, ...fullDates]) {
    if (value && !partialDateExists(value)) {
      issues.push({ path, message: `${path}: ${value} is not a date in the calendar; check day and month.` });
    }
  }
  const birth = validDate(record.birthDate);
  const death = validDate(record.dateOfDeath);
  if (birth && comparePartialDates(birth, today) > 0) {
    issues.push({ path: 'birthDate', message: `birthDate: ${birth} lies in the future; check the year.` });
  }
  if (death && death > today) {
    issues.push({ path: 'dateOfDeath', message: `dateOfDeath: ${death} lies in the future; check the date.` });
  }
  if (birth && death && comparePartialDates(death, birth) < 0) {
    issues.push({ path: 'dateOfDeath', message: `dateOfDeath: ${death} is before the birth date ${birth}; correct one of the two dates.` });
  }
  return issues;
}

/** A date that exists, or null: rules comparing dates skip dates already reported as wrong. */
function validDate(value: string | null | undefined): string | null {
  return value && partialDateExists(value) ? value : null;
}

function orderIssue(path: string, laterLabel: string, later: string | null | undefined, earlierLabel: string, earlier: string | null | undefined): RecordIssue[] {
  const a = validDate(later);
  const b = validDate(earlier);
  if (!a || !b || comparePartialDates(a, b) >= 0) return [];
  return [{ path, message: `${path}: the ${laterLabel} ${a} is before the ${earlierLabel} ${b}; correct one of the two dates.` }];
}

// --- names -----------------------------------------------------------------------------------

function nameRuleIssues(record: PersonRecord): RecordIssue[] {
  const index = record.preferredGivenName;
  if (index === null || index === undefined || index < record.givenNames.length) return [];
  return [{
    path: 'preferredGivenName',
    message: `preferredGivenName: ${index} points past the ${record.givenNames.length} given name(s); ` +
      `it counts from 0, so the gebräuchlicher Vorname "${record.givenNames.at(-1) ?? ''}" would be ${record.givenNames.length - 1}.`,
  }];
}

// --- residences ------------------------------------------------------------------------------

function residenceIssues(record: PersonRecord, today: string): RecordIssue[] {
  const issues: RecordIssue[] = [];
  const seen = new Map<string, number>();
  const currentMain: number[] = [];
  record.residences.forEach((residence, i) => {
    const path = `residences[${i}]`;
    issues.push(...orderIssue(`${path}.movedOut`, 'move-out date', residence.movedOut, 'move-in date', residence.movedIn));
    issues.push(...orderIssue(`${path}.movedIn`, 'move-in date', residence.movedIn, 'birth date', record.birthDate));
    const key = `${addressKey(residence.address)}#${residence.movedIn}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({ path, message: `${path}: repeats residences[${first}] (same address, same move-in date ${residence.movedIn}); remove one of them.` });
    } else {
      seen.set(key, i);
    }
    if (residence.kind === 'haupt' && (!residence.movedOut || residence.movedOut > today)) currentMain.push(i);
  });
  if (currentMain.length > 1) {
    const list = currentMain.map((i) => `residences[${i}]`).join(', ');
    issues.push({
      path: `residences[${currentMain[1] ?? 0}].kind`,
      message: `residences: ${list} are all current Hauptwohnungen, but a person has only one; ` +
        'add the move-out date of the earlier one or register the others as Nebenwohnung (kind "neben").',
    });
  }
  return issues;
}

// --- documents -------------------------------------------------------------------------------

/** Letters German document numbers use since 2010: no vowels, and none that look like digits (B D Q S). */
const germanDocumentLetters = 'CFGHJKLMNPRTVWXYZ';
const germanDocumentNumber = new RegExp(`^[${germanDocumentLetters}0-9]{9}[0-9]$`);
const kindLabels: Record<PersonRecord['documents'][number]['kind'], string> = {
  personalausweis: 'Personalausweis',
  reisepass: 'Reisepass',
  vorlaeufiger_personalausweis: 'vorläufiger Personalausweis',
  vorlaeufiger_reisepass: 'vorläufiger Reisepass',
  kinderreisepass: 'Kinderreisepass',
};

const icaoWeights = [7, 3, 1] as const;

/** ICAO 9303 check digit: weights 7, 3, 1 repeating; digits count as themselves, A–Z as 10–35, < as 0. */
export function icaoCheckDigit(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] ?? '<';
    const value = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c >= 'A' && c <= 'Z' ? c.charCodeAt(0) - 55 : 0;
    sum += value * (icaoWeights[i % 3] ?? 0);
  }
  return sum % 10;
}

/** What is wrong with a document number of a Personalausweis or Reisepass, or null if nothing. */
export function germanDocumentNumberProblem(serial: string, kindLabel = 'document'): string | null {
  if (serial.length !== 10) {
    return `"${serial}" has ${serial.length} characters; a ${kindLabel} number has 9 characters followed by its check digit (10 in total), as printed in the machine-readable zone.`;
  }
  if (!germanDocumentNumber.test(serial)) {
    const bad = [...serial.slice(0, 9)].find((c) => !germanDocumentLetters.includes(c) && !(c >= '0' && c <= '9')) ?? serial[9] ?? '';
    const hint = bad === 'O' ? ' (probably the digit 0)' : bad === 'I' ? ' (probably the digit 1)' : /[a-z]/.test(bad) ? ' (write letters in upper case)' : '';
    return `"${serial}" contains "${bad}"${hint}; German document numbers use only the letters ${germanDocumentLetters.split('').join(' ')} and digits, and end with a check digit.`;
  }
  const expected = icaoCheckDigit(serial.slice(0, 9));
  if (Number(serial[9]) !== expected) {
    return `the check digit of "${serial}" is ${serial[9]}, but ${serial.slice(0, 9)} gives ${expected} (ICAO 9303); check the number for a typo.`;
  }
  return null;
}

function documentIssues(record: PersonRecord): RecordIssue[] {
  const issues: RecordIssue[] = [];
  const seen = new Map<string, number>();
  record.documents.forEach((document, i) => {
    const path = `documents[${i}]`;
    if (document.kind === 'personalausweis' || document.kind === 'reisepass') {
      const problem = germanDocumentNumberProblem(document.serialNumber, kindLabels[document.kind]);
      if (problem) issues.push({ path: `${path}.serialNumber`, message: `${path}.serialNumber: ${problem}` });
    } else if (!/^[A-Z0-9]{6,10}$/.test(document.serialNumber)) {
      issues.push({
        path: `${path}.serialNumber`,
        message: `${path}.serialNumber: "${document.serialNumber}" is not a ${kindLabels[document.kind]} number; expected 6 to 10 upper-case letters or digits.`,
      });
    }
    issues.push(...orderIssue(`${path}.validUntil`, 'end of validity', document.validUntil, 'issue date', document.issuedOn));
    const key = `${document.kind}#${document.serialNumber}`;
    const first = seen.get(key);
    if (first !== undefined) issues.push({ path, message: `${path}: repeats documents[${first}] (same ${kindLabels[document.kind]} number); remove one of them.` });
    else seen.set(key, i);
  });
  return issues;
}

// --- blocks and relations --------------------------------------------------------------------

function blockIssues(record: PersonRecord): RecordIssue[] {
  const issues: RecordIssue[] = [];
  const seen = new Map<string, number>();
  record.blocks.forEach((block, i) => {
    const path = `blocks[${i}]`;
    issues.push(...orderIssue(`${path}.validUntil`, 'end', block.validUntil, 'start', block.validFrom));
    const key = `${block.kind}#${block.validFrom}`;
    const first = seen.get(key);
    if (first !== undefined) issues.push({ path, message: `${path}: repeats blocks[${first}] (same kind, same start ${block.validFrom}); remove one of them.` });
    else seen.set(key, i);
  });
  return issues;
}

function relationIssues(record: PersonRecord): RecordIssue[] {
  const issues: RecordIssue[] = [];
  record.relations.forEach((relation, i) => {
    const path = `relations[${i}]`;
    if (relation.ref && relation.externalName) {
      issues.push({ path, message: `${path}: give either ref (the person is in this register) or externalName (they are not), not both.` });
    } else if (!relation.ref && !relation.externalName) {
      issues.push({ path, message: `${path}: name the related person: ref when they are in this register, externalName otherwise.` });
    }
    if (relation.ref && relation.ref === record.ref) {
      issues.push({ path: `${path}.ref`, message: `${path}.ref: a person cannot be related to themselves; check the ref "${relation.ref}".` });
    }
    issues.push(...orderIssue(`${path}.validUntil`, 'end', relation.validUntil, 'start', relation.validFrom));
  });
  return issues;
}

// --- shape -----------------------------------------------------------------------------------

function zodIssue(issue: z.core.$ZodIssue): RecordIssue {
  const path = formatPath(issue.path);
  const where = path || 'record';
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
    return { path, message: `${where}: is missing; every record needs it (see docs/register-import.md).` };
  }
  if (issue.code === 'invalid_type') {
    return { path, message: `${where}: must be of type ${issue.expected} (${issue.message}).` };
  }
  if (issue.code === 'invalid_value') {
    return { path, message: `${where}: must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}.` };
  }
  if (issue.code === 'too_small' && issue.origin === 'array') {
    return { path, message: `${where}: needs at least ${String(issue.minimum)} ${issue.minimum === 1 ? 'entry' : 'entries'}.` };
  }
  if (issue.code === 'too_small' && issue.origin === 'string') {
    return { path, message: `${where}: must not be empty.` };
  }
  return { path, message: `${where}: ${issue.message}.`.replace(/\.\.$/, '.') };
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** NFC for every string, so that composed and decomposed input compare and hash the same. */
function normaliseStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(normaliseStrings);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseStrings(v)]));
  }
  return value;
}

const nestedShapes: Record<string, readonly string[]> = {
  residences: Object.keys(residenceRecordSchema.shape),
  documents: Object.keys(documentRecordSchema.shape),
  blocks: Object.keys(blockRecordSchema.shape),
  relations: Object.keys(relationRecordSchema.shape),
  formerNames: ['familyName', 'givenNames', 'until'],
};
const topLevelFields: readonly string[] = Object.keys(personRecordSchema.shape);
const addressFields: readonly string[] = Object.keys(addressRecordSchema.shape);

/** Unknown fields are refused: a misspelt field ("familyname") would otherwise vanish silently. */
function unknownFields(raw: unknown): RecordIssue[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [];
  const issues: RecordIssue[] = [];
  const check = (object: unknown, allowed: readonly string[], prefix: string) => {
    if (object === null || typeof object !== 'object' || Array.isArray(object)) return;
    for (const key of Object.keys(object)) {
      if (!allowed.includes(key)) {
        const path = prefix ? `${prefix}.${key}` : key;
        issues.push({ path, message: `${path}: unknown field; check the spelling (the fields are listed in docs/register-import.md).` });
      }
    }
  };
  check(raw, topLevelFields, '');
  const record = raw as Record<string, unknown>;
  for (const [field, allowed] of Object.entries(nestedShapes)) {
    const list = record[field];
    if (!Array.isArray(list)) continue;
    list.forEach((item: unknown, i) => {
      check(item, allowed, `${field}[${i}]`);
      if (field === 'residences' && item !== null && typeof item === 'object') {
        check((item as Record<string, unknown>).address, addressFields, `${field}[${i}].address`);
      }
    });
  }
  return issues;
}
