import { Secret, TOTP } from 'otpauth';

/**
 * TOTP as authenticator apps expect it (RFC 6238 defaults: SHA-1, 6 digits, 30 s).
 * A code is accepted one step early or late (clock drift), and only for a step newer than
 * the last accepted one, so an overheard code cannot be used again.
 */
export const totpPeriodSeconds = 30;
export const totpWindow = 1;
const issuer = 'Bürgerkoffer';

export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUrl(secretBase32: string, username: string): string {
  return new TOTP({ issuer, label: username, secret: Secret.fromBase32(secretBase32), period: totpPeriodSeconds }).toString();
}

export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / totpPeriodSeconds);
}

/** The code an app would show at a given time (tests and the demo use it). */
export function totpCode(secretBase32: string, at: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secretBase32), period: totpPeriodSeconds, timestamp: at.getTime() });
}

export type TotpCheck =
  | { ok: true; step: number }
  | { ok: false; reason: 'invalid' | 'reused' };

/** Checks a code against the seed at `at`; `lastStep` is the step of the last accepted code, if any. */
export function checkTotp(secretBase32: string, code: string, at: Date, lastStep: number | null): TotpCheck {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: 'invalid' };
  const delta = TOTP.validate({
    token, secret: Secret.fromBase32(secretBase32), period: totpPeriodSeconds, timestamp: at.getTime(), window: totpWindow,
  });
  if (delta === null) return { ok: false, reason: 'invalid' };
  const step = totpStep(at) + delta;
  if (lastStep !== null && step <= lastStep) return { ok: false, reason: 'reused' };
  return { ok: true, step };
}
