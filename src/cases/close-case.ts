import { listCaseMessages } from '../exchange/case-messages.ts';
import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { appendCaseEvent, caseActorOf, inTransaction, saveCase } from './case-store.ts';
import type { CaseView } from './case-view.types.ts';
import { caseViolations, lockUnchanged, readForChange, requirePermission, serviceOf, stateOf } from './engine.ts';
import { getCase } from './get-case.ts';
import { transition } from './state-machine.ts';
import { workflowOf } from './workflows/index.ts';

/** completed | transmitted → closed, for services without a hand-over, once their messages are out. */
export async function closeCase(ctx: AppContext, actor: Actor, caseId: string, input: { version: number }): Promise<CaseView> {
  requirePermission(actor, 'cases.write');
  const db = ctx.database.db;
  const now = ctx.now();
  const read = await readForChange(db, actor, caseId, input.version);
  const messages = (await listCaseMessages(db, read.id)).filter((m) => m.status !== 'cancelled');
  const result = transition(stateOf(read), 'close', {
    hasHandOver: Boolean(workflowOf(serviceOf(read.serviceId).id)?.handOver),
    messageCount: messages.length,
    deliveredCount: messages.filter((m) => m.status === 'delivered').length,
  });
  if ('violations' in result) throw caseViolations(result.violations);
  await inTransaction(db, async (tx) => {
    const row = await lockUnchanged(tx, read);
    await saveCase(tx, row, { state: result.state }, now);
    await appendCaseEvent(tx, row, caseActorOf(actor), now, { action: 'close', fromState: row.state, toState: result.state });
  });
  return getCase(ctx, actor, caseId);
}
