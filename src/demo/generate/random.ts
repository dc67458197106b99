/**
 * Deterministic randomness for the demo city: the same seed gives the same city on every
 * machine and Node version, so demo data, screenshots and tests can name concrete people.
 * sfc32 is small, fast and passes PractRand far beyond what a demo needs; Math.random cannot be seeded.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A roughly normal value (sum of uniforms), clamped to [min, max]. */
  normal(mean: number, deviation: number, min?: number, max?: number): number;
}

/** Mixes a seed and a label into an independent 32-bit seed, so sub-generators do not share a stream. */
export function deriveSeed(seed: number, label: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < label.length; i += 1) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
  }
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export function createRng(seed: number): Rng {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs of sfc32 still show the constant initial state; discard them.
  for (let i = 0; i < 15; i += 1) next();
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    normal(mean, deviation, min = -Infinity, max = Infinity) {
      const sum = next() + next() + next() + next() + next() + next();
      const value = mean + (sum - 3) * deviation * Math.SQRT2;
      return Math.min(max, Math.max(min, value));
    },
  };
  return rng;
}

/** A discrete distribution, sampled by binary search over cumulative weights. */
export interface Weighted<T> {
  sample(rng: Rng): T;
  readonly values: readonly T[];
}

export function weighted<T>(entries: readonly (readonly [T, number])[]): Weighted<T> {
  const values: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [value, weight] of entries) {
    if (weight <= 0) continue;
    total += weight;
    values.push(value);
    cumulative.push(total);
  }
  if (values.length === 0) throw new Error('weighted distribution without positive weights');
  return {
    values,
    sample(rng) {
      const target = rng.next() * total;
      let low = 0;
      let high = cumulative.length - 1;
      while (low < high) {
        const mid = (low + high) >> 1;
        if ((cumulative[mid] as number) > target) high = mid;
        else low = mid + 1;
      }
      return values[low] as T;
    },
  };
}

/**
 * Weights that fall with the rank like real name frequencies (Zipf-like): the first of a
 * popularity list is a few times more common than the tenth.
 */
export function byRank<T>(items: readonly T[], exponent = 0.8, offset = 2): Weighted<T> {
  return weighted(items.map((item, index) => [item, 1 / (index + offset) ** exponent] as const));
}
