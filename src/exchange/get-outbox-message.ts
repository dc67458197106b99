import { asc, and, eq } from 'drizzle-orm';
import { recordAccess } from '../audit/record-access.ts';
import { actorCan, type Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { forbidden, notFound } from '../platform/errors.ts';
import type { OutboundPayload } from './messages.ts';
import type { OutboxMessageDetail } from './outbox-view.types.ts';
import { presentMessage } from './present-message.ts';
import { outboundDeliveries, outboundMessages } from './schema.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The persons a payload carries data of, for the access log. */
export function payloadPersonIds(payload: OutboundPayload): string[] {
  switch (payload.kind) {
    case 'xmeld_rueckmeldung': return payload.persons.map((p) => p.person.personId);
    case 'id_order':
    case 'bzr_application': return [payload.person.personId];
  }
}

/** Which register data categories (BMG § 40 log) a payload discloses. */
export function payloadDataCategories(payload: OutboundPayload): string[] {
  switch (payload.kind) {
    case 'xmeld_rueckmeldung': return ['names', 'birth', 'sex', 'nationalities', 'addresses'];
    case 'id_order': return ['names', 'birth', 'sex', 'nationalities', 'addresses', 'documents'];
    case 'bzr_application': return ['names', 'birth', 'sex', 'nationalities', 'addresses', 'documents'];
  }
}

export async function loadMessageRow(db: Db, municipalityId: string, messageId: string) {
  if (!uuidPattern.test(messageId)) throw notFound('Outgoing message');
  const [row] = await db.select().from(outboundMessages)
    .where(and(eq(outboundMessages.id, messageId), eq(outboundMessages.municipalityId, municipalityId)));
  if (!row) throw notFound('Outgoing message');
  return row;
}

/**
 * One outgoing message with every delivery attempt. The payload is personal data (names, birth,
 * address; for blocked persons too, since the message goes to an authority that is entitled): it
 * is shown only to a role that may read the register including blocked records, and each such
 * read is recorded in the access log (§ 40 BMG). Other outbox readers (admin) see the delivery
 * state without the payload.
 */
export async function getOutboxMessage(ctx: AppContext, actor: Actor, messageId: string, options: { purpose?: string } = {}): Promise<OutboxMessageDetail> {
  if (!actorCan(actor, 'outbox.read')) throw forbidden();
  const db = ctx.database.db;
  const row = await loadMessageRow(db, actor.municipalityId, messageId);
  const deliveries = await db.select().from(outboundDeliveries)
    .where(eq(outboundDeliveries.messageId, row.id)).orderBy(asc(outboundDeliveries.attempt), asc(outboundDeliveries.startedAt));
  const mayReadPayload = actorCan(actor, 'register.read') && actorCan(actor, 'register.read_blocked');
  if (mayReadPayload) {
    await recordAccess(db, {
      municipalityId: actor.municipalityId,
      actor,
      action: 'outbox.message.read',
      dataCategories: payloadDataCategories(row.payload),
      personIds: payloadPersonIds(row.payload),
      purpose: options.purpose ?? null,
      details: { messageId: row.id, kind: row.kind, caseId: row.caseId },
    }, ctx.now());
  }
  return {
    ...presentMessage(row, ctx.now()),
    payload: mayReadPayload ? (row.payload as unknown as Record<string, unknown>) : null,
    payloadWithheld: !mayReadPayload,
    deliveries: deliveries.map((d) => ({
      attempt: d.attempt,
      outcome: d.outcome,
      error: d.error,
      transport: d.transport,
      transportReference: d.transportReference,
      fileName: d.fileName,
      mediaType: d.mediaType,
      contentSha256: d.contentSha256,
      contentBytes: d.contentBytes,
      startedAt: new Date(d.startedAt).toISOString(),
      finishedAt: new Date(d.finishedAt).toISOString(),
    })),
  };
}
