import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { inboundMails, requestCorrespondence, visitRequests } from '../schema.ts';

/** HB-XXXX-XXXX anywhere in a subject ("AW: Ihr Hausbesuch [HB-7K2M-Q9*4]"); the last block may end in a check symbol. */
const referencePattern = /\bHB-([0-9A-Z]{4})-([0-9A-Z*~$=]{4})(?![0-9A-Z*~$=])/gi;

/** The request references named in a subject, upper-cased, in order of appearance. */
export function referencesInSubject(subject: string): string[] {
  return [...subject.matchAll(referencePattern)].map((m) => `HB-${m[1]}-${m[2]}`.toUpperCase());
}

/** Message-IDs a reply points at, nearest first: In-Reply-To, then References from the newest back. */
export function threadIds(inReplyTo: string | undefined, references: string[] | string | undefined): string[] {
  const refs = references === undefined ? [] : Array.isArray(references) ? references : references.split(/\s+/);
  const ids = [...(inReplyTo ? inReplyTo.split(/\s+/) : []), ...[...refs].reverse()]
    .map((id) => id.trim()).filter((id) => /^<[^<>\s]+>$/.test(id));
  return [...new Set(ids)].slice(0, 50);
}

export interface ThreadMatch {
  requestId: string;
  reference: string;
  /** How the mail was matched: a Message-ID of ours or of an earlier mail in the thread, or the reference in the subject. */
  via: 'in_reply_to' | 'subject_reference';
}

/**
 * The request a mail belongs to, if it answers one of our mails (or continues a thread an earlier
 * inbound mail started), or quotes a request reference in its subject. A merged request hands
 * over to the one it was merged into.
 */
export async function findThreadRequest(db: Db, municipalityId: string, ids: string[], subject: string): Promise<ThreadMatch | null> {
  if (ids.length > 0) {
    const ours = await db.select({ id: requestCorrespondence.requestId, messageId: requestCorrespondence.messageId })
      .from(requestCorrespondence)
      .where(and(eq(requestCorrespondence.municipalityId, municipalityId), inArray(requestCorrespondence.messageId, ids)));
    const earlier = await db.select({ id: inboundMails.requestId, messageId: inboundMails.messageId }).from(inboundMails)
      .where(and(eq(inboundMails.municipalityId, municipalityId), inArray(inboundMails.messageId, ids), isNotNull(inboundMails.requestId)));
    // The nearest message in the thread wins: the one replied to directly, then older ones.
    for (const id of ids) {
      const hit = ours.find((r) => r.messageId === id)?.id ?? earlier.find((r) => r.messageId === id)?.id;
      if (hit) {
        const request = await survivingRequest(db, municipalityId, hit);
        if (request) return { ...request, via: 'in_reply_to' };
      }
    }
  }
  for (const reference of referencesInSubject(subject)) {
    const [row] = await db.select({ id: visitRequests.id }).from(visitRequests)
      .where(and(eq(visitRequests.municipalityId, municipalityId), eq(visitRequests.reference, reference))).limit(1);
    if (row) {
      const request = await survivingRequest(db, municipalityId, row.id);
      if (request) return { ...request, via: 'subject_reference' };
    }
  }
  return null;
}

async function survivingRequest(db: Db, municipalityId: string, requestId: string): Promise<{ requestId: string; reference: string } | null> {
  let id = requestId;
  // A few hops at most: merges chain rarely, and a cycle must not loop forever.
  for (let hop = 0; hop < 5; hop += 1) {
    const [row] = await db.select({ id: visitRequests.id, reference: visitRequests.reference, status: visitRequests.status, mergedIntoId: visitRequests.mergedIntoId })
      .from(visitRequests).where(and(eq(visitRequests.id, id), eq(visitRequests.municipalityId, municipalityId))).limit(1);
    if (!row) return null;
    if (row.status !== 'merged' || !row.mergedIntoId) return { requestId: row.id, reference: row.reference };
    id = row.mergedIntoId;
  }
  return null;
}
