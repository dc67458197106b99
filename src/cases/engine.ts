/**
 * What every case use case shares: the workflow lookup, the facts of a stored case, the 422 of
 * rule violations, the officer named in history and documents, and the optimistic-version
 * pattern (read and check outside the transaction, lock and re-check inside).
 */
import { eq, sum } from 'drizzle-orm';
import { isServiceId, services, type ServiceDefinition, type ServiceId } from '../catalogue/services.ts';
import { issueDocuments, type IssuedDocumentSummary } from '../documents/issue-documents.ts';
import { actorCan, type Actor } from '../identity/principal.ts';
import type { Permission } from '../identity/policies.ts';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError, forbidden } from '../platform/errors.ts';
import { caseActorOf, loadCaseRow, versionConflict, type CaseRow } from './case-store.ts';
import { attachmentFactsOf, buildCaseFacts, referencedPersonIds } from './facts.ts';
import { payments } from './schema.ts';
import { isCaseState, type CaseState } from './state-machine.ts';
import { workflowOf } from './workflows/index.ts';
import type { CaseFacts, CompletionContext, DocumentRequest, Violation, Workflow } from './workflow.ts';

export function serviceOf(serviceId: string): ServiceDefinition {
  if (!isServiceId(serviceId)) throw new AppError('SERVICE_UNKNOWN', `There is no service "${serviceId}"; pick one from GET /api/catalogue/services.`, 422);
  return services[serviceId];
}

export function requireWorkflow(serviceId: ServiceId): Workflow {
  const workflow = workflowOf(serviceId);
  if (!workflow) {
    throw new AppError('SERVICE_NOT_AVAILABLE',
      `The service "${services[serviceId].name.en}" cannot be run yet: no workflow is installed for it. Choose another service or ask the administrator.`, 422);
  }
  return workflow;
}

/** Every violation at once, as the one error the office UI shows field by field. */
export function caseViolations(violations: Violation[]): AppError {
  const list = violations.map((v) => v.message.en).join(' ');
  return new AppError('CASE_VIOLATIONS', `The case cannot take this step yet (${violations.length} problem${violations.length === 1 ? '' : 's'}): ${list}`, 422, { violations });
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!actorCan(actor, permission)) throw forbidden(`Your role does not allow this (needs permission ${permission}).`);
}

export function stateOf(row: CaseRow): CaseState {
  if (!isCaseState(row.state)) throw new Error(`case ${row.id} has the unknown state ${row.state}`);
  return row.state;
}

export async function factsOfCase(db: Db, actor: Actor, row: CaseRow, options: { action: string; record: boolean; now: Date }): Promise<CaseFacts> {
  const workflow = workflowOf(row.serviceId as ServiceId);
  const attachments = await attachmentFactsOf(db, row.id);
  return buildCaseFacts(db, {
    actor,
    municipalityId: row.municipalityId,
    personId: row.personId,
    otherPersonIds: referencedPersonIds(row.data, workflow?.form ?? [], row.applicant),
    applicationDate: row.applicationDate,
    now: options.now,
    attachments,
    applicant: row.applicant,
    purpose: row.number,
    action: options.action,
    caseId: row.id,
    record: options.record,
    hiddenAs: 'Case',
  });
}

/**
 * The case as the writer read it (no lock), checked against the version they sent. The
 * transaction later locks it and calls `recheck`: a change in between is a conflict.
 */
export async function readForChange(db: Db, actor: Actor, caseId: string, version: number | undefined): Promise<CaseRow> {
  const row = await loadCaseRow(db, actor.municipalityId, caseId);
  if (version !== undefined && row.version !== version) throw versionConflict();
  return row;
}

export async function lockUnchanged(tx: Db, read: CaseRow): Promise<CaseRow> {
  const row = await loadCaseRow(tx, read.municipalityId, read.id, { forUpdate: true });
  if (row.version !== read.version) throw versionConflict();
  return row;
}

export async function paidCentsOf(db: Db, caseId: string): Promise<number> {
  const [row] = await db.select({ total: sum(payments.amountCents) }).from(payments).where(eq(payments.caseId, caseId));
  return Number(row?.total ?? 0);
}

export function officerOf(actor: Actor): { id: string; name: string } {
  const who = caseActorOf(actor);
  return { id: who.id ?? 'system', name: who.name };
}

export function subjectName(facts: CaseFacts): string | null {
  const person = facts.subject;
  if (!person) return null;
  return [person.doctoralDegree, ...person.givenNames, person.familyName].filter(Boolean).join(' ');
}

export function completionContextOf(row: CaseRow, actor: Actor, at: Date): CompletionContext {
  if (!row.fee) throw new Error(`case ${row.number} has no frozen fee quote`);
  return { caseNumber: row.number, completedAt: at.toISOString(), officer: officerOf(actor), fee: row.fee, reservedSerialNumber: row.reservedSerialNumber };
}

/** Issues a case's documents through the documents area; nothing to do for none. */
export async function issueCaseDocuments(
  tx: Db, ctx: AppContext, row: CaseRow, requests: DocumentRequest[], actor: Actor, at: Date, personId = row.personId,
): Promise<IssuedDocumentSummary[]> {
  if (requests.length === 0) return [];
  const who = caseActorOf(actor);
  return issueDocuments(tx, ctx, { municipalityId: row.municipalityId, caseId: row.id, personId, requests, issuedBy: { id: who.id, name: who.name }, at });
}

/** One millisecond after `at`: history entries of one request keep their order when sorted by time. */
export function later(at: Date, steps = 1): Date {
  return new Date(at.getTime() + steps);
}

/** Data may be edited only before anything was paid: a receipt names the fee that was quoted. */
export function assertNoPayments(paidCents: number): void {
  if (paidCents > 0) {
    throw new AppError('CASE_HAS_PAYMENTS',
      'Payments are recorded on this case, so its captured data can no longer change. Put the case into review, or cancel it (and refund) and open a new one.', 409);
  }
}
