import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Proof of work for the public request form: instead of a captcha (no third party sees the
 * citizen, nothing to read or click), the browser spends a second or two of CPU per submission.
 * Challenges are stateless — signed by the server, so any instance can verify what another issued —
 * and only their one-time use needs a row (spent_challenge).
 */

/** Default difficulty: ~2^18 hashes, about a second or two with Web Crypto on a phone. */
export const defaultPowBits = 18;
/** How long a challenge stays valid: long enough to fill in the form while it is solved in the background. */
export const powTtlMs = 10 * 60 * 1000;

const randomLength = 16;
const payloadLength = randomLength + 8 + 1;

export interface PowChallenge {
  /** base64url(random16 | expiresAt ms, 8 bytes big-endian | difficulty, 1 byte) */
  challenge: string;
  /** base64url HMAC-SHA256 of the challenge under the portal's key. */
  signature: string;
  /** Leading zero bits SHA-256(challenge + ':' + nonce) must have (also inside the challenge). */
  difficulty: number;
  expiresAt: string;
}

export interface PowSolution {
  challenge: string;
  signature: string;
  nonce: string;
}

export type PowVerdict =
  | { ok: true; challengeHash: string; expiresAt: Date }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'too_easy' | 'insufficient_work' };

/** The key for challenges, derived from the deployment secret with its own label, so it signs nothing else. */
export function powKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('buergerkoffer/portal/proof-of-work/v1').digest();
}

export function issueChallenge(
  key: Buffer,
  now: Date,
  difficulty: number = defaultPowBits,
  random: (size: number) => Buffer = randomBytes,
): PowChallenge {
  if (!Number.isInteger(difficulty) || difficulty < 1 || difficulty > 32) throw new RangeError(`difficulty ${difficulty} must be 1–32 bits`);
  const expiresAt = now.getTime() + powTtlMs;
  const payload = Buffer.alloc(payloadLength);
  random(randomLength).copy(payload, 0);
  payload.writeBigUInt64BE(BigInt(expiresAt), randomLength);
  payload.writeUInt8(difficulty, randomLength + 8);
  const challenge = payload.toString('base64url');
  return { challenge, signature: sign(key, challenge), difficulty, expiresAt: new Date(expiresAt).toISOString() };
}

/**
 * Checks a solution: the server's signature, expiry, the difficulty still being at least what the
 * server asks now (a challenge from before a raise does not count), and the work itself.
 * One-time use is the caller's job (it needs the database): store `challengeHash` until `expiresAt`.
 */
export function verifySolution(key: Buffer, solution: PowSolution, now: Date, requiredBits: number): PowVerdict {
  const payload = decode(solution.challenge);
  if (!payload || solution.nonce.length === 0 || solution.nonce.length > 64) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(sign(key, solution.challenge), 'base64url');
  const given = Buffer.from(solution.signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
  const expiresAt = new Date(Number(payload.readBigUInt64BE(randomLength)));
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  const difficulty = payload.readUInt8(randomLength + 8);
  if (difficulty < requiredBits) return { ok: false, reason: 'too_easy' };
  if (leadingZeroBits(powHash(solution.challenge, solution.nonce)) < difficulty) return { ok: false, reason: 'insufficient_work' };
  return { ok: true, challengeHash: createHash('sha256').update(solution.challenge).digest('hex'), expiresAt };
}

/** SHA-256 over `challenge:nonce`, the same bytes the browser hashes. */
export function powHash(challenge: string, nonce: string): Buffer {
  return createHash('sha256').update(`${challenge}:${nonce}`, 'utf8').digest();
}

export function leadingZeroBits(bytes: Uint8Array): number {
  let bits = 0;
  for (const byte of bytes) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** Finds a nonce (decimal counter) for a challenge; for tests and scripted clients — browsers use web/src/pages/portal/pow.ts. */
export function solveChallenge(challenge: string, difficulty: number): string {
  for (let nonce = 0; ; nonce += 1) {
    if (leadingZeroBits(powHash(challenge, String(nonce))) >= difficulty) return String(nonce);
  }
}

function sign(key: Buffer, challenge: string): string {
  return createHmac('sha256', key).update(challenge).digest('base64url');
}

function decode(challenge: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]+$/.test(challenge)) return null;
  const payload = Buffer.from(challenge, 'base64url');
  return payload.length === payloadLength ? payload : null;
}
