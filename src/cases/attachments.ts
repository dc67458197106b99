import { and, eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { notFound } from '../platform/errors.ts';
import { caseAttachments } from './schema.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The bytes of one case attachment (photo, scan, signature …), for documents that embed it and
 * for messages that reference it. A deleted attachment (fingerprints after hand-over) answers
 * with empty content and `deleted: true`, so callers can tell "gone by law" from "never existed".
 */
export async function loadCaseAttachment(db: Db, municipalityId: string, attachmentId: string): Promise<{ content: Uint8Array; mediaType: string; deleted: boolean }> {
  if (!uuidPattern.test(attachmentId)) throw notFound('Attachment');
  const [row] = await db.select({ content: caseAttachments.content, mediaType: caseAttachments.mediaType, deletedAt: caseAttachments.deletedAt })
    .from(caseAttachments)
    .where(and(eq(caseAttachments.id, attachmentId), eq(caseAttachments.municipalityId, municipalityId)));
  if (!row) throw notFound('Attachment');
  const deleted = row.deletedAt !== null || row.content === null;
  return { content: deleted ? new Uint8Array() : (row.content ?? new Uint8Array()), mediaType: row.mediaType, deleted };
}
