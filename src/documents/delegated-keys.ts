/**
 * Signing keys the Rathaus delegates to a kit, one per tour package (see delegatedSigningKeys).
 * The Rathaus makes the pair when it packs the tour and keeps the public half; the kit stores the
 * private half sealed and signs the verification tokens of what it prints with it. The verify page
 * checks a token against the key recorded with the document.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { and, desc, eq, gt, isNotNull, lte } from 'drizzle-orm';
import { seal, unseal } from '../identity/seal.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { delegatedSigningKeys } from './schema.ts';

const sealPurpose = 'delegated-signing-key';

/** What a tour package carries of its key. */
export interface DelegatedKey {
  id: string;
  /** PKCS#8 DER, base64. */
  privateKey: string;
  /** SPKI DER, base64. */
  publicKey: string;
  validFrom: string;
  validUntil: string;
}

/** Rathaus: a new key for a kit's package; only the public half stays here. */
export async function delegateSigningKey(db: Db, input: { id: string; municipalityId: string; holder: string; validFrom: Date; validUntil: Date }): Promise<DelegatedKey> {
  const pair = generateKeyPairSync('ed25519');
  const publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  await db.insert(delegatedSigningKeys).values({
    id: input.id, municipalityId: input.municipalityId, holder: input.holder, publicKey, validFrom: input.validFrom, validUntil: input.validUntil,
  });
  return {
    id: input.id, publicKey, privateKey: pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    validFrom: input.validFrom.toISOString(), validUntil: input.validUntil.toISOString(),
  };
}

/** Kit: keeps the package's key (private half sealed with the kit's secret). */
export async function storeDelegatedKey(db: Db, secret: string, input: { municipalityId: string; holder: string; key: DelegatedKey }): Promise<void> {
  const { key } = input;
  await db.insert(delegatedSigningKeys).values({
    id: key.id, municipalityId: input.municipalityId, holder: input.holder, publicKey: key.publicKey,
    privateKeySealed: seal(secret, sealPurpose, key.privateKey, key.id.toLowerCase()),
    validFrom: new Date(key.validFrom), validUntil: new Date(key.validUntil),
  }).onConflictDoNothing();
}

/** Kit: the newest key valid at `at` that it can sign with. */
export async function delegatedSigner(db: Db, secret: string, municipalityId: string, at: Date): Promise<{ keyId: string; privateKey: KeyObject }> {
  const [row] = await db.select().from(delegatedSigningKeys).where(and(
    eq(delegatedSigningKeys.municipalityId, municipalityId), isNotNull(delegatedSigningKeys.privateKeySealed),
    lte(delegatedSigningKeys.validFrom, at), gt(delegatedSigningKeys.validUntil, at),
  )).orderBy(desc(delegatedSigningKeys.validFrom)).limit(1);
  if (!row?.privateKeySealed) {
    throw new AppError('KIT_NO_SIGNING_KEY', 'The kit holds no valid tour package to sign this certificate with; download the day\'s tour package again while online.', 409, {
      message: {
        de: 'Der Koffer hat kein gültiges Tourpaket, um diese Bescheinigung zu unterschreiben. Laden Sie das Tourpaket des Tages erneut, solange Netz da ist.',
        en: 'The kit holds no valid tour package to sign this certificate with. Download the day\'s tour package again while online.',
      },
    });
  }
  const pkcs8 = unseal(secret, sealPurpose, row.privateKeySealed, row.id.toLowerCase());
  return { keyId: row.id, privateKey: createPrivateKey({ key: Buffer.from(pkcs8, 'base64'), format: 'der', type: 'pkcs8' }) };
}

export interface DelegatedKeyRecord {
  id: string;
  holder: string;
  publicKey: KeyObject;
  validFrom: Date;
  validUntil: Date;
}

export async function delegatedKey(db: Db, id: string): Promise<DelegatedKeyRecord | null> {
  const [row] = await db.select().from(delegatedSigningKeys).where(eq(delegatedSigningKeys.id, id));
  if (!row) return null;
  return {
    id: row.id, holder: row.holder, validFrom: row.validFrom, validUntil: row.validUntil,
    publicKey: createPublicKey({ key: Buffer.from(row.publicKey, 'base64'), format: 'der', type: 'spki' }),
  };
}
