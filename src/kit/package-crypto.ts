/**
 * Sealing a tour package: signed by the Rathaus (JWS, Ed25519) and then encrypted to the kit's
 * key (JWE, ECDH-ES+A256KW with X25519, A256GCM). Only the paired kit can read it, and it can tell
 * that its Rathaus made it. The package says when it expires; the kit refuses it after that.
 *
 * The Rathaus's signing key is derived from BK_SECRET, so every instance behind a load balancer
 * signs with the same key without a key store; the kit learns the public key when it is paired.
 */
import { createPrivateKey, createPublicKey, hkdfSync, type KeyObject } from 'node:crypto';
import { AppError } from '../platform/errors.ts';
import { CompactEncrypt, CompactSign, compactDecrypt, compactVerify, exportJWK, importJWK, type JWK } from 'jose';

export type PackageErrorCode = 'PACKAGE_UNREADABLE' | 'PACKAGE_SIGNATURE_INVALID' | 'PACKAGE_EXPIRED' | 'PACKAGE_NOT_FOR_THIS_KIT';

/** A package the kit refuses to open; an AppError, so the field UI shows why (410 when expired). */
export class PackageError extends AppError {
  constructor(code: PackageErrorCode, message: string) {
    super(code, message, code === 'PACKAGE_EXPIRED' ? 410 : 422);
    this.name = 'PackageError';
  }
}

/** PKCS #8 DER prefix of an Ed25519 private key; the 32-byte seed follows (RFC 8410). */
const ed25519Pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');

export function rathausSigningKey(serverSecret: string): { privateKey: KeyObject; publicKey: KeyObject } {
  const seed = Buffer.from(hkdfSync('sha256', serverSecret, 'buergerkoffer', 'kit/tour-package-signing/v1', 32));
  const privateKey = createPrivateKey({ key: Buffer.concat([ed25519Pkcs8Prefix, seed]), format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/**
 * The key a kit's data key is escrowed under: derived from BK_SECRET and the pairing, so it needs
 * no storage, differs per pairing, and dies with the pairing (a revoked kit never gets it again).
 */
export function kitEscrowKey(serverSecret: string, pairingId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', serverSecret, 'buergerkoffer', `kit/escrow/${pairingId}/v1`, 32));
}

export async function rathausPublicJwk(serverSecret: string): Promise<JWK> {
  const jwk = await exportJWK(rathausSigningKey(serverSecret).publicKey);
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x } as JWK;
}

export interface PackageEnvelope {
  format: string;
  packageId: string;
  kitId: string;
  issuedAt: string;
  expiresAt: string;
}

export async function sealPackage<P extends PackageEnvelope>(pkg: P, serverSecret: string, kitEncryptionKey: JWK): Promise<string> {
  const signed = await new CompactSign(new TextEncoder().encode(JSON.stringify(pkg)))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'bk-tour-package+jws' })
    .sign(rathausSigningKey(serverSecret).privateKey);
  const recipient = await importJWK(kitEncryptionKey, 'ECDH-ES+A256KW');
  return new CompactEncrypt(new TextEncoder().encode(signed))
    .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', cty: 'bk-tour-package+jws', kid: pkg.kitId })
    .encrypt(recipient);
}

/** Opens a package on the kit: decrypts, checks the Rathaus's signature, the kit and the expiry. */
export async function openPackage<P extends PackageEnvelope>(
  sealed: string, keys: { kitEncryptionPrivateKey: JWK; rathausPublicKey: JWK }, expected: { kitId: string; now: Date },
): Promise<P> {
  let signed: string;
  try {
    const privateKey = await importJWK(keys.kitEncryptionPrivateKey, 'ECDH-ES+A256KW');
    const { plaintext } = await compactDecrypt(sealed, privateKey, { keyManagementAlgorithms: ['ECDH-ES+A256KW'], contentEncryptionAlgorithms: ['A256GCM'] });
    signed = new TextDecoder().decode(plaintext);
  } catch {
    throw new PackageError('PACKAGE_UNREADABLE', 'The tour package cannot be opened with this kit\'s key (made for another kit, or damaged). Download it again.');
  }
  let pkg: P;
  try {
    const publicKey = await importJWK(keys.rathausPublicKey, 'EdDSA');
    const { payload } = await compactVerify(signed, publicKey, { algorithms: ['EdDSA'] });
    pkg = JSON.parse(new TextDecoder().decode(payload)) as P;
  } catch {
    throw new PackageError('PACKAGE_SIGNATURE_INVALID', 'The tour package is not signed by this kit\'s Rathaus; it is not used.');
  }
  if (pkg.kitId !== expected.kitId) throw new PackageError('PACKAGE_NOT_FOR_THIS_KIT', 'The tour package was made for another kit.');
  if (Date.parse(pkg.expiresAt) <= expected.now.getTime()) {
    throw new PackageError('PACKAGE_EXPIRED', `The tour package expired at ${pkg.expiresAt}; its data is no longer opened. Download the current one.`);
  }
  return pkg;
}
