import { describe, expect, it } from 'vitest';
import { checkSymbol, crockfordAlphabet, generateVerificationCode, normaliseVerificationCode } from './verification-code.ts';

describe('verification codes', () => {
  it('generates BK-XXXX-XXXX codes of Crockford symbols that pass their own check', () => {
    for (let i = 0; i < 200; i += 1) {
      const code = generateVerificationCode();
      expect(code).toMatch(/^BK-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(normaliseVerificationCode(code)).toBe(code);
    }
  });

  it('uses the given randomness for all seven symbols', () => {
    let n = 0;
    const code = generateVerificationCode(() => (n++ * 5) % 32);
    expect(code.slice(3, 7) + code.slice(8, 11)).toBe('05AFMSY');
  });

  it.each([
    ['bk-7k3m-q9xz', 'lower case'],
    ['BK 7K3M Q9XZ', 'spaces'],
    ['7K3MQ9XZ', 'no prefix and no hyphens'],
  ])('reads %s (%s) like the printed code', (typed) => {
    const body = '7K3MQ9X';
    const printed = `BK-${body.slice(0, 4)}-${body.slice(4)}${checkSymbol(body)}`;
    const withCheck = typed.replace(/z$/i, (m) => (m === 'z' ? checkSymbol(body).toLowerCase() : checkSymbol(body)));
    expect(normaliseVerificationCode(withCheck)).toBe(printed);
  });

  it('reads I and L as 1 and O as 0, as Crockford prescribes', () => {
    const body = '1010AB0';
    const code = `BK-${body.slice(0, 4)}-${body.slice(4)}${checkSymbol(body)}`;
    expect(normaliseVerificationCode(code.replace('BK-1010', 'BK-LOIO'))).toBe(code);
  });

  it('catches every single-symbol error and every swap of neighbours', () => {
    const body = 'Q4XR7MB';
    const good = body + checkSymbol(body);
    for (let i = 0; i < 8; i += 1) {
      for (const symbol of crockfordAlphabet) {
        if (symbol === good[i]) continue;
        const typo = good.slice(0, i) + symbol + good.slice(i + 1);
        expect(normaliseVerificationCode(typo), typo).toBeNull();
      }
    }
    for (let i = 0; i < 7; i += 1) {
      if (good[i] === good[i + 1]) continue;
      const swapped = good.slice(0, i) + good[i + 1] + good[i] + good.slice(i + 2);
      expect(normaliseVerificationCode(swapped), swapped).toBeNull();
    }
  });

  it.each(['', 'BK-', 'BK-1234-567', 'BK-1234-56789', 'BK-UUUU-UUUU', 'BK-12$4-5678'])('refuses %j', (input) => {
    expect(normaliseVerificationCode(input)).toBeNull();
  });
});
