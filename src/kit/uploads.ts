/**
 * Resumable uploads of attachments (photos, fingerprints, scans), content-addressed by SHA-256.
 *
 * An uninterrupted upload is one request from offset 0 with the whole content. When the link drops
 * in the middle, the Rathaus keeps what arrived (flushed in chunks as it streams in), the kit asks
 * for the offset and sends only the rest. The Rathaus checks size and SHA-256 before it calls the
 * upload complete, so a corrupted transfer never becomes a case's attachment.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../platform/errors.ts';

export interface UploadStatus {
  size: number;
  mediaType: string;
  received: number;
  complete: boolean;
}

/** Persistence of uploads (Rathaus side). */
export interface UploadStore {
  status(kitId: string, sha256: string): Promise<UploadStatus | null>;
  create(kitId: string, sha256: string, size: number, mediaType: string): Promise<void>;
  /** Appends at exactly `offset` (the current received count); returns the new count. */
  append(kitId: string, sha256: string, offset: number, chunk: Uint8Array): Promise<number>;
  /** The whole content received so far, in order. */
  content(kitId: string, sha256: string): Promise<Uint8Array>;
  markComplete(kitId: string, sha256: string): Promise<void>;
  discard(kitId: string, sha256: string): Promise<void>;
}

/** Received bytes are written in pieces of this size, so a drop loses at most one piece. */
export const uploadFlushBytes = 64 * 1024;

export interface UploadRequest {
  sha256: string;
  size: number;
  mediaType: string;
  offset: number;
}

/**
 * Receives (a part of) an upload. The body is read as a stream; whatever arrived before the
 * stream broke is kept, so the next attempt resumes from there.
 */
export async function receiveUpload(
  store: UploadStore, kitId: string, request: UploadRequest, body: AsyncIterable<Uint8Array>,
): Promise<UploadStatus> {
  if (!/^[0-9a-f]{64}$/.test(request.sha256)) throw new AppError('UPLOAD_ID_INVALID', 'The upload is named by its SHA-256 in lower-case hex.', 400);
  if (!Number.isSafeInteger(request.size) || request.size < 0) throw new AppError('UPLOAD_SIZE_INVALID', 'Upload-Length must be the size in bytes.', 400);
  let status = await store.status(kitId, request.sha256);
  if (status?.complete) return status;
  if (status && status.size !== request.size) {
    throw new AppError('UPLOAD_SIZE_CHANGED', `The upload was started with ${status.size} bytes, now ${request.size} are announced.`, 409, { offset: status.received });
  }
  if (!status) {
    if (request.offset !== 0) throw new AppError('UPLOAD_OFFSET_MISMATCH', 'The Rathaus has nothing of this upload yet; start at offset 0.', 409, { offset: 0 });
    await store.create(kitId, request.sha256, request.size, request.mediaType);
    status = { size: request.size, mediaType: request.mediaType, received: 0, complete: false };
  }
  if (request.offset !== status.received) {
    throw new AppError('UPLOAD_OFFSET_MISMATCH', `The Rathaus has ${status.received} bytes of this upload; continue from there.`, 409, { offset: status.received });
  }

  let received = status.received;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const chunk = concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    received = await store.append(kitId, request.sha256, received, chunk);
  };
  try {
    for await (const piece of body) {
      if (received + pendingBytes + piece.byteLength > request.size) {
        throw new AppError('UPLOAD_TOO_LONG', `The upload is longer than the announced ${request.size} bytes.`, 400);
      }
      pending.push(piece);
      pendingBytes += piece.byteLength;
      if (pendingBytes >= uploadFlushBytes) await flush();
    }
  } finally {
    // Also when the link broke: what arrived is kept for the resume.
    await flush();
  }

  if (received < request.size) return { ...status, received, complete: false };
  const content = await store.content(kitId, request.sha256);
  const actual = createHash('sha256').update(content).digest('hex');
  if (actual !== request.sha256) {
    await store.discard(kitId, request.sha256);
    throw new AppError('UPLOAD_CORRUPT', 'The uploaded content does not match its SHA-256; the kit uploads it again from the start.', 422, { offset: 0 });
  }
  await store.markComplete(kitId, request.sha256);
  return { ...status, received, complete: true };
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** The kit's side of the upload protocol, whatever carries it (HTTP in production, a function in tests). */
export interface UploadTransport {
  /** The Rathaus's offset for this upload: null when it has nothing. */
  uploadStatus(sha256: string): Promise<UploadStatus | null>;
  /** Sends content[offset…] starting at offset; resolves when the Rathaus answered. */
  sendUpload(request: UploadRequest, rest: Uint8Array): Promise<UploadStatus>;
}

export interface UploadAttempt {
  complete: boolean;
  /** Bytes put on the wire in this attempt. */
  bytesSent: number;
  requests: number;
}

/**
 * Uploads one attachment. A first attempt goes straight to offset 0 in one request; after an
 * interruption (`resume`), it asks the Rathaus for the offset first and sends only the rest.
 */
export async function uploadAttachment(
  transport: UploadTransport, content: Uint8Array, meta: { sha256: string; mediaType: string }, resume: boolean,
): Promise<UploadAttempt> {
  let offset = 0;
  let requests = 0;
  if (resume) {
    requests += 1;
    const status = await transport.uploadStatus(meta.sha256);
    if (status?.complete) return { complete: true, bytesSent: 0, requests };
    offset = status?.received ?? 0;
  }
  const rest = content.subarray(offset);
  requests += 1;
  const answer = await transport.sendUpload({ sha256: meta.sha256, size: content.byteLength, mediaType: meta.mediaType, offset }, rest);
  return { complete: answer.complete, bytesSent: rest.byteLength, requests };
}
