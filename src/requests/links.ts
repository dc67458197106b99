import { and, eq, gt } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { generateStatusToken, statusTokenHash } from './reference.ts';
import { requestLinks } from './schema.ts';

export type RequestLinkPurpose = 'confirmation' | 'reminder' | 'offer';

/** The requester's status page for a link secret. */
export const statusPath = (token: string) => `/hausbesuch/status/${token}`;

/** A new status link for a request (see request_link); returns the secret, which is stored only hashed. */
export async function createRequestLink(
  db: Db,
  input: { municipalityId: string; requestId: string; purpose: RequestLinkPurpose; expiresAt: Date; at: Date },
): Promise<string> {
  const { token, hash } = generateStatusToken();
  await db.insert(requestLinks).values({
    tokenHash: hash, municipalityId: input.municipalityId, requestId: input.requestId, purpose: input.purpose, expiresAt: input.expiresAt, createdAt: input.at,
  });
  return token;
}

/** The request a further link opens, while the link is valid. */
export async function requestIdOfLink(db: Db, token: string, now: Date): Promise<string | null> {
  const [link] = await db.select({ requestId: requestLinks.requestId }).from(requestLinks)
    .where(and(eq(requestLinks.tokenHash, statusTokenHash(token)), gt(requestLinks.expiresAt, now))).limit(1);
  return link?.requestId ?? null;
}
