/**
 * The kinds of capture events the Rathaus knows, each applied by the same use cases as at the
 * counter. A kind the Rathaus does not know goes to review (KIND_UNKNOWN), never dropped.
 */
import type { AppContext } from '../platform/context.ts';
import type { DbIngestTx } from './db-stores.ts';
import type { EventHandlers } from './ingest.ts';

export function kitEventHandlers(_ctx: AppContext): EventHandlers<DbIngestTx> {
  return {};
}
