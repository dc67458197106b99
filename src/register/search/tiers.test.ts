import { describe, expect, it } from 'vitest';
import { anchorGroups, boundBelowTier, lowestTier, nextTier, tierSubsets, trimGroup, type TierPolicy, type TokenGroup } from './tiers.ts';

const policy: TierPolicy = { commonGroupSize: 1000, floorJumpSize: 2000 };
const group = (index: number, size: number, max = 1): TokenGroup => ({
  index, tokens: [`t${index}`], scores: new Map([[`t${index}`, max]]), occurrences: new Map([[`t${index}`, size]]), max, size,
});

describe('anchorGroups', () => {
  it.each([
    ['the uncommon groups', [group(0, 5000), group(1, 20), group(2, 900)], [1, 2]],
    ['the rarest group when all are common', [group(0, 5000), group(1, 3000), group(2, 4000)], [1]],
    ['every group of a small register', [group(0, 50), group(1, 20)], [0, 1]],
    ['nothing without groups', [], []],
  ])('%s', (_, groups, expected) => {
    expect(anchorGroups(groups, policy).map((g) => g.index)).toEqual(expected);
  });
});

describe('tierSubsets', () => {
  const maria = group(0, 15000);
  const anna = group(1, 9000);
  const brinkhofmann = group(2, 12);
  const all = [maria, anna, brinkhofmann];
  const indexes = (subsets: TokenGroup[][]) => subsets.map((subset) => subset.map((g) => g.index));

  it.each([
    [3, [[0, 1, 2]]],
    [2, [[0, 2], [1, 2]]],
    [1, [[2]]],
  ])('tier %d keeps only sets with an anchor group', (tier, expected) => {
    expect(indexes(tierSubsets(all, tier, [brinkhofmann]))).toEqual(expected);
  });

  it('asks for all groups at the top tier even when none is an anchor', () => {
    expect(indexes(tierSubsets([maria, anna], 2, []))).toEqual([[0, 1]]);
    expect(tierSubsets([], 1, [])).toEqual([]);
  });
});

describe('boundBelowTier', () => {
  it.each([
    // maxima, tier, bound: the best a person matching fewer than `tier` groups can score
    [[1, 0.85, 0.95], 3, 1.95],
    [[1, 0.85, 0.95], 2, 1],
    [[1, 0.85, 0.95], 1, 0],
    [[0.8], 1, 0],
  ])('maxima %o below tier %d → %d', (maxima, tier, expected) => {
    expect(boundBelowTier(maxima.map((max, i) => group(i, 10, max)), tier)).toBeCloseTo(expected, 10);
  });
});

describe('nextTier and lowestTier', () => {
  it.each([
    // tier, anchor sizes, lowest, next
    [3, [10], 1, 1],
    [3, [1500, 1500], 1, 2],
    [2, [1500, 1500], 2, null],
    [1, [10], 1, null],
    [4, [5000], 2, 3],
  ])('after tier %d with anchors of %o down to %d → %s', (tier, sizes, lowest, expected) => {
    expect(nextTier(tier, sizes.map((size, i) => group(i, size)), lowest, policy)).toBe(expected);
  });

  it.each([
    // groups, narrowed by birth date or address, found so far, lowest tier
    [1, false, 5, 1],
    [2, false, 5, 2],
    [2, true, 5, 1],
    [3, false, 0, 1],
  ])('%d groups, narrowed %s, %d found → %d', (groups, narrowed, found, expected) => {
    expect(lowestTier(groups, narrowed, found)).toBe(expected);
  });
});

describe('trimGroup', () => {
  const mueller: TokenGroup = {
    index: 0, tokens: ['mueller', 'muller', 'moeller'], max: 1, size: 6500,
    scores: new Map([['mueller', 1], ['muller', 0.95], ['moeller', 0.85]]),
    occurrences: new Map([['mueller', 4000], ['muller', 500], ['moeller', 2000]]),
  };
  it.each([
    [10_000, ['mueller', 'muller', 'moeller'], 6500],
    [5000, ['mueller', 'muller'], 4500],
    [4000, ['mueller'], 4000],
    [100, ['mueller'], 4000],
  ])('to %d occurrences keeps %o', (maxSize, tokens, size) => {
    const trimmed = trimGroup(mueller, maxSize);
    expect(trimmed.tokens).toEqual(tokens);
    expect(trimmed.size).toBe(size);
    expect(trimmed.max).toBe(1);
  });
});

