/**
 * Encryption at rest on the kit (DESIGN §5; issue 5): a stolen notebook reveals nothing.
 *
 * Everything the kit keeps about people — the tour package's register data, capture events,
 * photos, fingerprints, signatures — is sealed with AES-256-GCM under one data key. The data key
 * itself is stored only wrapped:
 * - per officer, under a key derived from the officer's password (Argon2id) *and* the kit's
 *   secret (HKDF): the password alone (phished) or the disk alone (stolen) opens nothing;
 * - for the Rathaus, under an escrow key that only the Rathaus holds and hands to the kit after an
 *   online login of a staff member, so a second officer can be added and a forgotten password
 *   loses nothing. A revoked kit never gets it again.
 * Unwrapping succeeds only with the right password (GCM's tag), so the wrapped key is also the
 * officer's cached verifier for offline login; offlineLoginVerdict limits how long and how often.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { hashRaw } from '@node-rs/argon2';

export const dataKeyBytes = 32;
const formatVersion = 1;

export interface WrappedKey {
  v: number;
  /** Argon2id salt (base64url); absent for escrow wrapping. */
  salt?: string;
  iv: string;
  tag: string;
  wrapped: string;
}

export class VaultError extends Error {
  readonly code: 'VAULT_WRONG_KEY' | 'VAULT_FORMAT';
  constructor(code: 'VAULT_WRONG_KEY' | 'VAULT_FORMAT', message: string) {
    super(message);
    this.name = 'VaultError';
    this.code = code;
  }
}

/** Argon2id parameters: OWASP's minimum (19 MiB, 2 passes) — a few hundred ms on a kit notebook. */
const argon2Options = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function newDataKey(): Buffer {
  return randomBytes(dataKeyBytes);
}

export function newKitSecret(): Buffer {
  return randomBytes(32);
}

/** The officer's key-encryption key: Argon2id(password) mixed with the kit's secret. */
export async function officerKey(password: string, salt: Buffer, kitSecret: Buffer, officerId: string): Promise<Buffer> {
  const stretched = await hashRaw(password, { ...argon2Options, salt });
  return Buffer.from(hkdfSync('sha256', Buffer.concat([stretched, kitSecret]), salt, `buergerkoffer/kit/officer/${officerId}`, 32));
}

function encrypt(key: Buffer, plaintext: Uint8Array, aad: string): { iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

function decrypt(key: Buffer, iv: Buffer, tag: Buffer, ciphertext: Buffer, aad: string): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new VaultError('VAULT_WRONG_KEY', 'The data cannot be opened with this key (wrong password, another kit, or tampered data).');
  }
}

export async function wrapForOfficer(dataKey: Buffer, password: string, kitSecret: Buffer, officerId: string): Promise<WrappedKey> {
  const salt = randomBytes(16);
  const key = await officerKey(password, salt, kitSecret, officerId);
  const { iv, tag, ciphertext } = encrypt(key, dataKey, `officer:${officerId}`);
  return { v: formatVersion, salt: salt.toString('base64url'), iv: iv.toString('base64url'), tag: tag.toString('base64url'), wrapped: ciphertext.toString('base64url') };
}

/** The data key, if the password is the officer's; VaultError VAULT_WRONG_KEY otherwise. */
export async function unwrapForOfficer(wrapped: WrappedKey, password: string, kitSecret: Buffer, officerId: string): Promise<Buffer> {
  if (wrapped.v !== formatVersion || !wrapped.salt) throw new VaultError('VAULT_FORMAT', 'The officer key has an unknown format.');
  const key = await officerKey(password, Buffer.from(wrapped.salt, 'base64url'), kitSecret, officerId);
  return decrypt(key, Buffer.from(wrapped.iv, 'base64url'), Buffer.from(wrapped.tag, 'base64url'), Buffer.from(wrapped.wrapped, 'base64url'), `officer:${officerId}`);
}

export function wrapForEscrow(dataKey: Buffer, escrowKey: Buffer, kitId: string): WrappedKey {
  const { iv, tag, ciphertext } = encrypt(escrowKey, dataKey, `escrow:${kitId}`);
  return { v: formatVersion, iv: iv.toString('base64url'), tag: tag.toString('base64url'), wrapped: ciphertext.toString('base64url') };
}

export function unwrapFromEscrow(wrapped: WrappedKey, escrowKey: Buffer, kitId: string): Buffer {
  if (wrapped.v !== formatVersion) throw new VaultError('VAULT_FORMAT', 'The escrow key has an unknown format.');
  return decrypt(escrowKey, Buffer.from(wrapped.iv, 'base64url'), Buffer.from(wrapped.tag, 'base64url'), Buffer.from(wrapped.wrapped, 'base64url'), `escrow:${kitId}`);
}

/**
 * Seals one record (an event, a blob). `context` binds it to its place (e.g. "event:<id>"), so a
 * sealed record copied to another row does not open there. Layout: version(1) | iv(12) | tag(16) | ciphertext.
 */
export function sealRecord(dataKey: Buffer, plaintext: Uint8Array, context: string): Buffer {
  const { iv, tag, ciphertext } = encrypt(dataKey, plaintext, context);
  return Buffer.concat([Buffer.from([formatVersion]), iv, tag, ciphertext]);
}

export function openRecord(dataKey: Buffer, sealed: Uint8Array, context: string): Buffer {
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes.byteLength < 29 || bytes[0] !== formatVersion) throw new VaultError('VAULT_FORMAT', 'The sealed record has an unknown format.');
  return decrypt(dataKey, bytes.subarray(1, 13), bytes.subarray(13, 29), bytes.subarray(29), context);
}

export interface OfflineLoginState {
  /** Last time the officer logged in on this kit with the Rathaus reachable. */
  lastOnlineLoginAt: Date;
  /** Wrong passwords since the last successful login. */
  failedAttempts: number;
}

export interface OfflineLoginPolicy {
  /** Offline logins allowed this long after the last online login (default 3 days: a tour and its return). */
  maxOfflineHours: number;
  /** Wrong passwords before offline login locks until the next online login. */
  maxFailedAttempts: number;
}

export const defaultOfflineLoginPolicy: OfflineLoginPolicy = { maxOfflineHours: 72, maxFailedAttempts: 5 };

export type OfflineLoginVerdict = { allowed: true } | { allowed: false; code: 'OFFLINE_LOGIN_EXPIRED' | 'OFFLINE_LOGIN_LOCKED'; message: string };

/** May the officer log in without the Rathaus? Decided before the password is even tried. */
export function offlineLoginVerdict(state: OfflineLoginState, now: Date, policy: OfflineLoginPolicy = defaultOfflineLoginPolicy): OfflineLoginVerdict {
  if (state.failedAttempts >= policy.maxFailedAttempts) {
    return { allowed: false, code: 'OFFLINE_LOGIN_LOCKED', message: `Offline login is locked after ${policy.maxFailedAttempts} wrong passwords; log in once with the Rathaus reachable.` };
  }
  const ageHours = (now.getTime() - state.lastOnlineLoginAt.getTime()) / 3_600_000;
  if (ageHours > policy.maxOfflineHours) {
    return { allowed: false, code: 'OFFLINE_LOGIN_EXPIRED', message: `The last online login on this kit is more than ${policy.maxOfflineHours} hours ago; log in once with the Rathaus reachable.` };
  }
  return { allowed: true };
}
