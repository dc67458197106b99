import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { parseAddressFilter, parseBirthDateFilter, parseNameQuery, typedTokens } from './query.ts';

const codeOf = (action: () => unknown): string | null => {
  try {
    action();
    return null;
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
};

describe('parseNameQuery', () => {
  it.each([
    ['Hans Schmidt', [['hans', 'given', 'family'], ['schmidt', 'family', 'given']], [], false],
    ['Hans Peter Müller', [['hans', 'given', 'family'], ['peter', 'any', 'any'], ['mueller', 'family', 'given']], [], false],
    ['Müller', [['mueller', 'any', 'any']], [], false],
    ['Schmidt, Hans', [['schmidt', 'family', 'family'], ['hans', 'given', 'given']], [], true],
    ['Müller-Lüdenscheidt, Anna Lena', [['mueller', 'family', 'family'], ['luedenscheidt', 'family', 'family'], ['anna', 'given', 'given'], ['lena', 'given', 'given']], [], true],
    ['Dr. Hans Schmidt', [['hans', 'given', 'family'], ['schmidt', 'family', 'given']], [], false],
    ['H. Schmidt', [['schmidt', 'any', 'any']], ['h'], false],
    ["Anna D'Angelo", [['anna', 'given', 'family'], ['angelo', 'family', 'given']], [], false],
    ['Schmidt, H', [['schmidt', 'any', 'any']], ['h'], false],
    ['  Prof  ', [['prof', 'any', 'any']], [], false],
  ])('%s', (input, expected, initials, orderStated) => {
    const query = parseNameQuery(input);
    expect(query.tokens.map((t) => [t.token, t.expected, t.expectedSwapped])).toEqual(expected);
    expect(query.initials).toEqual(initials);
    expect(query.orderStated).toBe(orderStated);
    expect(query.tokens.map((t) => t.prefix)).toEqual(expected.map((_, i) => i === expected.length - 1));
    expect(query.tokens.map((t) => t.index)).toEqual(expected.map((_, i) => i));
  });

  it.each([
    ['', 'SEARCH_QUERY_TOO_SHORT'],
    ['a', 'SEARCH_QUERY_TOO_SHORT'],
    ['A. B.', 'SEARCH_QUERY_TOO_SHORT'],
    ['!!', 'SEARCH_QUERY_TOO_SHORT'],
    ['x'.repeat(201), 'SEARCH_QUERY_TOO_LONG'],
    ['aa bb cc dd ee ff gg hh ii', 'SEARCH_QUERY_TOO_LONG'],
  ])('rejects "%s" with %s', (input, code) => {
    expect(codeOf(() => parseNameQuery(input))).toBe(code);
  });
});

describe('typedTokens', () => {
  it.each([
    ['Müller-Lüdenscheidt', [['mueller', 'müller', false], ['luedenscheidt', 'lüdenscheidt', false]]],
    ["D'Angelo", [['d', 'd', false], ['angelo', 'angelo', false]]],
    ['H. Weiß', [['h', 'h', true], ['weiss', 'weiß', true]]],
    ['Schmidt, Hans', [['schmidt', 'schmidt', true], ['hans', 'hans', true]]],
  ])('%s', (text, expected) => {
    expect(typedTokens(text).map((t) => [t.token, t.typed, t.wholeWord])).toEqual(expected);
  });
});

describe('parseBirthDateFilter', () => {
  it.each([
    ['1950', { year: 1950, month: null, day: null }],
    ['1950-06', { year: 1950, month: 6, day: null }],
    ['1950-06-17', { year: 1950, month: 6, day: 17 }],
    ['17.06.1950', { year: 1950, month: 6, day: 17 }],
    ['7.6.1950', { year: 1950, month: 6, day: 7 }],
    ['06.1950', { year: 1950, month: 6, day: null }],
    [' 29.02.2000 ', { year: 2000, month: 2, day: 29 }],
  ])('%s', (input, expected) => {
    expect(parseBirthDateFilter(input)).toEqual(expected);
  });

  it.each(['29.02.1999', '1950-13', '32.01.1950', '00.1950', '1950-06-00', '17.06.50', 'gestern', '0999', '1950/06/17'])('rejects %s', (input) => {
    expect(codeOf(() => parseBirthDateFilter(input))).toBe('SEARCH_BIRTH_DATE_INVALID');
  });
});

describe('parseAddressFilter', () => {
  it.each([
    ['Hauptstr. 12', { street: 'hauptstrasse', houseNumber: '12' }],
    ['Hauptstraße 12 a', { street: 'hauptstrasse', houseNumber: '12a' }],
    ['Hauptstrasse 12A', { street: 'hauptstrasse', houseNumber: '12a' }],
    ['Am Stadtpark', { street: 'am stadtpark', houseNumber: null }],
    ['Karl-Marx-Str. 3', { street: 'karl-marx-strasse', houseNumber: '3' }],
    ['Straße des 17. Juni 5', { street: 'strasse des 17 juni', houseNumber: '5' }],
  ])('%s', (input, expected) => {
    expect(parseAddressFilter(input)).toEqual(expected);
  });

  it.each(['12', 'A 3', ''])('rejects "%s"', (input) => {
    expect(codeOf(() => parseAddressFilter(input))).toBe('SEARCH_ADDRESS_TOO_SHORT');
  });
});
