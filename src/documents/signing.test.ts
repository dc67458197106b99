import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalClaims, certifiesHash, signClaims, verifyClaims, type TokenClaims } from './signing.ts';

const claims: TokenClaims = {
  code: 'BK-7K3M-Q9XZ',
  kind: 'meldebescheinigung',
  issuedAt: '2026-03-12T09:30:00.000Z',
  issuer: 'Stadt Bochum – Bürgerbüro',
  certifies: [{ label: 'Familienname', value: 'Ḑemir' }, { label: 'Geburtsdatum', value: '01.02.1937' }],
};

describe('verification tokens', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const token = signClaims(privateKey, claims);

  it('is a base64url Ed25519 signature over sorted, versioned claims', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(canonicalClaims(claims)).toBe(
      `{"certifiesSha256":"${certifiesHash(claims.certifies)}","code":"BK-7K3M-Q9XZ","issuedAt":"2026-03-12T09:30:00.000Z","issuer":"Stadt Bochum – Bürgerbüro","kind":"meldebescheinigung","v":"1"}`,
    );
    expect(verifyClaims(publicKey, claims, token)).toBe(true);
  });

  it.each<[string, Partial<TokenClaims>]>([
    ['another code', { code: 'BK-7K3M-Q9XY' }],
    ['another kind', { kind: 'lebensbescheinigung' }],
    ['another issue time', { issuedAt: '2026-03-12T09:30:00.001Z' }],
    ['another issuer', { issuer: 'Stadt Essen' }],
    ['a changed certified value', { certifies: [{ label: 'Familienname', value: 'Demir' }, { label: 'Geburtsdatum', value: '01.02.1937' }] }],
    ['the certified fields in another order', { certifies: [...claims.certifies].reverse() }],
    ['a label moved into the value', { certifies: [{ label: 'Familienname Ḑemir', value: '' }, { label: 'Geburtsdatum', value: '01.02.1937' }] }],
  ])('fails for %s', (_name, change) => {
    expect(verifyClaims(publicKey, { ...claims, ...change }, token)).toBe(false);
  });

  it('fails for another key, a flipped bit and garbage', () => {
    expect(verifyClaims(generateKeyPairSync('ed25519').publicKey, claims, token)).toBe(false);
    const bytes = Buffer.from(token, 'base64url');
    bytes[5] = (bytes[5] ?? 0) ^ 1;
    expect(verifyClaims(publicKey, claims, bytes.toString('base64url'))).toBe(false);
    for (const bad of ['', 'abc', `${token}A`, token.replace(/.$/, '!')]) expect(verifyClaims(publicKey, claims, bad)).toBe(false);
  });
});
