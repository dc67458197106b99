import { eq } from 'drizzle-orm';
import type { DocumentField } from '../cases/workflow.ts';
import type { Db } from '../platform/db/database.ts';
import { documentVerifications } from './schema.ts';
import { delegatedKey } from './delegated-keys.ts';
import { publicSigningKey, verifyClaims } from './signing.ts';
import { normaliseVerificationCode } from './verification-code.ts';

/**
 * What the public verify page answers for a code (and, from the QR code, a token):
 * - genuine: the record exists, its signature holds, and the token (when given) is the issuer's signature of it;
 * - revoked: issued, but withdrawn — only title, issuer, dates and the reason are shown;
 * - token_mismatch: the code exists but the token is not its signature (forged or altered QR code) — nothing shown;
 * - unknown: no such code (or a typing error caught by the check symbol) — nothing shown.
 * The certified fields appear only for genuine documents; they are exactly what the document prints.
 */
export type VerificationStatus = 'genuine' | 'revoked' | 'token_mismatch' | 'unknown';

export interface VerificationResult {
  status: VerificationStatus;
  /** The code in canonical form, or null when the input cannot be a code. */
  code: string | null;
  /** Whether a token was presented and checked (QR code) or only the code was typed in. */
  tokenChecked: boolean;
  document: null | {
    kind: string;
    title: string;
    issuer: string;
    issuedAt: string;
    certifies: DocumentField[] | null;
    revokedAt: string | null;
    revocationReason: string | null;
  };
}

export async function verifyDocument(db: Db, input: { code: string; token?: string | undefined }): Promise<VerificationResult> {
  const code = normaliseVerificationCode(input.code);
  const token = input.token?.trim() || undefined;
  const tokenChecked = token !== undefined;
  if (!code) return { status: 'unknown', code: null, tokenChecked, document: null };
  const [row] = await db.select().from(documentVerifications).where(eq(documentVerifications.code, code));
  if (!row) return { status: 'unknown', code, tokenChecked, document: null };

  const claims = { code: row.code, kind: row.kind, issuedAt: row.issuedAt.toISOString(), issuer: row.issuer, certifies: row.certifies };
  // A document the kit printed is signed with the key the Rathaus delegated to it with the tour package.
  const key = row.signingKeyId ? (await delegatedKey(db, row.signingKeyId))?.publicKey ?? null : await publicSigningKey(db, row.municipalityId);
  // The stored token is checked too: a record altered in the database no longer passes as genuine.
  const storedHolds = key !== null && verifyClaims(key, claims, row.token);
  const presentedHolds = token === undefined || (key !== null && verifyClaims(key, claims, token));
  if (!storedHolds || !presentedHolds) return { status: 'token_mismatch', code, tokenChecked, document: null };

  const base = { kind: row.kind, title: row.title, issuer: row.issuer, issuedAt: row.issuedAt.toISOString() };
  if (row.revokedAt) {
    return {
      status: 'revoked', code, tokenChecked,
      document: { ...base, certifies: null, revokedAt: row.revokedAt.toISOString(), revocationReason: row.revocationReason },
    };
  }
  return {
    status: 'genuine', code, tokenChecked,
    document: { ...base, certifies: row.certifies.map((f) => ({ label: f.label, value: f.value })), revokedAt: null, revocationReason: null },
  };
}
