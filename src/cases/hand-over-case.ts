import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { applyRegisterChanges } from '../register/moves/apply-register-changes.ts';
import { appendCaseEvent, caseActorOf, inTransaction, saveCase } from './case-store.ts';
import type { CaseView } from './case-view.types.ts';
import {
  caseViolations, completionContextOf, factsOfCase, issueCaseDocuments, later, lockUnchanged, readForChange, requirePermission, requireWorkflow, serviceOf, stateOf,
} from './engine.ts';
import { getCase } from './get-case.ts';
import { mergePatch } from './merge-patch.ts';
import { caseAttachments } from './schema.ts';
import { transition } from './state-machine.ts';

/**
 * The hand-over of a finished ID document (PAuswV § 4: documented with date and time): the
 * workflow checks the hand-over input, then its effects are carried out in one transaction —
 * register changes (the new document valid, the old one handed back), documents (hand-over
 * record), and the deletion of the biometric attachments the workflow names (fingerprints,
 * PAuswG § 26): their content is gone, the row stays as evidence that they existed.
 */
export async function handOverCase(ctx: AppContext, actor: Actor, caseId: string, input: { version: number; input: Record<string, unknown> }): Promise<CaseView> {
  requirePermission(actor, 'cases.write');
  const db = ctx.database.db;
  const now = ctx.now();
  const read = await readForChange(db, actor, caseId, input.version);
  const workflow = requireWorkflow(serviceOf(read.serviceId).id);
  const state = stateOf(read);
  const handOver = workflow.handOver;
  const pre = transition(state, 'hand_over', { hasHandOver: Boolean(handOver) });
  if ('violations' in pre || !handOver) throw caseViolations('violations' in pre ? pre.violations : []);
  const facts = await factsOfCase(db, actor, read, { action: 'case.hand_over', record: true, now });
  // The data was checked at capture; the completion's data patch (order, validity) may add keys a
  // strict capture schema does not know, so the stored data is used as it is, with the schema's
  // defaults where it still parses.
  const parsed = workflow.dataSchema.safeParse(read.data);
  const data = parsed.success ? { ...read.data, ...parsed.data } : read.data;
  const result = transition(state, 'hand_over', { hasHandOver: true, violations: handOver.validate(data, input.input, facts) });
  if ('violations' in result) throw caseViolations(result.violations);
  const effects = handOver.effects(data, input.input, facts, completionContextOf(read, actor, now));

  await inTransaction(db, async (tx) => {
    const row = await lockUnchanged(tx, read);
    const who = caseActorOf(actor);
    await applyRegisterChanges(tx, { municipalityId: row.municipalityId, changes: effects.registerChanges, actor, caseNumber: row.number, now });
    const documents = await issueCaseDocuments(tx, ctx, row, effects.documents, actor, now);
    const deleted = effects.deleteAttachmentKinds.length === 0 ? [] : await tx.update(caseAttachments)
      .set({ content: null, deletedAt: now })
      .where(and(eq(caseAttachments.caseId, row.id), inArray(caseAttachments.kind, effects.deleteAttachmentKinds), isNull(caseAttachments.deletedAt)))
      .returning({ id: caseAttachments.id, kind: caseAttachments.kind });
    const merged = effects.dataPatch ? mergePatch(row.data, effects.dataPatch) : row.data;
    await saveCase(tx, row, { state: result.state, data: merged }, now);
    await appendCaseEvent(tx, row, who, now, {
      action: 'hand_over', fromState: row.state, toState: result.state,
      details: { registerChanges: effects.registerChanges.map((c) => c.kind), documents: documents.map((d) => ({ id: d.id, kind: d.kind })) },
    });
    if (deleted.length > 0) {
      await appendCaseEvent(tx, row, who, later(now), {
        action: 'delete_attachments', note: `${deleted.length} biometrische Anlage(n) gelöscht (PAuswG § 26)`,
        details: { attachments: deleted },
      });
    }
  });
  return getCase(ctx, actor, caseId, { record: false });
}
