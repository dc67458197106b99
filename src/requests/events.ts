import { actorName, type Actor } from '../identity/principal.ts';
import type { Db } from '../platform/db/database.ts';
import { requestEvents } from './schema.ts';

export type RequestEventKind =
  | 'created' | 'updated' | 'matched' | 'decided' | 'merged' | 'planned' | 'unplanned' | 'confirmed'
  | 'reminded' | 'cancelled' | 'waitlisted' | 'offered' | 'mail_in' | 'mail_out' | 'mail_bounced' | 'letter';

/** Appends to a request's history; call it in the transaction of the change it records. */
export async function recordRequestEvent(
  db: Db,
  input: { municipalityId: string; requestId: string; kind: RequestEventKind; detail?: Record<string, unknown>; actor: Actor; at: Date },
): Promise<void> {
  await db.insert(requestEvents).values({
    municipalityId: input.municipalityId,
    requestId: input.requestId,
    kind: input.kind,
    detail: input.detail ?? {},
    actorId: 'kind' in input.actor ? null : input.actor.userId,
    actorName: actorName(input.actor),
    at: input.at,
  });
}
