/** Evidence or proof of authority uploaded in the office (scan of a Bescheid, a Vollmacht), recorded in the history. */
import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { addRequestAttachment } from './attachments.ts';
import { recordRequestEvent } from './events.ts';
import { inTransaction, loadRequest, requirePermission } from './request-store.ts';

export const uploadAttachmentKinds = ['evidence', 'authority_proof'] as const;
export type UploadAttachmentKind = (typeof uploadAttachmentKinds)[number];

export async function uploadRequestAttachment(
  ctx: AppContext,
  actor: Actor,
  input: { requestId: string; kind: UploadAttachmentKind; filename: string; contentType: string; content: Uint8Array },
): Promise<{ id: string; kind: string; size: number }> {
  requirePermission(actor, 'requests.write');
  if (input.content.byteLength === 0) {
    throw new AppError('ATTACHMENT_EMPTY', 'The uploaded file is empty; choose the file again.', 400, { field: 'file' });
  }
  const now = ctx.now();
  return inTransaction(ctx.database.db, async (tx) => {
    const request = await loadRequest(tx, actor.municipalityId, input.requestId, true);
    if (request.status === 'merged') {
      throw new AppError('REQUEST_MERGED', `The request ${request.reference} was merged; upload the file to the request it was merged into.`, 409, { mergedIntoId: request.mergedIntoId });
    }
    const { id } = await addRequestAttachment(tx, {
      municipalityId: actor.municipalityId, requestId: request.id, kind: input.kind, filename: input.filename,
      contentType: input.contentType, content: input.content, source: 'upload',
    });
    await recordRequestEvent(tx, {
      municipalityId: actor.municipalityId, requestId: request.id, kind: 'updated', actor, at: now,
      detail: { attachment: { id, kind: input.kind, filename: input.filename, size: input.content.byteLength } },
    });
    return { id, kind: input.kind, size: input.content.byteLength };
  });
}
