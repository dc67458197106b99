import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { applicantViolations } from './applicant-rules.ts';
import { appendCaseEvent, caseActorOf, inTransaction, saveCase, type CaseRow } from './case-store.ts';
import type { CaseView } from './case-view.types.ts';
import { assertNoPayments, caseViolations, lockUnchanged, paidCentsOf, readForChange, requirePermission, serviceOf, stateOf } from './engine.ts';
import { getCase } from './get-case.ts';
import { mergePatch } from './merge-patch.ts';
import { transition } from './state-machine.ts';
import type { Applicant } from './workflow.ts';

export interface UpdateCaseInput {
  version: number;
  /** Deep-merged into the data; null deletes a key (see merge-patch.ts). */
  data: Record<string, unknown>;
  applicant?: Applicant;
}

/**
 * Checks that the case's input may change now (draft, or captured — which it returns to draft:
 * the capture and its fee quote no longer describe the data) and that nothing was paid yet.
 * Returns the changes that reopening implies.
 */
export async function reopenForEdit(db: Db, row: CaseRow): Promise<Pick<CaseRow, 'state' | 'fee'> | Pick<CaseRow, 'state'>> {
  const result = transition(stateOf(row), 'update');
  if ('violations' in result) throw caseViolations(result.violations);
  if (row.state === 'captured') {
    assertNoPayments(await paidCentsOf(db, row.id));
    return { state: result.state, fee: null };
  }
  return { state: result.state };
}

/** PATCH of a draft's data (and applicant). Editing captured data returns the case to draft. */
export async function updateCase(ctx: AppContext, actor: Actor, caseId: string, input: UpdateCaseInput): Promise<CaseView> {
  requirePermission(actor, 'cases.write');
  const db = ctx.database.db;
  const now = ctx.now();
  const read = await readForChange(db, actor, caseId, input.version);
  const reopen = await reopenForEdit(db, read);
  if (input.applicant) {
    const service = serviceOf(read.serviceId);
    const violations = applicantViolations({ serviceId: service.id, proxy: service.proxy, applicant: input.applicant, personId: read.personId });
    if (violations.length > 0) throw caseViolations(violations);
  }
  await inTransaction(db, async (tx) => {
    const row = await lockUnchanged(tx, read);
    const data = mergePatch(row.data, input.data);
    await saveCase(tx, row, { ...reopen, data, ...(input.applicant ? { applicant: input.applicant } : {}) }, now);
    await appendCaseEvent(tx, row, caseActorOf(actor), now, {
      action: 'update', fromState: row.state, toState: reopen.state,
      // Which parts changed, not their values: the data itself stays in the case.
      details: { fields: Object.keys(input.data), ...(input.applicant ? { applicant: input.applicant.kind } : {}) },
    });
  });
  return getCase(ctx, actor, caseId);
}
