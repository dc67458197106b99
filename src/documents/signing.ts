import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DocumentField } from '../cases/workflow.ts';
import { seal, unseal } from '../identity/seal.ts';
import type { Db } from '../platform/db/database.ts';
import { documentSigningKeys } from './schema.ts';

/**
 * Verification tokens: an Ed25519 signature of the municipality over what the verify page
 * shows. The QR code carries the token, so a forged or altered QR code (or a document whose
 * stored fields were changed afterwards) fails, and a token of one municipality never passes
 * for another one's.
 */

const sealPurpose = 'document-signing-key';

export interface TokenClaims {
  code: string;
  kind: string;
  /** ISO 8601 instant, milliseconds included (what the database keeps). */
  issuedAt: string;
  issuer: string;
  certifies: DocumentField[];
}

/** SHA-256 (hex) of the certified fields in a fixed form (label then value, in document order). */
export function certifiesHash(certifies: DocumentField[]): string {
  const canonical = JSON.stringify(certifies.map((field) => [field.label, field.value]));
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** The signed bytes: JSON with sorted keys and no whitespace, versioned for later changes. */
export function canonicalClaims(claims: TokenClaims): string {
  const payload: Record<string, string> = {
    certifiesSha256: certifiesHash(claims.certifies),
    code: claims.code,
    issuedAt: claims.issuedAt,
    issuer: claims.issuer,
    kind: claims.kind,
    v: '1',
  };
  return JSON.stringify(Object.fromEntries(Object.keys(payload).sort().map((key) => [key, payload[key]])));
}

export function signClaims(privateKey: KeyObject, claims: TokenClaims): string {
  return sign(null, Buffer.from(canonicalClaims(claims), 'utf8'), privateKey).toString('base64url');
}

/** False for anything but a valid signature of exactly these claims under this key. */
export function verifyClaims(publicKey: KeyObject, claims: TokenClaims, token: string): boolean {
  if (!/^[A-Za-z0-9_-]{86}$/.test(token)) return false;
  try {
    return verify(null, Buffer.from(canonicalClaims(claims), 'utf8'), publicKey, Buffer.from(token, 'base64url'));
  } catch {
    return false;
  }
}

/**
 * The municipality's key pair, created on first use. Concurrent first uses race on the primary
 * key; the loser reads the winner's key, so every token of a municipality has one key.
 */
export async function signingKey(db: Db, secret: string, municipalityId: string): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  const existing = await loadKeyRow(db, municipalityId);
  if (existing) return openKeyRow(existing, secret, municipalityId);
  const pair = generateKeyPairSync('ed25519');
  const pkcs8 = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  await db.insert(documentSigningKeys).values({
    municipalityId,
    publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    privateKeySealed: seal(secret, sealPurpose, pkcs8, municipalityId.toLowerCase()),
  }).onConflictDoNothing();
  const row = await loadKeyRow(db, municipalityId);
  if (!row) throw new Error(`signing key of municipality ${municipalityId} missing after insert`);
  return openKeyRow(row, secret, municipalityId);
}

/** Only the public half, for verification (the public route never unseals the private key). */
export async function publicSigningKey(db: Db, municipalityId: string): Promise<KeyObject | null> {
  const row = await loadKeyRow(db, municipalityId);
  return row ? createPublicKey({ key: Buffer.from(row.publicKey, 'base64'), format: 'der', type: 'spki' }) : null;
}

async function loadKeyRow(db: Db, municipalityId: string) {
  const [row] = await db.select().from(documentSigningKeys).where(eq(documentSigningKeys.municipalityId, municipalityId));
  return row;
}

function openKeyRow(row: { publicKey: string; privateKeySealed: string }, secret: string, municipalityId: string) {
  const pkcs8 = unseal(secret, sealPurpose, row.privateKeySealed, municipalityId.toLowerCase());
  return {
    privateKey: createPrivateKey({ key: Buffer.from(pkcs8, 'base64'), format: 'der', type: 'pkcs8' }),
    publicKey: createPublicKey({ key: Buffer.from(row.publicKey, 'base64'), format: 'der', type: 'spki' }),
  };
}
