/**
 * A kit's key material: Ed25519 to prove who it is (signed challenges), X25519 to receive tour
 * packages only it can open. Both pairs are made on the kit; only the public halves leave it.
 */
import { createHash } from 'node:crypto';
import { CompactSign, compactVerify, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

export interface KitKeys {
  signing: { publicJwk: JWK; privateJwk: JWK };
  encryption: { publicJwk: JWK; privateJwk: JWK };
}

export async function generateKitKeys(): Promise<KitKeys> {
  const signing = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const encryption = await generateKeyPair('ECDH-ES+A256KW', { crv: 'X25519', extractable: true });
  return {
    signing: { publicJwk: await exportJWK(signing.publicKey), privateJwk: await exportJWK(signing.privateKey) },
    encryption: { publicJwk: await exportJWK(encryption.publicKey), privateJwk: await exportJWK(encryption.privateKey) },
  };
}

/** Only the members that make up a public key, so a stray private member can never be stored or shown. */
export function publicPart(jwk: JWK): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['kty', 'crv', 'x'] as const) {
    const value = jwk[key];
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/**
 * What the admin compares with the kit's screen before approving: SHA-256 over both public keys,
 * the first 20 hex digits in groups of four (80 bits: no forgery by trial).
 */
export function keyFingerprint(signingKey: JWK, encryptionKey: JWK): string {
  const canonical = JSON.stringify([publicPart(signingKey), publicPart(encryptionKey)]);
  const hex = createHash('sha256').update(canonical).digest('hex').slice(0, 20).toUpperCase();
  return hex.match(/.{4}/g)?.join(' ') ?? hex;
}

export function isEd25519PublicKey(jwk: Record<string, unknown>): boolean {
  return jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string' && jwk.x.length === 43 && !('d' in jwk);
}

export function isX25519PublicKey(jwk: Record<string, unknown>): boolean {
  return jwk.kty === 'OKP' && jwk.crv === 'X25519' && typeof jwk.x === 'string' && jwk.x.length === 43 && !('d' in jwk);
}

/** The kit signs a challenge nonce (bound to the purpose, so a signature for one thing is not one for another). */
export async function signChallenge(privateJwk: JWK, purpose: 'session' | 'wiped', nonce: string): Promise<string> {
  const key = await importJWK(privateJwk, 'EdDSA');
  return new CompactSign(new TextEncoder().encode(`${purpose}:${nonce}`)).setProtectedHeader({ alg: 'EdDSA' }).sign(key);
}

export async function verifyChallenge(publicJwk: Record<string, string>, purpose: 'session' | 'wiped', nonce: string, signature: string): Promise<boolean> {
  try {
    const key = await importJWK(publicJwk, 'EdDSA');
    const { payload } = await compactVerify(signature, key, { algorithms: ['EdDSA'] });
    return new TextDecoder().decode(payload) === `${purpose}:${nonce}`;
  } catch {
    return false;
  }
}
