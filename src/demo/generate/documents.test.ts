import { describe, expect, it } from 'vitest';
import { germanDocumentNumberProblem } from '../../register/validate-record.ts';
import { authorityCode, createSerialAllocator, hasValidCheckDigit, icaoCheckDigit, serialAlphabet } from './documents.ts';

describe('icaoCheckDigit', () => {
  it.each([
    // ICAO 9303 specimen passport, the German Personalausweis and Reisepass specimens (Mustermann).
    ['L898902C3', 6],
    ['T22000129', 3],
    ['C01X00T47', 8],
    ['740812', 2],
    ['120415', 9],
  ])('%s → %i', (text, digit) => {
    expect(icaoCheckDigit(text)).toBe(digit);
  });

  it('refuses characters an MRZ cannot hold', () => {
    expect(() => icaoCheckDigit('AB-12')).toThrow(/cannot appear/);
  });
});

describe('hasValidCheckDigit', () => {
  it.each([
    ['T220001293', true],
    ['T220001294', false],
    ['T22000129', false],
    ['t220001293', false],
  ])('%s → %s', (serial, valid) => {
    expect(hasValidCheckDigit(serial)).toBe(valid);
  });
});

describe('createSerialAllocator', () => {
  it('hands out unique numbers of the German alphabet with a correct check digit', () => {
    const next = createSerialAllocator();
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i += 1) {
      const serial = next(i % 7 === 0 ? 'Stadt Herne' : 'Stadt Bochum');
      expect(seen.has(serial)).toBe(false);
      seen.add(serial);
      if (i % 97 === 0) expect(germanDocumentNumberProblem(serial)).toBeNull();
    }
    for (const serial of [...seen].slice(0, 2000)) {
      expect(serial).toMatch(new RegExp(`^[${serialAlphabet}]{9}\\d$`));
      expect(hasValidCheckDigit(serial)).toBe(true);
    }
  });

  it('stays unique across the end of the number space when started near it', () => {
    const space = serialAlphabet.length ** 5;
    const next = createSerialAllocator(space - 3);
    const serials = Array.from({ length: 6 }, () => next('Stadt Bochum'));
    expect(new Set(serials).size).toBe(6);
    expect(createSerialAllocator(0)('Stadt Bochum')).not.toBe(createSerialAllocator(1)('Stadt Bochum'));
  });

  it('starts every number with the code of the issuing authority', () => {
    const next = createSerialAllocator();
    expect(next('Stadt Bochum').slice(0, 4)).toBe(authorityCode('Stadt Bochum'));
    expect(next('Stadt Herne').slice(0, 4)).toBe(authorityCode('Stadt Herne'));
    expect(authorityCode('Stadt Bochum')).not.toBe(authorityCode('Stadt Herne'));
    expect(authorityCode('Stadt Bochum')[0]).toMatch(/[A-Z]/);
  });
});
