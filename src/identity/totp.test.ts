import { describe, expect, it } from 'vitest';
import { checkTotp, generateTotpSecret, totpCode, totpStep, totpUrl } from './totp.ts';

// RFC 6238 appendix B test seed ("12345678901234567890" in Base32), SHA-1, 8 digits there; we use 6.
const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('produces the RFC 6238 reference codes (last 6 of the 8 digits)', () => {
    expect(totpCode(rfcSecret, new Date(59_000))).toBe('287082');
    expect(totpCode(rfcSecret, new Date(1_111_111_109_000))).toBe('081804');
    expect(totpCode(rfcSecret, new Date(2_000_000_000_000))).toBe('279037');
  });

  it('generates 160-bit Base32 seeds and an otpauth URL for apps', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(secret);
    const url = new URL(totpUrl(secret, 'anna.schmidt'));
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('secret')).toBe(secret);
    expect(url.searchParams.get('issuer')).toBe('Bürgerkoffer');
    expect(url.searchParams.get('period')).toBe('30');
    expect(url.searchParams.get('digits')).toBe('6');
  });

  const now = new Date('2026-11-05T09:00:10.000Z');
  const step = totpStep(now);
  const codeAt = (deltaSteps: number) => totpCode(rfcSecret, new Date(now.getTime() + deltaSteps * 30_000));

  it.each([
    ['the current code', codeAt(0), null, { ok: true, step }],
    ['the previous step (clock drift)', codeAt(-1), null, { ok: true, step: step - 1 }],
    ['the next step (clock drift)', codeAt(1), null, { ok: true, step: step + 1 }],
    ['two steps back', codeAt(-2), null, { ok: false, reason: 'invalid' }],
    ['two steps ahead', codeAt(2), null, { ok: false, reason: 'invalid' }],
    ['the current code with spaces', `${codeAt(0).slice(0, 3)} ${codeAt(0).slice(3)}`, null, { ok: true, step }],
    ['letters', 'abcdef', null, { ok: false, reason: 'invalid' }],
    ['too short', codeAt(0).slice(0, 5), null, { ok: false, reason: 'invalid' }],
    ['a replay of the last accepted step', codeAt(0), step, { ok: false, reason: 'reused' }],
    ['an older step after a newer one was accepted', codeAt(-1), step, { ok: false, reason: 'reused' }],
    ['a newer step than the last accepted one', codeAt(1), step, { ok: true, step: step + 1 }],
  ])('%s', (_label, code, lastStep, expected) => {
    expect(checkTotp(rfcSecret, code, now, lastStep)).toEqual(expected);
  });
});
