import { describe, expect, it } from 'vitest';
import { emptySearchForm, formFromUrl, formToUrl, personPath, searchCriteria } from './criteria.ts';

const form = (over: Partial<typeof emptySearchForm>) => ({ ...emptySearchForm, ...over });

describe('searchCriteria', () => {
  it.each([
    ['a name', form({ name: '  Müller   Anna ' }), { name: 'Müller Anna' }],
    ['the start of a name', form({ name: 'Mü' }), { name: 'Mü' }],
    ['an initial and a family name', form({ name: 'H. Schmidt' }), { name: 'H. Schmidt' }],
    ['a name with a partial birth date', form({ name: 'Meier', birthDate: '07.1936' }), { name: 'Meier', birthDate: '1936-07' }],
    ['a name with a full birth date', form({ name: 'Meier', birthDate: '3.7.1936' }), { name: 'Meier', birthDate: '1936-07-03' }],
    ['a name with an address', form({ name: 'Meier', address: 'Hauptstr 12' }), { name: 'Meier', address: 'Hauptstr 12' }],
    ['a name and a purpose', form({ name: 'Meier', purpose: ' AZ 33-1/26 ' }), { name: 'Meier', purpose: 'AZ 33-1/26' }],
  ])('searches with %s', (_label, input, params) => {
    expect(searchCriteria(input)).toEqual({ ok: true, params });
  });

  it.each([
    ['nothing', form({}), 'name'],
    ['a one-letter name', form({ name: 'M' }), 'name'],
    ['initials only', form({ name: 'H. M.' }), 'name'],
    ['a birth date without a name', form({ birthDate: '1936' }), 'name'],
    ['a purpose without a name', form({ purpose: 'AZ 1' }), 'name'],
    ['an unreadable birth date', form({ name: 'Meier', birthDate: '31.02.1936' }), 'birthDate'],
    ['a two-digit year', form({ name: 'Meier', birthDate: '3.7.36' }), 'birthDate'],
    ['a street of two letters', form({ name: 'Meier', address: 'Ha 12' }), 'address'],
    ['a house number alone', form({ name: 'Meier', address: '12' }), 'address'],
  ])('does not search with %s', (_label, input, reason) => {
    expect(searchCriteria(input)).toEqual({ ok: false, reason });
  });
});

describe('URL round trip', () => {
  it('keeps every filled field under its German name', () => {
    const input = form({ name: 'Müller', birthDate: '07.1936', address: '', purpose: 'AZ 1' });
    const url = formToUrl(input);
    expect(url.toString()).toBe('name=M%C3%BCller&geburtsdatum=07.1936&zweck=AZ+1');
    expect(formFromUrl(url)).toEqual(input);
  });

  it('reads missing parameters as empty fields', () => {
    expect(formFromUrl(new URLSearchParams(''))).toEqual(emptySearchForm);
  });
});

describe('personPath', () => {
  it('carries the purpose along', () => {
    expect(personPath('a1b2', 'AZ 1/26')).toBe('/personen/a1b2?zweck=AZ+1%2F26');
    expect(personPath('a1b2', '  ')).toBe('/personen/a1b2');
  });
});
