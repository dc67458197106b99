import { describe, expect, it } from 'vitest';
import { serialAlphabet, serialCapacity, serialCounterText } from './numbers.ts';

describe('serialCounterText (ICAO alphabet: digits and C F G H J K L M N P R T V W X Y Z)', () => {
  it('has 27 characters, no vowels and no B, D, Q, S', () => {
    expect(serialAlphabet).toHaveLength(27);
    expect(serialAlphabet).not.toMatch(/[AEIOUBDQS]/);
    expect(serialCapacity).toBe(27 ** 5);
  });

  it.each([
    [0, '00000'], [1, '00001'], [9, '00009'], [10, '0000C'], [26, '0000Z'], [27, '00010'], [27 * 27, '00100'],
    [serialCapacity - 1, 'ZZZZZ'],
  ])('%i → %s', (value, text) => {
    expect(serialCounterText(value)).toBe(text);
  });

  it('is one-to-one over a stretch of values', () => {
    const texts = Array.from({ length: 5000 }, (_, i) => serialCounterText(i * 2861));
    expect(new Set(texts).size).toBe(5000);
  });

  it.each([-1, serialCapacity, 1.5])('refuses %s', (value) => {
    expect(() => serialCounterText(value)).toThrow(RangeError);
  });
});
