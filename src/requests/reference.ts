import { createHash, randomBytes, randomInt } from 'node:crypto';
import { checkSymbol, crockfordAlphabet } from '../documents/verification-code.ts';

/**
 * A request's reference, HB-XXXX-XXXX ("Hausbesuch"): what the requester quotes on the phone.
 * Same alphabet and check symbol as the certificates' codes, so a misheard symbol is caught.
 * Random rather than counted, so kits, the portal and several server instances never collide
 * on a counter (the unique index catches the improbable repeat; callers retry).
 */
export function generateRequestReference(random: (max: number) => number = randomInt): string {
  let body = '';
  for (let i = 0; i < 7; i += 1) body += crockfordAlphabet.charAt(random(crockfordAlphabet.length));
  const symbols = body + checkSymbol(body);
  return `HB-${symbols.slice(0, 4)}-${symbols.slice(4, 8)}`;
}

/** The secret of a status link (/anfrage/<token>): 32 random bytes; only its hash is stored. */
export function generateStatusToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: statusTokenHash(token) };
}

export function statusTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
