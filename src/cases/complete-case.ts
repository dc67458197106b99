import { enqueueMessages } from '../exchange/enqueue.ts';
import { requestDelivery } from '../exchange/outbox.ts';
import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { applyRegisterChanges } from '../register/moves/apply-register-changes.ts';
import { appendCaseEvent, caseActorOf, inTransaction, saveCase } from './case-store.ts';
import { captureViolations } from './capture-case.ts';
import type { CaseView } from './case-view.types.ts';
import {
  caseViolations, completionContextOf, factsOfCase, issueCaseDocuments, lockUnchanged, readForChange, requirePermission, requireWorkflow, serviceOf, stateOf,
} from './engine.ts';
import { getCase } from './get-case.ts';
import { mergePatch } from './merge-patch.ts';
import { transition } from './state-machine.ts';

/**
 * paid → completed, in ONE transaction: the workflow's effects are carried out together — the
 * register changes (with history; a new person of an Anmeldung becomes the case's subject), the
 * documents, the outbound messages and the data the completion adds. Any refusal rolls all of it
 * back. Delivery of the messages is requested after the commit, so the outbox never sends a
 * message of a completion that did not happen.
 */
export async function completeCase(ctx: AppContext, actor: Actor, caseId: string, input: { version: number }): Promise<CaseView> {
  requirePermission(actor, 'cases.write');
  const db = ctx.database.db;
  const now = ctx.now();
  const read = await readForChange(db, actor, caseId, input.version);
  const workflow = requireWorkflow(serviceOf(read.serviceId).id);
  const result = transition(stateOf(read), 'complete');
  if ('violations' in result) throw caseViolations(result.violations);
  const facts = await factsOfCase(db, actor, read, { action: 'case.complete', record: true, now });
  // The register may have changed since capture: the rules must still hold on today's facts.
  const { violations, parsed } = captureViolations(workflow, read.data, facts);
  if (violations.length > 0 || !parsed) throw caseViolations(violations);
  const context = completionContextOf(read, actor, now);
  const effects = workflow.complete(parsed, facts, context);

  const messageIds = await inTransaction(db, async (tx) => {
    const row = await lockUnchanged(tx, read);
    const who = caseActorOf(actor);
    const { createdPersonIds } = await applyRegisterChanges(tx, {
      municipalityId: row.municipalityId, changes: effects.registerChanges, actor, caseNumber: row.number, now,
    });
    const firstCreated = effects.registerChanges.find((c) => c.kind === 'create_person');
    const personId = row.personId ?? (firstCreated?.kind === 'create_person' ? createdPersonIds[firstCreated.ref] ?? null : null);
    const documents = await issueCaseDocuments(tx, ctx, row, effects.documents, actor, now, personId);
    const messages = effects.messages.length === 0 ? [] : await enqueueMessages(tx, {
      municipalityId: row.municipalityId, caseId: row.id, caseNumber: row.number, requests: effects.messages, at: now,
    });
    const data = effects.dataPatch ? mergePatch(row.data, effects.dataPatch) : row.data;
    await saveCase(tx, row, { state: result.state, personId, data }, now);
    await appendCaseEvent(tx, row, who, now, {
      action: 'complete', fromState: row.state, toState: result.state,
      details: {
        registerChanges: effects.registerChanges.map((c) => c.kind),
        ...(Object.keys(createdPersonIds).length > 0 ? { createdPersonIds } : {}),
        documents: documents.map((d) => ({ id: d.id, kind: d.kind })),
        messages: messages.map((m) => ({ id: m.id, kind: m.kind })),
      },
    });
    return messages.map((m) => m.id);
  });
  // Never throws: what is not scheduled now, the outbox's sweeper picks up.
  await requestDelivery(ctx, messageIds);
  return getCase(ctx, actor, caseId, { record: false });
}
