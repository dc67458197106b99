import type { AppContext } from '../platform/context.ts';
import { listCaseMessages } from '../exchange/case-messages.ts';
import { appendCaseEvent, inTransaction, loadCaseRow, saveCase } from './case-store.ts';
import { isCaseState, transition } from './state-machine.ts';

/**
 * Moves a completed case to "transmitted" once every outbound message of it is delivered. The
 * outbox calls it after each delivery; it is idempotent and does nothing for cases in other
 * states or with messages still on their way.
 */
export async function markCaseTransmittedIfDelivered(ctx: AppContext, municipalityId: string, caseId: string): Promise<void> {
  await inTransaction(ctx.database.db, async (tx) => {
    const row = await loadCaseRow(tx, municipalityId, caseId, { forUpdate: true });
    if (row.state !== 'completed' || !isCaseState(row.state)) return;
    const messages = await listCaseMessages(tx, caseId);
    const relevant = messages.filter((m) => m.status !== 'cancelled');
    const result = transition(row.state, 'transmit', {
      messageCount: relevant.length,
      deliveredCount: relevant.filter((m) => m.status === 'delivered').length,
    });
    if ('violations' in result) return;
    const now = ctx.now();
    await saveCase(tx, row, { state: result.state }, now);
    await appendCaseEvent(tx, row, { id: null, name: 'Postausgang' }, now, {
      action: 'transmit', fromState: row.state, toState: result.state,
      details: { messageIds: relevant.map((m) => m.id) },
    });
  });
}
