/** Loading and locking visit requests for the use cases of this area. */
import { and, eq } from 'drizzle-orm';
import { actorCan, type Actor } from '../identity/principal.ts';
import type { Permission } from '../identity/policies.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError, forbidden, notFound } from '../platform/errors.ts';
import { visitRequests } from './schema.ts';

export const requestStatuses = ['draft', 'open', 'eligible', 'denied', 'planned', 'confirmed', 'done', 'cancelled', 'merged'] as const;
export type RequestStatus = (typeof requestStatuses)[number];
/** Requests still being worked on: a new request for the same person is a duplicate of one of these. */
export const activeStatuses: readonly RequestStatus[] = ['draft', 'open', 'eligible', 'planned', 'confirmed'];
export const requestChannels = ['phone', 'email', 'web'] as const;

export type VisitRequestRow = typeof visitRequests.$inferSelect;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => uuidPattern.test(value);

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!actorCan(actor, permission)) throw forbidden(`Your role does not allow this (needs permission ${permission}).`);
}

/** The request in the actor's municipality (locked for the transaction when `lock`), or 404. */
export async function loadRequest(db: Db, municipalityId: string, requestId: string, lock = false): Promise<VisitRequestRow> {
  if (!isUuid(requestId)) throw notFound('The visit request');
  const query = db.select().from(visitRequests)
    .where(and(eq(visitRequests.id, requestId), eq(visitRequests.municipalityId, municipalityId))).limit(1);
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('The visit request');
  return row;
}

/** A change based on an older version would overwrite someone else's edit. */
export function assertVersion(row: VisitRequestRow, version: number | undefined): void {
  if (version !== undefined && version !== row.version) {
    throw new AppError('REQUEST_VERSION_CONFLICT',
      `The request ${row.reference} was changed by someone else (version ${row.version}, yours ${version}). Reload it and make your change again.`,
      409, { currentVersion: row.version });
  }
}

/** Runs `work` in a transaction (nested as a savepoint when `db` already is one). */
export function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx as unknown as Db));
}
