/**
 * DIN SPEC 91379 (String.Latin+ 1.2, KoSIT): the characters a German register may store.
 *
 * The character repertoire below is the normative list of String.Latin+ 1.2 (groups "bll" Latin
 * letters, "bnlreq" non-letters N1 and "bnl" non-letters N2), as published in machine-readable form
 * by the String.Latin working group (github.com/String-Latin/DIN-91379-Characters-and-Sequences,
 * latin_list_1.2.txt, CC BY 4.0). Data types:
 * - A, "Namen natürlicher Personen": Latin letters and sequences + N1 (space ' , - . ` ~ ¨ ´ · ʹ ʺ ʾ ʿ ˈ ˌ ’ ‡).
 * - B, "Namen juristischer Personen, Straßennamen …": type A + N2 (digits, common punctuation, € …).
 * Greek and Cyrillic letters (types D and E) are not accepted: the register stores Latin script.
 *
 * A "character" here is what the standard counts as one: a code point, or one of the defined
 * base + combining mark sequences (L̥ = U+004C U+0325). Input is NFC-normalised first, which is
 * the form the standard prescribes for storage and exchange.
 */

export type DinDataType = 'A' | 'B';

export interface NameIssue {
  field: string;
  /** 1-based position of the offending character, counting characters as the standard does. */
  position: number;
  /** The offending character as shown, including any combining marks that belong to it. */
  character: string;
  /** Its code points, e.g. "U+00DF U+0303". */
  codePoints: string;
  message: string;
}

/** Single Latin letters (group bll), as inclusive code point ranges. */
const latinLetterRanges: readonly (readonly [number, number])[] = [
  [0x0041, 0x005a], [0x0061, 0x007a],
  [0x00c0, 0x00d6], [0x00d8, 0x00f6], [0x00f8, 0x017e],
  [0x0187, 0x0188], [0x018f, 0x018f], [0x0197, 0x0197], [0x01a0, 0x01a1], [0x01af, 0x01b0], [0x01b7, 0x01b7],
  [0x01cd, 0x01dc], [0x01de, 0x01df], [0x01e2, 0x01f0], [0x01f4, 0x01f5], [0x01f8, 0x01ff],
  [0x0212, 0x0213], [0x0218, 0x021b], [0x021e, 0x021f], [0x0227, 0x0233],
  [0x0259, 0x0259], [0x0268, 0x0268], [0x0292, 0x0292],
  [0x1e02, 0x1e03], [0x1e06, 0x1e07], [0x1e0a, 0x1e11], [0x1e1c, 0x1e2b], [0x1e2f, 0x1e37], [0x1e3a, 0x1e3b],
  [0x1e40, 0x1e49], [0x1e52, 0x1e5b], [0x1e5e, 0x1e63], [0x1e6a, 0x1e6f], [0x1e80, 0x1e87], [0x1e8c, 0x1e97],
  [0x1e9e, 0x1e9e], [0x1ea0, 0x1ef9],
];

/**
 * The defined letter sequences (group bll, kind "seq"): a base letter followed by one or two
 * combining marks; U+035F (double macron below) joins K/k with the following H/h.
 */
const latinSequences: readonly string[] = [
  '0041 030B', '0043 0300', '0043 0304', '0043 0306', '0043 0308', '0043 0315', '0043 0323', '0043 0326', '0043 0328 0306',
  '0044 0302', '0046 0300', '0046 0304', '0047 0300', '0048 0304', '0048 0326', '0048 0331', '004A 0301', '004A 030C',
  '004B 0300', '004B 0302', '004B 0304', '004B 0307', '004B 0315', '004B 031B', '004B 0326', '004B 035F 0048', '004B 035F 0068',
  '004C 0302', '004C 0325', '004C 0325 0304', '004C 0326', '004D 0300', '004D 0302', '004D 0306', '004D 0310',
  '004E 0302', '004E 0304', '004E 0306', '004E 0326', '0050 0300', '0050 0304', '0050 0315', '0050 0323',
  '0052 0306', '0052 0325', '0052 0325 0304', '0053 0300', '0053 0304', '0053 031B 0304', '0053 0331',
  '0054 0300', '0054 0304', '0054 0308', '0054 0315', '0054 031B', '0055 0307',
  '005A 0300', '005A 0304', '005A 0306', '005A 0308', '005A 0327',
  '0061 030B', '0063 0300', '0063 0304', '0063 0306', '0063 0308', '0063 0315', '0063 0323', '0063 0326', '0063 0328 0306',
  '0064 0302', '0066 0300', '0066 0304', '0067 0300', '0068 0304', '0068 0326', '006A 0301',
  '006B 0300', '006B 0302', '006B 0304', '006B 0307', '006B 0315', '006B 031B', '006B 0326', '006B 035F 0068',
  '006C 0302', '006C 0325', '006C 0325 0304', '006C 0326', '006D 0300', '006D 0302', '006D 0306', '006D 0310',
  '006E 0302', '006E 0304', '006E 0306', '006E 0326', '0070 0300', '0070 0304', '0070 0315', '0070 0323',
  '0072 0306', '0072 0325', '0072 0325 0304', '0073 0300', '0073 0304', '0073 031B 0304', '0073 0331',
  '0074 0300', '0074 0304', '0074 0315', '0074 031B', '0075 0307',
  '007A 0300', '007A 0304', '007A 0306', '007A 0308', '007A 0327',
  '00C7 0306', '00DB 0304', '00E7 0306', '00FB 0304', '00FF 0301',
  '010C 0315', '010C 0323', '010D 0315', '010D 0323', '012A 0301', '012B 0301',
  '017D 0326', '017D 0327', '017E 0326', '017E 0327',
  '1E32 0304', '1E33 0304', '1E62 0304', '1E63 0304', '1E6C 0304', '1E6D 0304',
  '1EA0 0308', '1EA1 0308', '1ECC 0308', '1ECD 0308', '1EE4 0304', '1EE4 0308', '1EE5 0304', '1EE5 0308',
];

/** Non-letters N1 (group bnlreq): allowed in every data type. */
const nonLettersN1 = [0x0020, 0x0027, 0x002c, 0x002d, 0x002e, 0x0060, 0x007e, 0x00a8, 0x00b4, 0x00b7,
  0x02b9, 0x02ba, 0x02be, 0x02bf, 0x02c8, 0x02cc, 0x2019, 0x2021];

/** Non-letters N2 (group bnl): digits and punctuation, allowed from data type B on. */
const nonLettersN2Ranges: readonly (readonly [number, number])[] = [
  [0x0021, 0x0026], [0x0028, 0x002b], [0x002f, 0x0040], [0x005b, 0x005f], [0x007b, 0x007d],
  [0x00a1, 0x00a3], [0x00a5, 0x00a5], [0x00a7, 0x00a7], [0x00a9, 0x00ac], [0x00ae, 0x00b3], [0x00b5, 0x00b6],
  [0x00b9, 0x00bb], [0x00bf, 0x00bf], [0x00d7, 0x00d7], [0x00f7, 0x00f7], [0x20ac, 0x20ac],
];

const fromHex = (codes: string): string => String.fromCodePoint(...codes.split(' ').map((hex) => Number.parseInt(hex, 16)));

function rangeCharacters(ranges: readonly (readonly [number, number])[]): string[] {
  const out: string[] = [];
  for (const [from, to] of ranges) for (let cp = from; cp <= to; cp += 1) out.push(String.fromCodePoint(cp));
  return out;
}

const typeA: ReadonlySet<string> = new Set([
  ...rangeCharacters(latinLetterRanges),
  ...latinSequences.map(fromHex),
  ...nonLettersN1.map((cp) => String.fromCodePoint(cp)),
]);
const typeB: ReadonlySet<string> = new Set([...typeA, ...rangeCharacters(nonLettersN2Ranges)]);

const allowedSets: Record<DinDataType, ReadonlySet<string>> = { A: typeA, B: typeB };
const typeLabels: Record<DinDataType, string> = {
  A: 'type A, names of natural persons',
  B: 'type B, names of organisations, streets and places',
};

/** Every defined letter sequence (base + combining marks), for tests and input helpers. */
export const dinLetterSequences: readonly string[] = latinSequences.map(fromHex);

const combiningMark = /^\p{M}$/u;
const doubleMacronBelow = '\u035F';
/** A name in another script would otherwise give one message per letter. */
const maxIssuesPerField = 3;

/**
 * Splits NFC text into the units the standard counts as one character: a base code point with
 * all combining marks that follow it (and, after U+035F, the letter it joins).
 */
export function dinCharacters(text: string): string[] {
  const codePoints = [...text];
  const units: string[] = [];
  let i = 0;
  while (i < codePoints.length) {
    let unit = codePoints[i] ?? '';
    i += 1;
    while (i < codePoints.length && combiningMark.test(codePoints[i] ?? '')) {
      const mark = codePoints[i] ?? '';
      unit += mark;
      i += 1;
      if (mark === doubleMacronBelow && i < codePoints.length) {
        unit += codePoints[i] ?? '';
        i += 1;
      }
    }
    units.push(unit);
  }
  return units;
}

export function codePointsOf(text: string): string {
  return [...text].map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
}

/** Whether a whole string consists of characters of the given data type (after NFC). */
export function isDinString(value: string, type: DinDataType = 'A'): boolean {
  const allowed = allowedSets[type];
  return dinCharacters(value.normalize('NFC')).every((unit) => allowed.has(unit));
}

/** Checks a name (data type A). `field` names the field in the messages, e.g. "givenNames[1]". */
export function validateName(value: string, field: string): NameIssue[] {
  return validateDinString(value, field, 'A');
}

/** Checks a text field against a DIN SPEC 91379 data type and explains every character it refuses. */
export function validateDinString(value: string, field: string, type: DinDataType): NameIssue[] {
  const allowed = allowedSets[type];
  const issues: NameIssue[] = [];
  const units = dinCharacters(value.normalize('NFC'));
  const refused = units.flatMap((unit, index) => (allowed.has(unit) ? [] : [{ unit, position: index + 1 }]));
  for (const { unit, position } of refused.slice(0, maxIssuesPerField)) {
    const codePoints = codePointsOf(unit);
    issues.push({
      field,
      position,
      character: unit,
      codePoints,
      message: `${field}: character "${printable(unit)}" (${codePoints}) at position ${position} is not allowed ` +
        `(DIN SPEC 91379 String.Latin+ 1.2, ${typeLabels[type]}); ${hintFor(unit, type)}.`,
    });
  }
  const firstUnreported = refused[maxIssuesPerField];
  if (firstUnreported) {
    const rest = refused.length - maxIssuesPerField;
    issues.push({
      field,
      position: firstUnreported.position,
      character: firstUnreported.unit,
      codePoints: codePointsOf(firstUnreported.unit),
      message: `${field}: ${rest} more character${rest === 1 ? ' is' : 's are'} not allowed from position ${firstUnreported.position} on ` +
        `(DIN SPEC 91379 String.Latin+ 1.2, ${typeLabels[type]}).`,
    });
  }
  const first = units[0];
  const last = units.at(-1);
  if (first === ' ' || last === ' ') {
    issues.push({
      field,
      position: first === ' ' ? 1 : units.length,
      character: ' ',
      codePoints: 'U+0020',
      message: `${field}: must not start or end with a space; remove the space.`,
    });
  }
  return issues;
}

/** Control characters are shown by their code point; printing them would break the message. */
function printable(unit: string): string {
  return /\p{C}/u.test(unit) ? codePointsOf(unit) : unit;
}

function hintFor(unit: string, type: DinDataType): string {
  const base = unit[0] ?? '';
  if (/\p{Cc}|\p{Cf}/u.test(unit)) return 'remove the control or formatting character (line break, tab, invisible mark)';
  if (unit === '\u00A0' || /\p{Zs}/u.test(unit)) return 'replace it with a normal space';
  if (/\p{Extended_Pictographic}/u.test(unit)) return 'remove the symbol';
  if (unit === '\u2018' || unit === '\u02BC') return 'use the apostrophe \' or ’ instead';
  if (type === 'A' && /^\p{Nd}$/u.test(unit)) return 'names contain no digits; check whether the value belongs in another field';
  if (combiningMark.test(base)) return 'a combining mark must follow a letter; remove it or attach it to the letter it belongs to';
  if (/\p{Script=Latin}/u.test(base) && unit.length > 1) {
    return 'this letter and mark combination is not in the standard; use the letter as written in the identity document (ICAO transliteration)';
  }
  if (/\p{L}/u.test(base) && !/\p{Script=Latin}/u.test(base)) {
    return 'write the name in Latin letters, as in the machine-readable zone of the passport or identity document';
  }
  return type === 'A'
    ? 'names may contain only Latin letters, space, apostrophe, hyphen, full stop and comma'
    : 'remove the character or replace it with a permitted one';
}
