import { describe, expect, it } from 'vitest';
import { hasValidIcaoCheckDigit, icaoCheckDigit, serialNumberProblem } from './icao.ts';

describe('icaoCheckDigit (ICAO 9303, weights 7-3-1)', () => {
  // Published specimens: ICAO 9303 Part 4 Appendix A (passport number L898902C3 → 6, birth date
  // 740812 → 2, expiry 120415 → 9), the German PA specimen "Erika Mustermann" (T22000129 → 3,
  // 640812 → 5) and the new-style PA specimen serial L01X00T47 → 1.
  it.each([
    ['L898902C3', '6'],
    ['740812', '2'],
    ['120415', '9'],
    ['T22000129', '3'],
    ['640812', '5'],
    ['L01X00T47', '1'],
    ['', '0'],
    ['<<<<<<<<<', '0'],
    ['0', '0'],
    ['A', '0'], // 10 × 7 = 70
    ['Z', '5'], // 35 × 7 = 245
    ['1', '7'],
    ['01', '3'],
    ['001', '1'],
  ])('%s → %s', (value, digit) => {
    expect(icaoCheckDigit(value)).toBe(digit);
  });

  it('refuses characters outside 0-9, A-Z and <, naming the position', () => {
    expect(() => icaoCheckDigit('L01x00T47')).toThrow(/character 4 \("x"\)/);
    expect(() => icaoCheckDigit('Ä')).toThrow(RangeError);
  });

  it('detects a single changed character and a swap of neighbours', () => {
    const base = 'L01X00T47';
    const digit = icaoCheckDigit(base);
    expect(icaoCheckDigit('L01X00T48')).not.toBe(digit);
    expect(icaoCheckDigit('L01X00T74')).not.toBe(digit);
  });
});

describe('hasValidIcaoCheckDigit', () => {
  it.each([
    ['L01X00T471', true],
    ['L01X00T472', false],
    ['T220001293', true],
    ['1', false],
    ['l01x00t471', false],
  ])('%s → %s', (value, valid) => {
    expect(hasValidIcaoCheckDigit(value)).toBe(valid);
  });
});

describe('serialNumberProblem', () => {
  it('accepts a 9-character serial with its check digit', () => {
    expect(serialNumberProblem('L01X00T471')).toBeNull();
  });
  it.each([
    ['L01X00T47', /10 characters/],
    ['L01X00T4711', /10 characters/],
    ['L01X-0T471', /10 characters/],
    ['L01X00T47A', /10 characters/],
  ])('rejects the malformed %s', (serial, message) => {
    expect(serialNumberProblem(serial)).toMatch(message);
  });
  it('names the expected check digit when it is wrong', () => {
    expect(serialNumberProblem('L01X00T479')).toMatch(/has check digit 1/);
  });
});
