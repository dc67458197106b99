import { describe, expect, it } from 'vitest';
import { checkSymbol } from '../documents/verification-code.ts';
import { generateRequestReference, generateStatusToken, statusTokenHash } from './reference.ts';

describe('request references', () => {
  it('has the HB-XXXX-XXXX shape with a valid check symbol', () => {
    const reference = generateRequestReference();
    expect(reference).toMatch(/^HB-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const symbols = reference.slice(3).replace('-', '');
    expect(checkSymbol(symbols.slice(0, 7))).toBe(symbols.charAt(7));
  });

  it('is drawn from the given random source', () => {
    expect(generateRequestReference(() => 0)).toBe(`HB-0000-000${checkSymbol('0000000')}`);
  });
});

describe('status tokens', () => {
  it('stores only a hash that matches the token', () => {
    const { token, hash } = generateStatusToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).toBe(statusTokenHash(token));
    expect(hash).not.toContain(token);
    expect(generateStatusToken().token).not.toBe(token);
  });
});
