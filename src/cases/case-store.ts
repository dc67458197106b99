/**
 * Persistence of cases: load, lock, save with the optimistic version check, append history.
 * Only queries; the rules live in the state machine and the use cases.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../identity/principal.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { caseEvents, serviceCases } from './schema.ts';

export type CaseRow = typeof serviceCases.$inferSelect;

/** Who is named in a case's history. */
export interface CaseActor {
  id: string | null;
  name: string;
}

export function caseActorOf(actor: Actor): CaseActor {
  return 'kind' in actor ? { id: null, name: actor.name } : { id: actor.userId, name: actor.displayName || actor.username };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The case row, or 404. `forUpdate` locks it until the end of the transaction. */
export async function loadCaseRow(db: Db, municipalityId: string, caseId: string, options: { forUpdate?: boolean } = {}): Promise<CaseRow> {
  if (!uuidPattern.test(caseId)) throw notFound('Case');
  const query = db.select().from(serviceCases).where(and(eq(serviceCases.id, caseId), eq(serviceCases.municipalityId, municipalityId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Case');
  return row;
}

export function versionConflict(): AppError {
  return new AppError('CASE_VERSION_CONFLICT',
    'Someone else changed this case in the meantime. Reload it and make your change again.', 409);
}

/** Checks the version the writer read; call after loading the row for update. */
export function assertVersion(row: CaseRow, version: number | undefined): void {
  if (version !== undefined && row.version !== version) throw versionConflict();
}

/** Saves changes and bumps the version; fails with 409 if the row changed since it was read. */
export async function saveCase(db: Db, row: CaseRow, changes: Partial<Omit<CaseRow, 'id' | 'municipalityId' | 'version'>>, at: Date): Promise<CaseRow> {
  const [saved] = await db.update(serviceCases)
    .set({ ...changes, version: sql`${serviceCases.version} + 1`, updatedAt: at })
    .where(and(eq(serviceCases.id, row.id), eq(serviceCases.version, row.version)))
    .returning();
  if (!saved) throw versionConflict();
  return saved;
}

export interface CaseEventInput {
  action: string;
  fromState?: string | null;
  toState?: string | null;
  note?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Appends to the history. Entries are read back in time order, so each one is stamped at least a
 * millisecond after the case's previous entry: several entries of one request, or server
 * instances whose clocks differ slightly, still read back in the order they happened (the case
 * row is locked by the writer, so entries of one case are appended one at a time).
 */
export async function appendCaseEvent(db: Db, row: Pick<CaseRow, 'id' | 'municipalityId'>, actor: CaseActor, at: Date, event: CaseEventInput): Promise<void> {
  const [last] = await db.select({ at: sql<string | null>`max(${caseEvents.at})` }).from(caseEvents).where(eq(caseEvents.caseId, row.id));
  const previous = last?.at ? new Date(last.at).getTime() : Number.NEGATIVE_INFINITY;
  const stamped = at.getTime() > previous ? at : new Date(previous + 1);
  await db.insert(caseEvents).values({
    municipalityId: row.municipalityId,
    caseId: row.id,
    at: stamped,
    actorId: actor.id,
    actorName: actor.name,
    action: event.action,
    fromState: event.fromState ?? null,
    toState: event.toState ?? null,
    note: event.note ?? null,
    details: event.details ?? {},
  });
}

/** Runs `work` in a transaction, typed as a Db so use cases and ports take either. */
export async function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => work(tx as unknown as Db));
}
