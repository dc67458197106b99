import { describe, expect, it } from 'vitest';
import { newToken, sessionIdOf, sessionVerdict, shouldTouch } from './sessions.ts';

const t0 = new Date('2026-11-05T09:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe('session rules', () => {
  const session = { createdAt: t0, lastSeenAt: at(100), expiresAt: at(480) };
  it.each([
    ['just used', at(100), 'active'],
    ['idle for 29 minutes', at(129), 'active'],
    ['idle for exactly 30 minutes', at(130), 'idle'],
    ['past the absolute expiry', at(480), 'expired'],
    ['past both', at(600), 'expired'],
  ])('%s → %s', (_label, now, verdict) => {
    expect(sessionVerdict(session, now, 30)).toBe(verdict);
  });

  it.each([
    [0, false], [59_999, false], [60_000, true], [3_600_000, true],
  ])('touches last_seen_at after %i ms: %s', (elapsed, expected) => {
    expect(shouldTouch(t0, new Date(t0.getTime() + elapsed))).toBe(expected);
  });

  it('makes 32-byte random tokens and stores only their SHA-256', () => {
    const token = newToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(newToken()).not.toBe(token);
    expect(sessionIdOf('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
