import { and, eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { requestAttachments, visitRequests } from './schema.ts';

/** Largest file kept with a request: a mail's scans, not whole archives. */
export const maxRequestAttachmentBytes = 20 * 1024 * 1024;

/** Stores a file that came with a request (original mail, evidence scan, proof of authority). */
export async function addRequestAttachment(
  db: Db,
  input: {
    municipalityId: string;
    requestId: string;
    kind: 'mail_original' | 'evidence' | 'authority_proof';
    filename: string;
    contentType: string;
    content: Uint8Array;
    source: 'mail' | 'upload' | 'portal';
  },
): Promise<{ id: string }> {
  const [request] = await db.select({ id: visitRequests.id }).from(visitRequests)
    .where(and(eq(visitRequests.id, input.requestId), eq(visitRequests.municipalityId, input.municipalityId))).limit(1);
  if (!request) throw notFound('The visit request');
  if (input.content.byteLength > maxRequestAttachmentBytes) {
    throw new AppError('ATTACHMENT_TOO_LARGE',
      `The file "${input.filename}" is larger than ${maxRequestAttachmentBytes / 1024 / 1024} MB. Send a smaller scan.`, 413);
  }
  // Names come from mails and uploads: keep them displayable, never a path.
  const filename = [...input.filename].map((c) => (c === '/' || c === '\\' || c.charCodeAt(0) < 0x20 ? '_' : c)).join('').slice(0, 200) || 'anhang';
  const [row] = await db.insert(requestAttachments).values({
    municipalityId: input.municipalityId,
    requestId: input.requestId,
    kind: input.kind,
    filename,
    contentType: input.contentType || 'application/octet-stream',
    size: input.content.byteLength,
    content: input.content,
    source: input.source,
  }).returning({ id: requestAttachments.id });
  if (!row) throw new Error('request_attachment insert returned nothing');
  return { id: row.id };
}

/** One attachment with its content, for the download route; null when not in this municipality. */
export async function getRequestAttachment(db: Db, municipalityId: string, requestId: string, attachmentId: string) {
  const [row] = await db.select().from(requestAttachments).where(and(
    eq(requestAttachments.id, attachmentId),
    eq(requestAttachments.requestId, requestId),
    eq(requestAttachments.municipalityId, municipalityId),
  )).limit(1);
  return row ?? null;
}
