import { AppError } from '../../platform/errors.ts';
import { daysInMonth } from '../dates.ts';
import { koelnerPhonetik } from '../names/koelner-phonetik.ts';
import { foldName, nameTokens } from '../names/normalize.ts';

/** What a query token is expected to be, judging by its position: Vorname, Familienname, or either. */
export type ExpectedRole = 'given' | 'family' | 'any';

export interface QueryToken {
  /** Folded (mueller). */
  token: string;
  /** As typed, in lower case with its diacritics (müller), to prefer exact spellings. */
  typed: string;
  phonetic: string;
  /** Position in the query, 0-based. */
  index: number;
  /** Whether the token may be the unfinished start of a longer name. */
  prefix: boolean;
  /** The role the token has if the name was typed in the usual order. */
  expected: ExpectedRole;
  /** The role it has if the name was typed the other way round. */
  expectedSwapped: ExpectedRole;
}

export interface NameQuery {
  tokens: QueryToken[];
  /** Single letters, e.g. the "H" of "H. Müller": a Vorname must start with each. */
  initials: string[];
  /** True when the order was stated with a comma ("Schmidt, Hans"), so no swapped reading is tried. */
  orderStated: boolean;
}

export const maxNameLength = 200;
export const maxNameTokens = 8;
/** Academic titles typed in front of a name; the register keeps them apart (Doktorgrad). */
const titles = new Set(['dr', 'prof']);

/**
 * Reads a name as people type it: "Hans Schmidt", "Schmidt Hans", "Schmidt, Hans",
 * "H. Schmidt", "Dr. Schmidt", or the first letters of a name.
 */
export function parseNameQuery(input: string): NameQuery {
  const name = input.trim();
  if (name.length > maxNameLength) {
    throw new AppError('SEARCH_QUERY_TOO_LONG', `The name to search for has ${name.length} characters; use at most ${maxNameLength}.`);
  }
  const comma = name.indexOf(',');
  const familyPart = comma >= 0 ? tokensOf(name.slice(0, comma)) : [];
  const givenPart = comma >= 0 ? tokensOf(name.slice(comma + 1)) : [];
  const all = comma >= 0 ? [...familyPart, ...givenPart] : tokensOf(name);

  const words = all.filter((part) => part.token.length >= 2);
  // A single letter standing as a word of its own ("H. Schmidt"), not the d of D'Angelo.
  const initials = [...new Set(all.filter((part) => part.wholeWord && /^[a-z]$/.test(part.token)).map((part) => part.token))];
  if (words.length === 0) {
    throw new AppError('SEARCH_QUERY_TOO_SHORT',
      `The name "${name}" is too short to search for: type at least two letters of a name, e.g. "Mül" or "Hans Müller".`);
  }
  if (words.length > maxNameTokens) {
    throw new AppError('SEARCH_QUERY_TOO_LONG', `The name has ${words.length} parts; search with at most ${maxNameTokens} (family name and given names).`);
  }
  const familyCount = comma >= 0 ? familyPart.filter((part) => part.token.length >= 2).length : 0;
  const orderStated = comma >= 0 && familyCount > 0 && familyCount < words.length;
  const last = words.length - 1;
  const tokens = words.map(({ token, typed }, index): QueryToken => {
    let expected: ExpectedRole;
    let expectedSwapped: ExpectedRole;
    if (orderStated) {
      expected = index < familyCount ? 'family' : 'given';
      expectedSwapped = expected;
    } else if (words.length === 1) {
      expected = 'any';
      expectedSwapped = 'any';
    } else {
      // Given names first is the usual order; the last word is the family name, unless swapped.
      expected = index === 0 ? 'given' : index === last ? 'family' : 'any';
      expectedSwapped = index === 0 ? 'family' : index === last ? 'given' : 'any';
    }
    return { token, typed, phonetic: koelnerPhonetik(token), index, prefix: index === last, expected, expectedSwapped };
  });
  return { tokens, initials, orderStated };
}

function tokensOf(text: string): TypedToken[] {
  const parts = typedTokens(text);
  // A title is dropped only when a name remains: someone may be called "Prof".
  const withoutTitles = parts.filter((part) => !titles.has(part.token));
  return withoutTitles.length > 0 ? withoutTitles : parts;
}

export interface TypedToken {
  /** Folded, as nameTokens gives it. */
  token: string;
  /** As written, in lower case with diacritics. */
  typed: string;
  /** Whether the token is a whole word of the text, not a part of one like the d of D'Angelo. */
  wholeWord: boolean;
}

/**
 * The search tokens of a text (as nameTokens) paired with their spelling as written, in lower
 * case with diacritics: "Müller-Lüdenscheidt" → mueller/müller, luedenscheidt/lüdenscheidt.
 */
export function typedTokens(text: string): TypedToken[] {
  const result: TypedToken[] = [];
  for (const word of text.split(/[\s,]+/)) {
    const folded = nameTokens(word);
    const typed = word.toLowerCase().split(/['-]+/).map((part) => part.replace(/[^\p{L}\p{N}]/gu, '')).filter((part) => part.length > 0);
    folded.forEach((token, i) => result.push({
      token, typed: typed.length === folded.length ? (typed[i] ?? token) : token, wholeWord: folded.length === 1,
    }));
  }
  return result;
}

/** A birth date filter: a year, a month of a year, or a day. */
export interface BirthDateFilter {
  year: number;
  month: number | null;
  day: number | null;
}

/** Accepts YYYY, YYYY-MM, YYYY-MM-DD and the German TT.MM.JJJJ and MM.JJJJ (one-digit day and month too). */
export function parseBirthDateFilter(input: string): BirthDateFilter {
  const value = input.trim();
  const patterns: [RegExp, (m: RegExpExecArray) => [string, string | undefined, string | undefined]][] = [
    [/^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/, (m) => [m[1] ?? '', m[2], m[3]]],
    [/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, (m) => [m[3] ?? '', m[2], m[1]]],
    [/^(\d{1,2})[./](\d{4})$/, (m) => [m[2] ?? '', m[1], undefined]],
  ];
  for (const [pattern, pick] of patterns) {
    const match = pattern.exec(value);
    if (!match) continue;
    const [yearText, monthText, dayText] = pick(match);
    const filter: BirthDateFilter = {
      year: Number(yearText),
      month: monthText === undefined ? null : Number(monthText),
      day: dayText === undefined ? null : Number(dayText),
    };
    if (filter.year < 1800 || filter.year > 2999) break;
    if (filter.month !== null && (filter.month < 1 || filter.month > 12)) break;
    if (filter.month !== null && filter.day !== null && (filter.day < 1 || filter.day > daysInMonth(filter.year, filter.month))) break;
    return filter;
  }
  throw new AppError('SEARCH_BIRTH_DATE_INVALID',
    `The birth date "${value}" is not a date: use 1950, 1950-06, 1950-06-17, 17.06.1950 or 06.1950.`);
}

export interface AddressFilter {
  /** Folded street with "str." written out, e.g. "hauptstrasse". */
  street: string;
  /** Normalised house number ("12a"), or null to accept any. */
  houseNumber: string | null;
}

/** Reads "Hauptstr. 12a", "Hauptstraße 12 a" or "Am Stadtpark": street, then an optional house number. */
export function parseAddressFilter(input: string): AddressFilter {
  const value = input.trim();
  const match = /^(.*?)[\s,]*(\d+\s*[a-zA-Z]?)?$/.exec(value);
  const streetText = match?.[1] ?? value;
  const street = normalizeStreet(streetText);
  if (street.replace(/\s/g, '').length < 3) {
    throw new AppError('SEARCH_ADDRESS_TOO_SHORT', `The address "${value}" needs at least three letters of the street, e.g. "Hauptstr. 12".`);
  }
  const houseNumber = match?.[2] ? normalizeHouseNumber(match[2]) : null;
  return { street, houseNumber };
}

/** Folded street name with the common abbreviation "str." written out. */
export function normalizeStreet(street: string): string {
  return foldName(street.replace(/(str|Str)\.?(?=\s|$)/g, '$1asse'))
    .replace(/\s+/g, ' ')
    .trim();
}

export function normalizeHouseNumber(houseNumber: string): string {
  return houseNumber.toLowerCase().replace(/\s+/g, '');
}
