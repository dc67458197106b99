/**
 * Lockout after repeated failed sign-ins: after `maxFailures` consecutive failures (wrong
 * password or wrong second-factor code) the account is locked for `lockMinutes`. Only a full
 * successful sign-in resets the count, so a known password does not reopen a guessing
 * window for the second factor.
 */
export const lockoutPolicy = { maxFailures: 10, lockMinutes: 15 } as const;

export interface LockoutState {
  failedLogins: number;
  lockedUntil: Date | null;
}

export function isLocked(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** The state after one more failure. A lock that has run out starts a fresh count. */
export function afterFailure(state: LockoutState, now: Date, policy = lockoutPolicy): LockoutState {
  const lockExpired = state.lockedUntil !== null && !isLocked(state, now);
  const failedLogins = (lockExpired ? 0 : state.failedLogins) + 1;
  if (failedLogins >= policy.maxFailures) {
    return { failedLogins: 0, lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000) };
  }
  return { failedLogins, lockedUntil: lockExpired ? null : state.lockedUntil };
}
