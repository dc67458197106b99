import { describe, expect, it } from 'vitest';
import { seal, SealError, unseal } from './seal.ts';

const secret = 'test-secret-test-secret-test-secret-0123456789';
const owner = '0b6c0f1e-9d0a-4c57-8a49-5b1f6f3c2d11';

describe('seal / unseal (AES-256-GCM)', () => {
  it('round-trips and never shows the plaintext', () => {
    const sealed = seal(secret, 'staff-totp-seed', 'JBSWY3DPEHPK3PXP', owner);
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(unseal(secret, 'staff-totp-seed', sealed, owner)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('uses a fresh IV each time', () => {
    expect(seal(secret, 'p', 'same', owner)).not.toBe(seal(secret, 'p', 'same', owner));
  });

  const sealed = seal(secret, 'staff-totp-seed', 'JBSWY3DPEHPK3PXP', owner);
  const [v, iv, tag, ciphertext] = sealed.split('.') as [string, string, string, string];
  const flipped = (text: string) => Buffer.from(text, 'base64url').map((b, i) => (i === 0 ? b ^ 1 : b));

  it.each([
    ['another server secret', () => unseal(`${secret}-rotated`, 'staff-totp-seed', sealed, owner)],
    ['another purpose', () => unseal(secret, 'other-purpose', sealed, owner)],
    ['another owner (copied to another row)', () => unseal(secret, 'staff-totp-seed', sealed, 'someone-else')],
    ['a changed ciphertext', () => unseal(secret, 'staff-totp-seed', [v, iv, tag, Buffer.from(flipped(ciphertext)).toString('base64url')].join('.'), owner)],
    ['a changed tag', () => unseal(secret, 'staff-totp-seed', [v, iv, Buffer.from(flipped(tag)).toString('base64url'), ciphertext].join('.'), owner)],
    ['an unknown format', () => unseal(secret, 'staff-totp-seed', 'JBSWY3DPEHPK3PXP', owner)],
    ['an unknown version', () => unseal(secret, 'staff-totp-seed', sealed.replace(/^v1/, 'v9'), owner)],
  ])('refuses %s', (_label, open) => {
    expect(open).toThrow(SealError);
  });
});
