/**
 * The fee table form without React: reading amounts as staff type them, the draft of a new
 * municipal version (started from the version in force, so only the changed amounts are typed),
 * the POST body, and where a server error belongs in the form.
 */
import type { FeeTableKind, FeeTableLine, FeeTableVersion, NewFeeTableVersion } from '../../api/settings.ts';

/** The server's bound per line (src/fees/fee-tables.ts): 10 000 € in cents, against euros typed as cents. */
export const maxLineCents = 1_000_000;

/** German and English text, as the server sends it in details.text. */
export interface Text {
  de: string;
  en: string;
}

/**
 * One problem of the form. `target` names where it is shown: 'validFrom', `line:<code>` for one
 * line's amount, or 'form' for the version as a whole. The message is a translation key with
 * values (found in the browser) or the server's own text in both languages.
 */
export type FeeFormProblem =
  | { target: string; key: string; values?: Record<string, string | number> }
  | { target: string; text: Text };

export interface DraftLine {
  code: string;
  label: string;
  legalBasis: string;
  pensionOrSocialPurposeFree?: boolean;
  /** The amount as typed, e.g. "10,00". */
  amount: string;
}

export interface FeeTableDraft {
  kind: FeeTableKind;
  validFrom: string;
  lines: DraftLine[];
}

/** Cents as an amount to edit, in German notation without the euro sign: 1050 → "10,50". */
export function formatEuroInput(cents: number): string {
  const euros = Math.floor(cents / 100);
  return `${euros},${String(cents % 100).padStart(2, '0')}`;
}

/**
 * An amount as people type it into cents: "10", "10,5", "10,50", "10.50", "1.000,00", "10 €".
 * Null when it is not one unambiguous non-negative amount ("1.000" could be 1 € or 1000 €, and
 * three decimals are no cents).
 */
export function parseEuroAmount(input: string): number | null {
  const text = input.trim().replace(/[\s\u00a0€]/g, '');
  let whole: string;
  let fraction: string;
  let match = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(text);
  if (match) {
    whole = match[1] ?? '';
    fraction = match[2] ?? '';
  } else {
    // Thousands grouped with dots need a decimal comma to be unambiguous ("1.000,00").
    match = /^(\d{1,3}(?:\.\d{3})+),(\d{1,2})$/.exec(text);
    if (!match) return null;
    whole = (match[1] ?? '').replace(/\./g, '');
    fraction = match[2] ?? '';
  }
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** What is wrong with one typed amount, as a translation key; null when it is a valid line amount. */
export function amountProblem(input: string): { key: string; values?: Record<string, string | number> } | null {
  if (input.trim() === '') return { key: 'settings.fees.errors.amountRequired' };
  const cents = parseEuroAmount(input);
  if (cents === null) return { key: 'settings.fees.errors.amountFormat', values: { value: input.trim() } };
  if (cents > maxLineCents) return { key: 'settings.fees.errors.amountTooHigh', values: { max: formatEuroInput(maxLineCents) } };
  return null;
}

/** The versions of one kind, newest start first (the server lists them oldest first). */
export function versionsOfKind(versions: readonly FeeTableVersion[], kind: FeeTableKind): FeeTableVersion[] {
  return versions.filter((v) => v.kind === kind).reverse();
}

export function versionInForce(versions: readonly FeeTableVersion[], kind: FeeTableKind): FeeTableVersion | null {
  return versions.find((v) => v.kind === kind && v.inForceToday) ?? null;
}

/** YYYY-MM-DD plus n days (calendar arithmetic in UTC, so no daylight-saving shift). */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + days));
  return date.toISOString().slice(0, 10);
}

/** The first day a new version of the kind may start: after the newest stored one (versions are only appended). */
export function earliestValidFrom(versions: readonly FeeTableVersion[], kind: FeeTableKind): string | null {
  const stored = versions.filter((v) => v.kind === kind && v.source === 'stored').map((v) => v.validFrom).sort();
  const newest = stored.at(-1);
  return newest ? addDays(newest, 1) : null;
}

/**
 * The version a new one starts from: the newest stored one, because a new version is appended
 * after it (usually that is the one in force today; when a later one is already stored, its
 * amounts are the ones to change); without stored versions the one in force, else the newest.
 */
export function baseVersion(versions: readonly FeeTableVersion[], kind: FeeTableKind): FeeTableVersion | null {
  const newest = versionsOfKind(versions, kind);
  return newest.find((v) => v.source === 'stored') ?? versionInForce(versions, kind) ?? newest[0] ?? null;
}

/**
 * The starting point of a new version: the lines of the base version in the order of the kind's
 * line codes, starting tomorrow or on the earliest day allowed.
 */
export function draftFrom(tables: { versions: readonly FeeTableVersion[]; lineCodes: Record<FeeTableKind, string[]> }, kind: FeeTableKind, today: string): FeeTableDraft {
  const base = baseVersion(tables.versions, kind);
  const byCode = new Map((base?.lines ?? []).map((line) => [line.code, line]));
  const lines = tables.lineCodes[kind].map((code): DraftLine => {
    const line = byCode.get(code);
    return {
      code,
      label: line?.label ?? code,
      legalBasis: line?.legalBasis ?? '',
      ...(kind === 'municipal' ? { pensionOrSocialPurposeFree: line?.pensionOrSocialPurposeFree === true } : {}),
      amount: line ? formatEuroInput(line.amountCents) : '',
    };
  });
  const tomorrow = addDays(today, 1);
  const earliest = earliestValidFrom(tables.versions, kind);
  return { kind, validFrom: earliest && earliest > tomorrow ? earliest : tomorrow, lines };
}

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** Every problem of the draft at once (for the error summary), and the POST body when there is none. */
export function buildFeeTableBody(draft: FeeTableDraft, versions: readonly FeeTableVersion[]): { body: NewFeeTableVersion | null; problems: FeeFormProblem[] } {
  const problems: FeeFormProblem[] = [];
  if (!isoDay.test(draft.validFrom) || addDays(draft.validFrom, 0) !== draft.validFrom) {
    problems.push({ target: 'validFrom', key: 'settings.fees.errors.validFromFormat' });
  } else {
    const earliest = earliestValidFrom(versions, draft.kind);
    if (earliest && draft.validFrom < earliest) {
      problems.push({ target: 'validFrom', key: 'settings.fees.errors.validFromTooEarly', values: { earliest: earliest.split('-').reverse().join('.') } });
    }
  }
  const lines: FeeTableLine[] = [];
  for (const line of draft.lines) {
    const problem = amountProblem(line.amount);
    if (problem) {
      problems.push({ target: `line:${line.code}`, key: problem.key, values: { ...problem.values, line: line.label } });
      continue;
    }
    lines.push({
      code: line.code,
      label: line.label,
      amountCents: parseEuroAmount(line.amount) ?? 0,
      legalBasis: line.legalBasis,
      ...(line.pensionOrSocialPurposeFree !== undefined ? { pensionOrSocialPurposeFree: line.pensionOrSocialPurposeFree } : {}),
    });
  }
  if (problems.length > 0) return { body: null, problems };
  return { body: { kind: draft.kind, validFrom: draft.validFrom, lines }, problems: [] };
}

function isText(value: unknown): value is Text {
  return typeof value === 'object' && value !== null
    && typeof (value as Record<string, unknown>).de === 'string' && typeof (value as Record<string, unknown>).en === 'string';
}

/**
 * Where the server's refusal (FEE_TABLE_INVALID, FEE_TABLE_INCOMPLETE; details.field like
 * "validFrom" or "lines[2].amountCents") belongs: the field it names, or the whole form. The
 * index refers to the lines as posted, which are the draft's lines in order.
 */
export function serverFeeProblem(error: { code: string; message: string; details?: Record<string, unknown> }, posted: NewFeeTableVersion | null): FeeFormProblem | null {
  if (!error.code.startsWith('FEE_TABLE_')) return null;
  const field = typeof error.details?.field === 'string' ? error.details.field : '';
  const text: Text = isText(error.details?.text) ? error.details.text : { de: error.message, en: error.message };
  if (field === 'validFrom') return { target: 'validFrom', text };
  const index = /^lines\[(\d+)\]/.exec(field);
  const code = index ? posted?.lines[Number(index[1])]?.code : undefined;
  if (code && /\.amountCents$/.test(field)) return { target: `line:${code}`, text };
  return { target: 'form', text };
}

/** The DOM id of a problem's field, for the error summary's links. */
export function problemTargetId(target: string): string | undefined {
  if (target === 'validFrom') return 'fee-valid-from';
  if (target.startsWith('line:')) return `fee-line-${target.slice(5).replace(/[^a-z0-9_-]/gi, '-')}`;
  return undefined;
}
