/**
 * Serial numbers of German ID documents: 9 characters (a 4-character authority code and
 * 5 characters) followed by the ICAO 9303 check digit, as printed in the MRZ.
 * Since 2019 only these characters are used, so that none can be mistaken for another.
 */
export const serialAlphabet = 'CFGHJKLMNPRTVWXYZ0123456789';

/** ICAO 9303 Part 3, 4.9: weights 7-3-1, digits by value, A–Z as 10–35, filler < as 0. */
export function icaoCheckDigit(text: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    let value: number;
    if (char >= '0' && char <= '9') value = char.charCodeAt(0) - 48;
    else if (char >= 'A' && char <= 'Z') value = char.charCodeAt(0) - 55;
    else if (char === '<') value = 0;
    else throw new Error(`"${char}" cannot appear in a machine-readable zone`);
    sum += value * (weights[i % 3] as number);
  }
  return sum % 10;
}

export function hasValidCheckDigit(serialWithCheckDigit: string): boolean {
  if (!/^[A-Z0-9]{9}\d$/.test(serialWithCheckDigit)) return false;
  return icaoCheckDigit(serialWithCheckDigit.slice(0, 9)) === Number(serialWithCheckDigit[9]);
}

const base = serialAlphabet.length;
const space = base ** 5;
// Coprime with 27^5 (not divisible by 3), so counter → number is a bijection on the space:
// unique serials without a set of issued numbers, and without visible sequence.
const multiplier = 7_368_787;
const offset = 4_271_093;

/** The fictitious 4-character Behördenkennzahl of an issuing authority, stable per name. */
export function authorityCode(authority: string): string {
  let h = 2166136261;
  for (let i = 0; i < authority.length; i += 1) h = Math.imul(h ^ authority.charCodeAt(i), 16777619) >>> 0;
  // Authority codes start with a letter, like the real ones (e.g. L…, T…).
  let code = serialAlphabet[h % 17] as string;
  h = Math.floor(h / 17);
  for (let i = 0; i < 3; i += 1) {
    code += serialAlphabet[h % base] as string;
    h = Math.floor(h / base);
  }
  return code;
}

/** Hands out unique serial numbers (with check digit) for a run of the generator. */
export function createSerialAllocator(startAt = 0): (authority: string) => string {
  let counter = startAt;
  const end = startAt + space;
  return (authority) => {
    if (counter >= end) throw new Error('serial number space exhausted');
    let n = ((counter % space) * multiplier + offset) % space;
    counter += 1;
    let tail = '';
    for (let i = 0; i < 5; i += 1) {
      tail += serialAlphabet[n % base] as string;
      n = Math.floor(n / base);
    }
    const serial = authorityCode(authority) + tail;
    return serial + String(icaoCheckDigit(serial));
  };
}
