import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { appendCaseEvent, caseActorOf, inTransaction, loadCaseRow } from './case-store.ts';
import { caseViolations, readForChange, requirePermission, stateOf } from './engine.ts';
import { transition } from './state-machine.ts';
import { storeAttachment } from './store-attachment.ts';

export const uploadKinds = ['signature', 'scan', 'written_request', 'wohnungsgeberbestaetigung', 'other'] as const;
export type UploadKind = (typeof uploadKinds)[number];
export const uploadMediaTypes = ['image/png', 'image/jpeg', 'application/pdf'] as const;
export type UploadMediaType = (typeof uploadMediaTypes)[number];
/** A scanned A4 page at 300 dpi in colour stays well below this; anything bigger is not a counter upload. */
export const maxUploadBytes = 15 * 1024 * 1024;

/** What the first bytes of each accepted type are: the content must be what its type says. */
const signatures: Record<UploadMediaType, number[]> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
};

export function isUploadKind(value: string): value is UploadKind {
  return (uploadKinds as readonly string[]).includes(value);
}

export function uploadProblem(mediaType: string, content: Uint8Array): string | null {
  if (!(uploadMediaTypes as readonly string[]).includes(mediaType)) {
    return `Files of type ${mediaType || '(none)'} cannot be attached; upload a PNG, JPEG or PDF.`;
  }
  if (content.byteLength === 0) return 'The upload is empty; choose the file again.';
  if (content.byteLength > maxUploadBytes) return `The file has ${Math.ceil(content.byteLength / 1024 / 1024)} MB; at most ${maxUploadBytes / 1024 / 1024} MB can be attached. Scan at a lower resolution.`;
  const magic = signatures[mediaType as UploadMediaType];
  if (!magic.every((byte, i) => content[i] === byte)) return `The file is not a ${mediaType} file although it says so; upload the original file.`;
  return null;
}

/**
 * A signature, scan or other evidence uploaded at the counter, in draft or captured. Adding an
 * attachment does not change the case's data or version: the client references it with the
 * PATCH that follows (which returns a captured case to draft), so upload-then-PATCH with the
 * version read before the upload works. Only the history records the upload.
 */
export async function uploadAttachment(
  ctx: AppContext, actor: Actor, caseId: string, input: { kind: string; mediaType: string; content: Uint8Array; id?: string },
): Promise<{ id: string; kind: string; mediaType: string }> {
  requirePermission(actor, 'cases.write');
  if (!isUploadKind(input.kind)) {
    throw new AppError('ATTACHMENT_KIND_INVALID', `"${input.kind}" is not an attachment kind; use one of ${uploadKinds.join(', ')} (?kind=…).`, 400);
  }
  const mediaType = input.mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  const problem = uploadProblem(mediaType, input.content);
  if (problem) throw new AppError(input.content.byteLength > maxUploadBytes ? 'ATTACHMENT_TOO_LARGE' : 'ATTACHMENT_INVALID', problem, input.content.byteLength > maxUploadBytes ? 413 : 400);
  const db = ctx.database.db;
  const now = ctx.now();
  const read = await readForChange(db, actor, caseId, undefined);
  const result = transition(stateOf(read), 'update');
  if ('violations' in result) throw caseViolations(result.violations);
  const id = await inTransaction(db, async (tx) => {
    // Locked (not version-checked): uploads do not conflict with edits, but history entries are appended one at a time.
    const row = await loadCaseRow(tx, read.municipalityId, read.id, { forUpdate: true });
    const attachmentId = await storeAttachment(tx, row, { kind: input.kind, mediaType, content: input.content, biometric: false }, now, input.id);
    await appendCaseEvent(tx, row, caseActorOf(actor), now, {
      action: 'attach', details: { attachmentId, kind: input.kind, mediaType, size: input.content.byteLength },
    });
    return attachmentId;
  });
  return { id, kind: input.kind, mediaType };
}
