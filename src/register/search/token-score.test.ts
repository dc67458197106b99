import { describe, expect, it } from 'vitest';
import { koelnerPhonetik } from '../names/koelner-phonetik.ts';
import { foldName } from '../names/normalize.ts';
import { parseNameQuery } from './query.ts';
import { boundedEditDistance, candidatesPerToken, oneEditVariants, selectCandidates, spellingKey, tokenScore } from './token-score.ts';

const score = (typed: string, stored: string, prefix = false) => {
  const q = foldName(typed);
  const t = foldName(stored);
  return tokenScore({ token: q, phonetic: koelnerPhonetik(q), prefix }, { token: t, phonetic: koelnerPhonetik(t) });
};

describe('tokenScore', () => {
  it.each([
    // typed, stored, expected score
    ['Müller', 'Müller', 1],
    ['Mueller', 'Müller', 1],
    ['Muller', 'Müller', 0.95],
    ['Meyer', 'Meier', 0.95],
    ['Mayer', 'Meier', 0.95],
    ['Schmitt', 'Schmidt', 0.95],
    ['Philipp', 'Filip', 0.95],
    ['Mülller', 'Müller', 0.95],
    ['Mueler', 'Müller', 0.95],
    ['Mülelr', 'Müller', 0.8],
    ['Hnas', 'Hans', 0.8],
    ['Uso', 'Udo', 0.8],
    ['Schmied', 'Schmidt', 0.75],
    ['Maria', 'Meier', 0.55],
    ['Udo', 'Mustermann', 0],
    ['Hans', 'Hansjörg', 0],
  ])('%s for %s → %d', (typed, stored, expected) => {
    expect(score(typed, stored)).toBeCloseTo(expected, 5);
  });

  it('ranks the tiers in order: identical > spelling variant > one typo > two typos > sound-alike only', () => {
    const tiers = [score('Meier', 'Meier'), score('Meyer', 'Meier'), score('Meiler', 'Meier'), score('Meilerr', 'Meier'), score('Maria', 'Meier')];
    expect([...tiers].sort((a, b) => b - a)).toEqual(tiers);
    expect(new Set(tiers).size).toBe(tiers.length);
  });

  it('lets the last, unfinished token match longer names, the longer the prefix the better', () => {
    expect(score('Hans', 'Hansjörg', true)).toBeCloseTo(0.7 + 0.25 * (4 / 9), 5);
    expect(score('Mül', 'Müller', true)).toBeGreaterThan(score('Mül', 'Gül', true));
    expect(score('Musterm', 'Mustermann', true)).toBeGreaterThan(score('Must', 'Mustermann', true));
    expect(score('Must', 'Mustermann', true)).toBeLessThan(score('Mustermann', 'Mustermann', true));
  });
});

describe('spellingKey', () => {
  it.each([
    ['mueller', 'muler'], ['muller', 'muler'], ['meyer', 'meier'], ['maier', 'meier'], ['mayer', 'meier'],
    ['schmidt', 'schmit'], ['schmitt', 'schmit'], ['philipp', 'filip'], ['thomas', 'tomas'], ['becker', 'beker'], ['seitz', 'seiz'],
  ])('%s → %s', (token, key) => {
    expect(spellingKey(token)).toBe(key);
  });
});

describe('boundedEditDistance', () => {
  it.each([
    ['hans', 'hans', 0], ['hans', 'hnas', 1], ['hans', 'hanz', 1], ['hans', 'han', 1], ['hans', 'hannes', 2],
    ['mueller', 'muelelr', 1], ['', 'abc', 3], ['abcdef', 'ab', 4], ['kitten', 'sitting', 3],
  ])('%s ↔ %s = %d (limit 4)', (a, b, expected) => {
    expect(boundedEditDistance(a, b, 4)).toBe(expected);
    expect(boundedEditDistance(b, a, 4)).toBe(expected);
  });

  it('stops at limit + 1', () => {
    expect(boundedEditDistance('abcdefgh', 'stuvwxyz', 2)).toBe(3);
    expect(boundedEditDistance('a', 'abcdefgh', 2)).toBe(3);
  });
});

describe('oneEditVariants', () => {
  it('holds every string one deletion, transposition, substitution or insertion away, and not the token itself', () => {
    const variants = oneEditVariants('udo');
    for (const expected of ['do', 'uo', 'ud', 'duo', 'uod', 'uso', 'ado', 'udoa', 'audo', 'uddo']) expect(variants).toContain(expected);
    expect(variants).not.toContain('udo');
    expect(new Set(variants).size).toBe(variants.length);
    expect(variants.every((variant) => boundedEditDistance('udo', variant, 2) === 1)).toBe(true);
  });
});

describe('selectCandidates', () => {
  const row = (idx: number, token: string, occurrences = 1) => ({ idx, token, phonetic: koelnerPhonetik(token), occurrences });

  it('keeps per token the candidates near the best one, with the best score as max and the occurrences as size', () => {
    const query = parseNameQuery('Maria Müller');
    const groups = selectCandidates(query.tokens, [
      row(0, 'maria', 900), row(0, 'marie', 300), row(0, 'meier', 500), row(0, 'mario', 100),
      row(1, 'mueller', 400), row(1, 'moeller', 50), row(1, 'keller', 70),
      // looked up for all tokens: scored against each
      row(-1, 'maria', 900), row(-1, 'muller', 5),
    ]);
    expect(groups.map((g) => [g.index, g.tokens, g.max, g.size])).toEqual([
      [0, ['maria', 'marie', 'mario'], 1, 1300],
      [1, ['mueller', 'muller', 'moeller'], 1, 455],
    ]);
    expect(groups[1]?.scores.get('muller')).toBeCloseTo(0.95, 10);
  });

  it('keeps weaker candidates when the typed name is not in the register, and leaves out tokens without any', () => {
    const query = parseNameQuery('Mraia Zzzz');
    const groups = selectCandidates(query.tokens, [row(0, 'maria', 900), row(0, 'mara', 40), row(1, 'hans', 10)]);
    expect(groups.map((g) => [g.index, g.tokens])).toEqual([[0, ['maria', 'mara']]]);
    expect(groups[0]?.max).toBeCloseTo(0.85, 10);
  });

  it('keeps at most candidatesPerToken per token, the commoner first among equals', () => {
    const query = parseNameQuery('Meier');
    const rows = Array.from({ length: 40 }, (_, i) => row(0, `meier${'x'.repeat(i % 2)}${String.fromCharCode(97 + (i % 26))}`, i));
    const [group] = selectCandidates(query.tokens, rows);
    expect(group?.tokens).toHaveLength(candidatesPerToken);
  });
});

