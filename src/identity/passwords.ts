import { hash, parseOptions, verify, type Options } from '@node-rs/argon2';
import { AppError } from '../platform/errors.ts';

export const passwordMinLength = 12;
/** Long enough for any passphrase; the bound keeps a megabyte "password" from being hashed. */
export const passwordMaxLength = 256;

/**
 * argon2id with the OWASP Password Storage Cheat Sheet's first configuration
 * (m = 19 MiB, t = 2, p = 1): ~50 ms per hash on the 2-core target, memory-hard against GPUs.
 * algorithm 2 is Argon2id; the package declares it as an ambient const enum, which
 * isolated modules cannot reference.
 */
const hashOptions: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 };

/** Why a password is not acceptable, or null when it is. Counts characters, not UTF-16 units. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < passwordMinLength) {
    return `The password must have at least ${passwordMinLength} characters; this one has ${length}. ` +
      'A passphrase of several words is long enough and easy to remember.';
  }
  if (length > passwordMaxLength) {
    return `The password may have at most ${passwordMaxLength} characters; this one has ${length}.`;
  }
  if (password.trim().length === 0) return 'The password must not consist of spaces only.';
  return null;
}

export function assertPasswordPolicy(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new AppError('PASSWORD_POLICY', problem, 400);
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, hashOptions);
}

/** False for a wrong password and for a stored value that is not an argon2 hash at all. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/** True when a stored hash was made with weaker (or just different) parameters than today's. */
export function needsRehash(storedHash: string): boolean {
  try {
    const used = parseOptions(storedHash);
    return used.algorithm !== hashOptions.algorithm || used.memoryCost !== hashOptions.memoryCost ||
      used.timeCost !== hashOptions.timeCost || used.parallelism !== hashOptions.parallelism;
  } catch {
    return true;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a throw-away hash, so a sign-in for an unknown username costs as much
 * time as one with a wrong password and the response time does not reveal which usernames exist.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password-only-for-timing');
  await verifyPassword(await dummyHash, password);
}
