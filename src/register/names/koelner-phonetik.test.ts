import { describe, expect, it } from 'vitest';
import { koelnerPhonetik } from './koelner-phonetik.ts';
import { foldName, nameTokens } from './normalize.ts';

describe('koelnerPhonetik', () => {
  it.each([
    ['Müller-Lüdenscheidt', '65752682'],
    ['Wikipedia', '3412'],
    ['Breschnew', '17863'],
    ['Meier', '67'],
    ['Mayer', '67'],
    ['Maier', '67'],
    ['Meyer', '67'],
    ['Müller', '657'],
    ['Mueller', '657'],
    ['Muller', '657'],
    ['Schmidt', '862'],
    ['Schmitt', '862'],
    ['Christoph', '47823'],
    ['Xaver', '4837'],
    ['Axel', '0485'],
    ['Cäsar', '487'],
  ])('%s → %s', (name, code) => {
    expect(koelnerPhonetik(name)).toBe(code);
  });
});

describe('foldName', () => {
  it.each([
    ['Müller', 'mueller'],
    ['MÜLLER', 'mueller'],
    ['Straße', 'strasse'],
    ['Łukasz', 'lukasz'],
    ['José', 'jose'],
    ['Ørsted', 'oersted'],
  ])('%s → %s', (input, folded) => {
    expect(foldName(input)).toBe(folded);
  });

  it('splits names into tokens at spaces, hyphens and apostrophes', () => {
    expect(nameTokens("Anna-Lena D'Angelo von Müller")).toEqual(['anna', 'lena', 'd', 'angelo', 'von', 'mueller']);
  });
});
