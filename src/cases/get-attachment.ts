import { and, eq } from 'drizzle-orm';
import { recordAccess } from '../audit/record-access.ts';
import { mayReadBlockedPerson, type Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { registerToday } from '../register/dates.ts';
import { activeDisclosureBlocks } from '../register/persons/get-person.ts';
import { loadCaseRow } from './case-store.ts';
import { requirePermission } from './engine.ts';
import { isUuid } from './facts.ts';
import { caseAttachments } from './schema.ts';

const biometricKinds = new Set(['photo', 'fingerprint']);

/**
 * The content of one attachment (photo, signature, scan) for the office UI. It is personal data
 * of the case's subject: each download is logged, and a case of a person under a block the
 * officer may not see answers 404. Deleted content (fingerprints after hand-over) answers 410.
 */
export async function getAttachment(ctx: AppContext, actor: Actor, caseId: string, attachmentId: string): Promise<{ content: Uint8Array; mediaType: string; kind: string }> {
  requirePermission(actor, 'cases.read');
  const db = ctx.database.db;
  const now = ctx.now();
  const row = await loadCaseRow(db, actor.municipalityId, caseId);
  const personIds = row.personId ? [row.personId] : [];
  const blocked = (await activeDisclosureBlocks(db, personIds, registerToday(now))).size > 0;
  if (blocked && !(row.personId && mayReadBlockedPerson(actor, row.personId))) {
    await recordAccess(db, {
      municipalityId: row.municipalityId, actor, action: 'case.attachment.read', dataCategories: [], personIds, hitCount: 0,
      purpose: row.number, details: { caseId, attachmentId, blocked: true, refused: true },
    }, now);
    throw notFound('Case');
  }
  if (!isUuid(attachmentId)) throw notFound('Attachment');
  const [attachment] = await db.select().from(caseAttachments)
    .where(and(eq(caseAttachments.id, attachmentId), eq(caseAttachments.caseId, row.id)));
  if (!attachment) throw notFound('Attachment');
  if (attachment.deletedAt !== null || attachment.content === null) {
    throw new AppError('ATTACHMENT_DELETED', `This ${attachment.kind} was deleted on ${attachment.deletedAt?.toISOString().slice(0, 10) ?? 'an earlier day'} as the law requires (PAuswG § 26); it cannot be shown any more.`, 410);
  }
  await recordAccess(db, {
    municipalityId: row.municipalityId, actor, action: 'case.attachment.read',
    dataCategories: [biometricKinds.has(attachment.kind) ? 'biometrics' : 'attachments'], personIds, purpose: row.number,
    details: { caseId, attachmentId, kind: attachment.kind, ...(blocked ? { blocked: true } : {}) },
  }, now);
  return { content: attachment.content, mediaType: attachment.mediaType, kind: attachment.kind };
}
