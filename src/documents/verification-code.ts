import { randomInt } from 'node:crypto';

/**
 * The short code printed on certificates, BK-XXXX-XXXX: seven random symbols of Crockford's
 * base32 (no I, L, O, U: nothing to confuse when read aloud or typed from paper) and one check
 * symbol (Luhn mod 32), so a mistyped symbol or two swapped neighbours are caught before the
 * database is asked. 32^7 ≈ 3.4·10^10 codes: with the rate limit of the verify page, guessing a
 * valid one is hopeless.
 */
export const crockfordAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const base = crockfordAlphabet.length;

/** Luhn mod N check symbol over Crockford symbols (detects every single error, most transpositions). */
export function checkSymbol(symbols: string): string {
  let sum = 0;
  let factor = 2;
  for (let i = symbols.length - 1; i >= 0; i -= 1) {
    const value = crockfordAlphabet.indexOf(symbols.charAt(i));
    if (value < 0) throw new RangeError(`"${symbols.charAt(i)}" is no Crockford base32 symbol`);
    const product = value * factor;
    sum += Math.floor(product / base) + (product % base);
    factor = factor === 2 ? 1 : 2;
  }
  return crockfordAlphabet.charAt((base - (sum % base)) % base);
}

/** A new random code (cryptographically random symbols). */
export function generateVerificationCode(random: (max: number) => number = randomInt): string {
  let body = '';
  for (let i = 0; i < 7; i += 1) body += crockfordAlphabet.charAt(random(base));
  return formatCode(body + checkSymbol(body));
}

function formatCode(symbols: string): string {
  return `BK-${symbols.slice(0, 4)}-${symbols.slice(4, 8)}`;
}

/**
 * The canonical form of a code as typed by a person: case and separators do not matter, and
 * the letters Crockford maps (I, L → 1; O → 0) are read as the digits they look like. Returns
 * null when it cannot be a code (wrong length, foreign characters, wrong check symbol).
 */
export function normaliseVerificationCode(input: string): string | null {
  let symbols = input.toUpperCase().replace(/[\s\-_.]/g, '');
  if (symbols.startsWith('BK')) symbols = symbols.slice(2);
  symbols = symbols.replace(/[IL]/g, '1').replace(/O/g, '0');
  if (symbols.length !== 8 || ![...symbols].every((c) => crockfordAlphabet.includes(c))) return null;
  if (checkSymbol(symbols.slice(0, 7)) !== symbols.charAt(7)) return null;
  return formatCode(symbols);
}
