import { and, eq, inArray } from 'drizzle-orm';
import { recordAccess } from '../audit/record-access.ts';
import { markCaseTransmittedIfDelivered } from '../cases/mark-transmitted.ts';
import { actorCan, actorName, type Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError, forbidden } from '../platform/errors.ts';
import { loadMessageRow } from './get-outbox-message.ts';
import { requestImmediateDelivery } from './outbox.ts';
import type { OutboxMessageSummary } from './outbox-view.types.ts';
import { presentMessage } from './present-message.ts';
import { outboundMessages, type OutboundStatus } from './schema.ts';

const retryable: readonly OutboundStatus[] = ['failed', 'rejected', 'pending'];
const cancellable: readonly OutboundStatus[] = ['pending', 'failed', 'rejected'];

const statusNames: Record<OutboundStatus, { de: string; en: string }> = {
  pending: { de: 'wartet auf Versand', en: 'waiting to be sent' },
  sending: { de: 'wird gerade gesendet', en: 'being sent right now' },
  delivered: { de: 'zugestellt', en: 'delivered' },
  failed: { de: 'fehlgeschlagen', en: 'failed' },
  rejected: { de: 'abgewiesen', en: 'rejected' },
  cancelled: { de: 'abgebrochen', en: 'cancelled' },
};

function requireReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length < 3) {
    throw new AppError('OUTBOX_REASON_REQUIRED', 'reason: Bitte geben Sie einen Grund an (mindestens 3 Zeichen). — Please give a reason (at least 3 characters).', 400, { field: 'reason' });
  }
  return trimmed;
}

function wrongState(action: 'retry' | 'cancel', status: OutboundStatus, allowed: readonly OutboundStatus[]): AppError {
  const name = statusNames[status];
  const de = action === 'retry'
    ? `Die Nachricht ist ${name.de}; erneut senden geht nur, wenn sie ${allowed.map((s) => statusNames[s].de).join(', ')} ist.`
    : `Die Nachricht ist ${name.de}; abbrechen geht nur, solange sie ${allowed.map((s) => statusNames[s].de).join(', ')} ist.`;
  const en = action === 'retry'
    ? `The message is ${name.en}; it can be sent again only when it is ${allowed.map((s) => statusNames[s].en).join(', ')}.`
    : `The message is ${name.en}; it can be cancelled only while it is ${allowed.map((s) => statusNames[s].en).join(', ')}.`;
  return new AppError('OUTBOX_WRONG_STATE', `${de} — ${en}`, 409, { status });
}

/**
 * A clerk sends a failed or rejected message again (after the cause is fixed: disk space, a
 * renderer that now exists), or a waiting one now instead of at its backoff time. The attempt
 * count goes on (it is the message's whole history); who retried (and why, if given) is recorded in
 * the access log.
 */
export async function retryOutboxMessage(ctx: AppContext, actor: Actor, messageId: string, input: { reason?: string | null } = {}): Promise<OutboxMessageSummary> {
  if (!actorCan(actor, 'outbox.manage')) throw forbidden();
  // A retry changes nothing but the time of the next attempt: who did it is always recorded, a reason when given.
  const reason = input.reason?.trim() ? input.reason.trim() : null;
  const db = ctx.database.db;
  const before = await loadMessageRow(db, actor.municipalityId, messageId);
  const now = ctx.now();
  const updated = await db.transaction(async (tx) => {
    const [row] = await tx.update(outboundMessages)
      .set({ status: 'pending', nextAttemptAt: now.toISOString(), updatedAt: now.toISOString() })
      .where(and(eq(outboundMessages.id, before.id), inArray(outboundMessages.status, [...retryable])))
      .returning();
    if (!row) return null;
    await recordAccess(tx as unknown as Db, {
      municipalityId: actor.municipalityId, actor, action: 'outbox.message.retry', dataCategories: [], personIds: [], hitCount: 0,
      purpose: reason, details: { messageId: row.id, kind: row.kind, caseId: row.caseId, fromStatus: before.status, attempts: row.attempts },
    }, now);
    return row;
  });
  if (!updated) {
    const current = await loadMessageRow(db, actor.municipalityId, messageId);
    throw wrongState('retry', current.status, retryable);
  }
  await requestImmediateDelivery(ctx, updated.id);
  return presentMessage(updated, now);
}

/**
 * A clerk cancels a message that has not gone out (sent another way, case withdrawn). Final: the
 * case no longer waits for it, so a case whose other messages are delivered becomes transmitted.
 * Who and why is kept on the message and in the access log.
 */
export async function cancelOutboxMessage(ctx: AppContext, actor: Actor, messageId: string, input: { reason: string }): Promise<OutboxMessageSummary> {
  if (!actorCan(actor, 'outbox.manage')) throw forbidden();
  const reason = requireReason(input.reason);
  const db = ctx.database.db;
  const before = await loadMessageRow(db, actor.municipalityId, messageId);
  const now = ctx.now();
  const updated = await db.transaction(async (tx) => {
    const [row] = await tx.update(outboundMessages)
      .set({
        status: 'cancelled', nextAttemptAt: null, updatedAt: now.toISOString(),
        lastError: `Abgebrochen von ${actorName(actor)} am ${now.toISOString()}: ${reason}`,
      })
      .where(and(eq(outboundMessages.id, before.id), inArray(outboundMessages.status, [...cancellable])))
      .returning();
    if (!row) return null;
    await recordAccess(tx as unknown as Db, {
      municipalityId: actor.municipalityId, actor, action: 'outbox.message.cancel', dataCategories: [], personIds: [], hitCount: 0,
      purpose: reason, details: { messageId: row.id, kind: row.kind, caseId: row.caseId, fromStatus: before.status },
    }, now);
    return row;
  });
  if (!updated) {
    const current = await loadMessageRow(db, actor.municipalityId, messageId);
    throw wrongState('cancel', current.status, cancellable);
  }
  if (updated.caseId) {
    try {
      await markCaseTransmittedIfDelivered(ctx, updated.municipalityId, updated.caseId);
    } catch (error) {
      ctx.logger.error({ err: error, messageId: updated.id, caseId: updated.caseId }, 'outbox: case not re-checked after cancel');
    }
  }
  return presentMessage(updated, now);
}
