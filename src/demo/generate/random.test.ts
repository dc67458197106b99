import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, weighted } from './random.ts';

describe('createRng', () => {
  it('repeats its sequence for a seed and differs for another', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const first = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(first);
  });

  it('stays inside the bounds it is given', () => {
    const rng = createRng(1);
    for (let i = 0; i < 10_000; i += 1) {
      const value = rng.next();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      const n = rng.int(3, 5);
      expect([3, 4, 5]).toContain(n);
      const x = rng.normal(10, 5, 0, 20);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(20);
    }
  });

  it('derives independent seeds per label', () => {
    expect(deriveSeed(1, 'persons')).toBe(deriveSeed(1, 'persons'));
    expect(deriveSeed(1, 'persons')).not.toBe(deriveSeed(1, 'kits'));
    expect(deriveSeed(1, 'persons')).not.toBe(deriveSeed(2, 'persons'));
  });
});

describe('weighted', () => {
  it('samples in proportion to the weights and never picks a zero weight', () => {
    const rng = createRng(7);
    const table = weighted([['a', 1], ['b', 3], ['never', 0]] as const);
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 40_000; i += 1) counts[table.sample(rng)] += 1;
    expect(counts.never).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.7);
    expect(counts.b / counts.a).toBeLessThan(3.3);
  });
});
