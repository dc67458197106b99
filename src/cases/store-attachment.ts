import { createHash } from 'node:crypto';
import type { Db } from '../platform/db/database.ts';
import type { CaseRow } from './case-store.ts';
import { caseAttachments } from './schema.ts';
import type { NewAttachment } from './workflow.ts';

/** Stores one attachment of a case with its SHA-256 and size; returns its id. */
/** `id` is given for attachments a kit captured offline: the case data already references them by it. */
export async function storeAttachment(tx: Db, row: Pick<CaseRow, 'id' | 'municipalityId'>, attachment: NewAttachment, at: Date, id?: string): Promise<string> {
  const content = attachment.content;
  const [stored] = await tx.insert(caseAttachments).values({
    ...(id ? { id } : {}),
    municipalityId: row.municipalityId,
    caseId: row.id,
    kind: attachment.kind,
    mediaType: attachment.mediaType,
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
    size: content.byteLength,
    biometric: attachment.biometric,
    createdAt: at,
  }).returning({ id: caseAttachments.id });
  if (!stored) throw new Error('attachment insert returned nothing');
  return stored.id;
}
