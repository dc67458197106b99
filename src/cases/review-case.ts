import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { appendCaseEvent, caseActorOf, inTransaction, saveCase } from './case-store.ts';
import { cancelCase } from './cancel-case.ts';
import type { CaseView } from './case-view.types.ts';
import { caseViolations, lockUnchanged, readForChange, requirePermission, stateOf } from './engine.ts';
import { getCase } from './get-case.ts';
import { transition } from './state-machine.ts';

export interface ReviewCaseInput {
  version: number;
  decision: 'flag' | 'resume' | 'cancel';
  /** What needs to be reviewed (flag), what was decided (resume), why (cancel). */
  note: string;
}

/**
 * The clerk's decisions on the review queue: put a case into review (it stops where it is),
 * resume it where it stopped, or cancel it. Every decision is in the history with its note.
 */
export async function reviewCase(ctx: AppContext, actor: Actor, caseId: string, input: ReviewCaseInput): Promise<CaseView> {
  requirePermission(actor, 'cases.review');
  if (input.decision === 'cancel') return cancelCase(ctx, actor, caseId, { version: input.version, reason: input.note }, 'cases.review');
  const db = ctx.database.db;
  const now = ctx.now();
  const read = await readForChange(db, actor, caseId, input.version);
  const note = input.note.trim();
  const state = stateOf(read);
  const result = input.decision === 'flag'
    ? transition(state, 'flag', { reason: note })
    : transition(state, 'resume', { stateBeforeReview: read.stateBeforeReview });
  if ('violations' in result) throw caseViolations(result.violations);
  await inTransaction(db, async (tx) => {
    const row = await lockUnchanged(tx, read);
    const changes = input.decision === 'flag'
      ? { state: result.state, stateBeforeReview: row.state, reviewReason: note }
      : { state: result.state, stateBeforeReview: null, reviewReason: null };
    await saveCase(tx, row, changes, now);
    await appendCaseEvent(tx, row, caseActorOf(actor), now, { action: input.decision, fromState: row.state, toState: result.state, note: note || null });
  });
  return getCase(ctx, actor, caseId);
}
