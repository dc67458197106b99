import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { appendCaseEvent, caseActorOf, inTransaction, saveCase } from './case-store.ts';
import type { CaseView } from './case-view.types.ts';
import { caseViolations, lockUnchanged, paidCentsOf, readForChange, requirePermission, stateOf } from './engine.ts';
import { getCase } from './get-case.ts';
import { transition } from './state-machine.ts';

/**
 * Cancels a case before anything irreversible happened (register, documents of completion,
 * messages), with the reason in the history. Its numbers (case, serial) stay used. Payments stay
 * recorded; the history says what is to be refunded.
 */
export async function cancelCase(ctx: AppContext, actor: Actor, caseId: string, input: { version: number; reason: string }, permission: 'cases.write' | 'cases.review' = 'cases.write'): Promise<CaseView> {
  requirePermission(actor, permission);
  const db = ctx.database.db;
  const now = ctx.now();
  const read = await readForChange(db, actor, caseId, input.version);
  const reason = input.reason.trim();
  const result = transition(stateOf(read), 'cancel', { reason });
  if ('violations' in result) throw caseViolations(result.violations);
  const paid = await paidCentsOf(db, read.id);
  await inTransaction(db, async (tx) => {
    const row = await lockUnchanged(tx, read);
    await saveCase(tx, row, { state: result.state, stateBeforeReview: null }, now);
    await appendCaseEvent(tx, row, caseActorOf(actor), now, {
      action: 'cancel', fromState: row.state, toState: result.state, note: reason,
      details: paid > 0 ? { refundCents: paid } : {},
    });
  });
  return getCase(ctx, actor, caseId);
}
