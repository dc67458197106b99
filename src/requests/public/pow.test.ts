import { describe, expect, it } from 'vitest';
import {
  issueChallenge, leadingZeroBits, powHash, powKey, powTtlMs, solveChallenge, verifySolution, type PowSolution, type PowVerdict,
} from './pow.ts';

const key = powKey('test-secret-test-secret-test-secret-0123456789');
const otherKey = powKey('another-secret-another-secret-another-0123');
const now = new Date('2026-12-02T10:00:00Z');
const bits = 8;
const issued = issueChallenge(key, now, bits, (size) => Buffer.alloc(size, 7));
const nonce = solveChallenge(issued.challenge, bits);
const solved: PowSolution = { challenge: issued.challenge, signature: issued.signature, nonce };

/** A nonce that does not reach the difficulty (the first counter value that misses). */
function failingNonce(challenge: string, difficulty: number): string {
  for (let n = 0; ; n += 1) if (leadingZeroBits(powHash(challenge, `x${n}`)) < difficulty) return `x${n}`;
}

describe('leadingZeroBits', () => {
  it.each([
    [[0x80], 0], [[0x40], 1], [[0x01], 7], [[0x00, 0xff], 8], [[0x00, 0x00, 0x10], 19], [[0x00, 0x00], 16], [[], 0],
  ])('%j has %i leading zero bits', (bytes, expected) => {
    expect(leadingZeroBits(Uint8Array.from(bytes))).toBe(expected);
  });
});

describe('verifySolution', () => {
  const cases: { name: string; solution: PowSolution; at: Date; required: number; expected: PowVerdict['ok'] | string }[] = [
    { name: 'a solved challenge', solution: solved, at: now, required: bits, expected: true },
    { name: 'a solved challenge just before expiry', solution: solved, at: new Date(now.getTime() + powTtlMs - 1), required: bits, expected: true },
    { name: 'a lower requirement than issued', solution: solved, at: now, required: 4, expected: true },
    { name: 'a wrong signature', solution: { ...solved, signature: issueChallenge(otherKey, now, bits).signature }, at: now, required: bits, expected: 'signature' },
    { name: 'a challenge signed by another key', solution: { ...solved, signature: issueChallenge(otherKey, now, bits, (size) => Buffer.alloc(size, 7)).signature }, at: now, required: bits, expected: 'signature' },
    { name: 'an expired challenge', solution: solved, at: new Date(now.getTime() + powTtlMs), required: bits, expected: 'expired' },
    { name: 'too few zero bits', solution: { ...solved, nonce: failingNonce(issued.challenge, bits) }, at: now, required: bits, expected: 'insufficient_work' },
    { name: 'a challenge easier than required now', solution: solved, at: now, required: bits + 1, expected: 'too_easy' },
    { name: 'a tampered challenge', solution: { ...solved, challenge: `${issued.challenge.slice(0, -2)}AA` }, at: now, required: bits, expected: 'signature' },
    { name: 'a challenge of the wrong length', solution: { ...solved, challenge: 'abc' }, at: now, required: bits, expected: 'malformed' },
    { name: 'an empty nonce', solution: { ...solved, nonce: '' }, at: now, required: bits, expected: 'malformed' },
  ];
  it.each(cases)('$name → $expected', ({ solution, at, required, expected }) => {
    const verdict = verifySolution(key, solution, at, required);
    if (expected === true) expect(verdict.ok).toBe(true);
    else expect(verdict).toEqual({ ok: false, reason: expected });
  });

  it('names the challenge by a hash that is the same for every solution of it (replay detection)', () => {
    const first = verifySolution(key, solved, now, bits);
    const again = verifySolution(key, solved, now, bits);
    expect(first.ok && again.ok && first.challengeHash === again.challengeHash).toBe(true);
  });
});

describe('issueChallenge', () => {
  it('carries expiry and difficulty, and every challenge is new', () => {
    const a = issueChallenge(key, now, 18);
    const b = issueChallenge(key, now, 18);
    expect(a.challenge).not.toBe(b.challenge);
    expect(a.expiresAt).toBe(new Date(now.getTime() + powTtlMs).toISOString());
    expect(a.difficulty).toBe(18);
  });
  it('refuses a difficulty outside 1–32 bits', () => {
    expect(() => issueChallenge(key, now, 0)).toThrow(RangeError);
  });
});
