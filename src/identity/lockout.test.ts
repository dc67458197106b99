import { describe, expect, it } from 'vitest';
import { afterFailure, isLocked, type LockoutState } from './lockout.ts';

const now = new Date('2026-11-05T09:00:00.000Z');
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe('lockout after failed sign-ins', () => {
  it.each<[string, LockoutState, LockoutState]>([
    ['first failure', { failedLogins: 0, lockedUntil: null }, { failedLogins: 1, lockedUntil: null }],
    ['ninth failure', { failedLogins: 8, lockedUntil: null }, { failedLogins: 9, lockedUntil: null }],
    ['tenth failure locks for 15 minutes', { failedLogins: 9, lockedUntil: null }, { failedLogins: 0, lockedUntil: later(15) }],
    ['after a lock ran out the count starts again', { failedLogins: 0, lockedUntil: later(-1) }, { failedLogins: 1, lockedUntil: null }],
    ['stale failures before an expired lock do not count', { failedLogins: 7, lockedUntil: later(-30) }, { failedLogins: 1, lockedUntil: null }],
  ])('%s', (_label, before, after) => {
    expect(afterFailure(before, now)).toEqual(after);
  });

  it.each<[string, Date | null, boolean]>([
    ['never locked', null, false],
    ['locked until later', later(1), true],
    ['lock ends exactly now', now, false],
    ['lock ended', later(-1), false],
  ])('isLocked: %s', (_label, lockedUntil, expected) => {
    expect(isLocked({ failedLogins: 0, lockedUntil }, now)).toBe(expected);
  });
});
