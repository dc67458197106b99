import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import type { OutboundMessageRequest, OutboundPayload } from './messages.ts';
import { outboundMessages } from './schema.ts';

/**
 * Who receives the message, for the idempotency key: the former municipality's AGS for a
 * Rückmeldung (persons moving together from two municipalities give two messages), the fixed
 * federal recipient otherwise.
 */
function recipientKey(payload: OutboundPayload): string {
  switch (payload.kind) {
    case 'xmeld_rueckmeldung': return `ags:${payload.recipient.ags}`;
    case 'id_order': return 'bundesdruckerei';
    case 'bzr_application': return 'bundesamt_fuer_justiz';
  }
}

/** The key that makes enqueueing idempotent: one message per (case, kind, recipient). */
export function idempotencyKey(caseId: string, payload: OutboundPayload): string {
  return `${caseId.toLowerCase()}:${payload.kind}:${recipientKey(payload)}`;
}

const knownKinds = new Set<string>(['xmeld_rueckmeldung', 'id_order', 'bzr_application']);

/**
 * Puts a case's outgoing messages into the outbox, in the caller's transaction (the case's
 * completion), so a message exists exactly when the completion committed. Enqueueing the same
 * (case, kind, recipient) again — a retried completion, a replayed sync — returns the existing
 * row and changes nothing. Delivery starts after commit: call requestDelivery with the ids.
 */
export async function enqueueMessages(tx: Db, input: {
  municipalityId: string;
  caseId: string;
  caseNumber: string;
  requests: OutboundMessageRequest[];
  at: Date;
}): Promise<{ id: string; kind: string }[]> {
  if (input.requests.length === 0) return [];
  input.requests.forEach((request, i) => {
    if (!knownKinds.has(request.payload.kind)) {
      throw new AppError('OUTBOX_KIND_UNKNOWN', `requests[${i}].payload.kind "${String(request.payload.kind)}" is not a message the outbox can send; use xmeld_rueckmeldung, id_order or bzr_application.`, 400);
    }
    if (request.payload.caseNumber !== input.caseNumber) {
      throw new AppError('OUTBOX_CASE_MISMATCH', `requests[${i}].payload.caseNumber "${request.payload.caseNumber}" differs from the case ${input.caseNumber}; a message belongs to the case that sends it.`, 400);
    }
  });
  const at = input.at.toISOString();
  const keys = input.requests.map((request) => idempotencyKey(input.caseId, request.payload));
  await tx.insert(outboundMessages).values(input.requests.map((request, i) => ({
    municipalityId: input.municipalityId,
    caseId: input.caseId,
    kind: request.payload.kind,
    idempotencyKey: keys[i]!,
    payload: request.payload,
    recipientName: request.recipientName,
    dueBy: request.dueBy,
    status: 'pending' as const,
    nextAttemptAt: at,
    createdAt: at,
    updatedAt: at,
  }))).onConflictDoNothing({ target: [outboundMessages.municipalityId, outboundMessages.idempotencyKey] });
  const rows = await tx.select({ id: outboundMessages.id, kind: outboundMessages.kind, key: outboundMessages.idempotencyKey })
    .from(outboundMessages)
    .where(and(eq(outboundMessages.municipalityId, input.municipalityId), inArray(outboundMessages.idempotencyKey, keys)));
  const byKey = new Map(rows.map((row) => [row.key, row]));
  const result: { id: string; kind: string }[] = [];
  const seen = new Set<string>();
  for (const key of keys) {
    const row = byKey.get(key);
    if (!row) throw new Error(`outbox row for ${key} missing after insert`);
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    result.push({ id: row.id, kind: row.kind });
  }
  return result;
}
