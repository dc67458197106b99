/**
 * Check digits of machine-readable travel documents (ICAO Doc 9303 Part 3, 4.9): each character is
 * mapped to a value (0–9 as is, A–Z as 10–35, the filler < as 0), multiplied by the repeating weights
 * 7, 3, 1, and the sum taken modulo 10. The serial number of a Personalausweis or Reisepass carries
 * one as its tenth character.
 */
const weights = [7, 3, 1] as const;

function characterValue(character: string, position: number, value: string): number {
  if (character >= '0' && character <= '9') return character.charCodeAt(0) - 48;
  if (character >= 'A' && character <= 'Z') return character.charCodeAt(0) - 55;
  if (character === '<') return 0;
  throw new RangeError(`"${value}" cannot carry an ICAO check digit: character ${position + 1} ("${character}") is not 0-9, A-Z or <.`);
}

/** The check digit ("0"–"9") of value, which may hold only 0–9, upper-case A–Z and the filler <. */
export function icaoCheckDigit(value: string): string {
  let sum = 0;
  for (let i = 0; i < value.length; i += 1) {
    sum += characterValue(value.charAt(i), i, value) * weights[i % 3]!;
  }
  return String(sum % 10);
}

/** Whether the last character of value is the check digit of the characters before it. */
export function hasValidIcaoCheckDigit(value: string): boolean {
  if (value.length < 2) return false;
  const body = value.slice(0, -1);
  if (!/^[0-9A-Z<]+$/.test(body)) return false;
  return icaoCheckDigit(body) === value.slice(-1);
}

/**
 * A German ID document serial number: 9 characters (the authority's 4-character Behördenkennzahl
 * and 5 more, digits and consonants) followed by its check digit. Returns a message an officer can
 * act on, or null when the number is well-formed.
 */
export function serialNumberProblem(serialNumber: string): string | null {
  if (!/^[0-9A-Z]{9}[0-9]$/.test(serialNumber)) {
    return `The serial number "${serialNumber}" must be 9 digits or capital letters followed by a check digit (10 characters).`;
  }
  const expected = icaoCheckDigit(serialNumber.slice(0, 9));
  if (expected !== serialNumber.charAt(9)) {
    return `The check digit of serial number "${serialNumber}" is wrong: ${serialNumber.slice(0, 9)} has check digit ${expected}. Check the number on the document order form.`;
  }
  return null;
}
