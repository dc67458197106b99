import { describe, expect, it } from 'vitest';
import { dinCharacters, dinLetterSequences, isDinString, validateDinString, validateName } from './din91379.ts';

describe('DIN SPEC 91379 names (data type A)', () => {
  it.each([
    ['Ærø'],
    ['Łódź'],
    ['Nguyễn'],
    ['Ødegård'],
    ['Çelik'],
    ["O'Brien"],
    ['O’Brien'],
    ['Müller-Lüdenscheidt'],
    ['Strauß'],
    ['STRAUẞ'],
    ['de la Cruz'],
    ['Dr. rer. nat.'],
    ['Ğümüşhane'],
    ['Ștefănescu'],
    ['Şahin'],
    ['Øyvind'],
    ['Đorđević'],
    ['Ðiðrik'],
    ['Þórunn'],
    ['Əliyev'],
    ['L\u0325ubica'], // L̥: sequence U+004C U+0325
    ['M\u0302arek'], // M̂: sequence U+004D U+0302
    ['K\u035FHan'], // K͟H: U+035F joins two letters
    ['R\u0325\u0304ta'], // R̥̄: base + two marks
    ['Nguye\u0302\u0303n'], // decomposed ễ, composed by NFC
  ])('accepts %s', (name) => {
    expect(validateName(name, 'familyName')).toEqual([]);
    expect(isDinString(name)).toBe(true);
  });

  it.each([
    ['Ivan\u043Ev', '\u043E', 'U+043E', 5], // Cyrillic o among Latin letters: looks right, is not
    ['Anna😀', '😀', 'U+1F600', 5],
    ['Peter2', '2', 'U+0032', 6],
    ['Mül<ler', '<', 'U+003C', 4],
    ['Tab\tname', 'U+0009', 'U+0009', 4],
    ['Line\nbreak', 'U+000A', 'U+000A', 5],
    ['Nobreak\u00A0space', '\u00A0', 'U+00A0', 8],
    ['Wei\u00DF\u0303', 'ß̃', 'U+00DF U+0303', 4],
    ['X\u0325y', 'X̥', 'U+0058 U+0325', 1],
    ['王', '王', 'U+738B', 1],
    ['Smith‘s', '‘', 'U+2018', 6],
    ['Anna@home', '@', 'U+0040', 5],
  ])('refuses %s and names the character', (name, shown, codePoints, position) => {
    const issues = validateName(name, 'familyName');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ field: 'familyName', codePoints, position });
    expect(issues[0]?.message).toContain(`familyName: character "${shown}" (${codePoints}) at position ${position} is not allowed`);
    expect(issues[0]?.message).toContain('DIN SPEC 91379');
    expect(isDinString(name)).toBe(false);
  });

  it('summarises after three refused characters, so a name in another script gives four lines, not twelve', () => {
    const issues = validateName('Παπαδόπουλος', 'familyName');
    expect(issues).toHaveLength(4);
    expect(issues[0]?.message).toContain('character "Π" (U+03A0) at position 1');
    expect(issues[3]?.message).toBe('familyName: 9 more characters are not allowed from position 4 on (DIN SPEC 91379 String.Latin+ 1.2, type A, names of natural persons).');
  });

  it('reports every offending character, counting sequences as one character', () => {
    const issues = validateName('L\u0325ö1x2', 'givenNames[0]');
    expect(issues.map((i) => [i.character, i.position])).toEqual([['1', 3], ['2', 5]]);
  });

  it('refuses leading and trailing spaces', () => {
    expect(validateName(' Anna', 'givenNames[0]')[0]?.message).toBe('givenNames[0]: must not start or end with a space; remove the space.');
    expect(validateName('Anna ', 'givenNames[0]')).toHaveLength(1);
  });

  it('gives a hint a clerk can act on', () => {
    expect(validateName('Иван', 'givenNames[0]')[0]?.message).toContain('write the name in Latin letters');
    expect(validateName('Jan3', 'givenNames[0]')[0]?.message).toContain('names contain no digits');
    expect(validateName('A\u0007', 'givenNames[0]')[0]?.message).toContain('remove the control');
  });
});

describe('DIN SPEC 91379 data type B (streets, places, organisations)', () => {
  it.each([['Hauptstraße 12a'], ['Zimmer 3/4'], ['Wohnung (links)'], ['Am Ring 1-3']])('accepts %s', (text) => {
    expect(validateDinString(text, 'street', 'B')).toEqual([]);
  });
  it.each([['Ул 1'], ['Weg\n2'], ['Straße 😀']])('refuses %s', (text) => {
    expect(validateDinString(text, 'street', 'B').length).toBeGreaterThan(0);
  });
});

describe('the character data', () => {
  it('holds every defined sequence in NFC, so NFC input can match it', () => {
    for (const sequence of dinLetterSequences) expect(sequence.normalize('NFC')).toBe(sequence);
    expect(dinLetterSequences).toHaveLength(147);
  });

  it('treats every defined sequence as one character', () => {
    for (const sequence of dinLetterSequences) expect(dinCharacters(sequence)).toEqual([sequence]);
  });
});
