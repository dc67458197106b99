import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for small secrets (TOTP seeds) with AES-256-GCM. The key is derived
 * with HKDF-SHA256 from the server secret and a purpose label, so one BK_SECRET yields
 * independent keys for independent uses. The associated data binds a ciphertext to its
 * owner (e.g. the user id): a sealed value copied to another row does not open there.
 */
const version = 'v1';

function deriveKey(serverSecret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', serverSecret, 'buergerkoffer', `${purpose}/${version}`, 32));
}

export function seal(serverSecret: string, purpose: string, plaintext: string, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(serverSecret, purpose), iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [version, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

export class SealError extends Error {
  readonly code = 'SEAL_INVALID';
}

/** Throws SealError when the value was tampered with, sealed under another secret or for another owner. */
export function unseal(serverSecret: string, purpose: string, sealed: string, associatedData: string): string {
  const [v, iv, tag, ciphertext, ...rest] = sealed.split('.');
  if (v !== version || !iv || !tag || ciphertext === undefined || rest.length > 0) {
    throw new SealError(`Sealed value has an unknown format (expected ${version}.<iv>.<tag>.<ciphertext>).`);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(serverSecret, purpose), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new SealError('Sealed value cannot be opened: wrong server secret (BK_SECRET changed?), wrong owner, or tampered data.', { cause: error });
  }
}
