/**
 * A request taken on the phone (channel phone): checked like an edit (every problem with its
 * field), then stored with its created event. The register match is a separate step
 * (matchRequestSubject), so every register access goes through one logged path.
 */
import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { createVisitRequest, type NewVisitRequest } from './create-request.ts';
import { loadVisitRequestView, type VisitRequestView } from './get-request.ts';
import { inTransaction, requirePermission } from './request-store.ts';
import { requestInvalid } from './update-request.ts';
import { requestProblems } from './validate-request.ts';

/** A new request without what the phone channel fixes itself (municipality, channel) or leaves to the match step. */
export type PhoneRequestInput = Omit<NewVisitRequest, 'municipalityId' | 'channel' | 'personId'>;

export async function takePhoneRequest(ctx: AppContext, actor: Actor, input: PhoneRequestInput): Promise<{ request: VisitRequestView; statusToken: string }> {
  requirePermission(actor, 'requests.write');
  const fields = {
    ...input,
    services: [...new Set(input.services)],
    urgencyReason: input.urgencyReason?.trim() || null,
    neededBy: input.neededBy || null,
    notes: input.notes?.trim() || null,
  };
  const problems = requestProblems(fields, { complete: input.status === 'open' });
  if (problems.length > 0) throw requestInvalid(problems);
  const created = await inTransaction(ctx.database.db, (tx) =>
    createVisitRequest(tx, actor, { ...fields, municipalityId: actor.municipalityId, channel: 'phone' }, ctx.now()));
  return { request: await loadVisitRequestView(ctx.database.db, actor.municipalityId, created.id), statusToken: created.statusToken };
}
