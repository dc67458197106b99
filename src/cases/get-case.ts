import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import type { CaseView } from './case-view.types.ts';
import { loadCaseRow } from './case-store.ts';
import { factsOfCase } from './engine.ts';
import { presentCase } from './present-case.ts';

/**
 * One case with everything the counter needs. Reading it reads the register (the facts the rules
 * see), so it is logged with the case number as purpose; a case of a person under a block the
 * officer may not see answers 404, like an unknown case. `record: false` is for the view a change
 * answers with: that request's own log entry already covers the read.
 */
export async function getCase(ctx: AppContext, actor: Actor, caseId: string, options: { record?: boolean } = {}): Promise<CaseView> {
  const db = ctx.database.db;
  const row = await loadCaseRow(db, actor.municipalityId, caseId);
  const facts = await factsOfCase(db, actor, row, { action: 'case.read', record: options.record ?? true, now: ctx.now() });
  return presentCase(ctx, db, actor, row, facts);
}
