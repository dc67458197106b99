/**
 * The case as the office UI sees it (CaseView): data, what the rules say now, the fee, payments,
 * documents, messages, attachments, history and what the officer may do next.
 */
import { asc, eq } from 'drizzle-orm';
import type { ServiceId } from '../catalogue/services.ts';
import { listCaseDocuments } from '../documents/issue-documents.ts';
import { listCaseMessages } from '../exchange/case-messages.ts';
import { loadFeeTables } from '../fees/fee-tables.ts';
import { quoteFee } from '../fees/quote.ts';
import type { FeeQuote } from '../fees/types.ts';
import { actorCan, type Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import type { CaseRow } from './case-store.ts';
import type { CaseSummary, CaseView } from './case-view.types.ts';
import { paidCentsOf, serviceOf, stateOf } from './engine.ts';
import { caseAttachments, caseEvents, payments } from './schema.ts';
import { allowedActions, type CaseState, type UiAction } from './state-machine.ts';
import { workflowOf } from './workflows/index.ts';
import type { CaseFacts, Notice, PersonFacts, Violation } from './workflow.ts';

/** States in which the capture rules still matter (before and just after capture, or in review). */
const ruleStates: readonly CaseState[] = ['draft', 'captured', 'needs_review'];
const noticeStates: readonly CaseState[] = ['draft', 'captured', 'paid', 'needs_review'];

export async function presentCase(ctx: AppContext, db: Db, actor: Actor, row: CaseRow, facts: CaseFacts): Promise<CaseView> {
  const state = stateOf(row);
  const service = serviceOf(row.serviceId);
  const workflow = workflowOf(service.id);
  const data = row.data;

  let violations: Violation[] = [];
  let notices: Notice[] = [];
  if (workflow && ruleStates.includes(state)) violations = workflow.validateCapture(data, facts);
  if (workflow?.notices && noticeStates.includes(state)) notices = workflow.notices(data, facts);

  const fee = row.fee ?? (state === 'draft' && workflow ? await liveQuote(ctx, db, row, facts) : null);
  const paidCents = await paidCentsOf(db, row.id);
  const [paymentRows, documents, messages, attachmentRows, events] = [
    await db.select().from(payments).where(eq(payments.caseId, row.id)).orderBy(asc(payments.paidAt)),
    await listCaseDocuments(db, row.municipalityId, row.id),
    await listCaseMessages(db, row.id),
    await db.select({ id: caseAttachments.id, kind: caseAttachments.kind, mediaType: caseAttachments.mediaType, deletedAt: caseAttachments.deletedAt, createdAt: caseAttachments.createdAt })
      .from(caseAttachments).where(eq(caseAttachments.caseId, row.id)).orderBy(asc(caseAttachments.createdAt)),
    await db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id)).orderBy(asc(caseEvents.at)),
  ];
  const relevant = messages.filter((m) => m.status !== 'cancelled');
  const actions = allowedActions(state, {
    hasHandOver: Boolean(workflow?.handOver),
    messageCount: relevant.length,
    deliveredCount: relevant.filter((m) => m.status === 'delivered').length,
  }).filter((action) => mayOffer(actor, action));

  return {
    id: row.id,
    number: row.number,
    serviceId: row.serviceId,
    serviceName: service.name,
    state,
    stateBeforeReview: row.stateBeforeReview,
    person: facts.subject ? casePerson(facts.subject) : null,
    applicant: row.applicant,
    data,
    violations,
    notices,
    fee,
    paidCents,
    outstandingCents: fee ? Math.max(0, fee.totalCents - paidCents) : 0,
    payments: paymentRows.map((p) => ({
      id: p.id, method: p.method === 'card' ? 'card' as const : 'cash' as const, amountCents: p.amountCents, receiptNumber: p.receiptNumber,
      paidAt: p.paidAt.toISOString(), recordedBy: p.recordedByName, cardReference: p.cardReference,
    })),
    documents,
    messages: messages.map((m) => ({
      id: m.id, kind: m.kind, status: m.status, recipientName: m.recipientName, dueBy: m.dueBy, attempts: m.attempts, lastError: m.lastError,
    })),
    attachments: attachmentRows.map((a) => ({ id: a.id, kind: a.kind, mediaType: a.mediaType, deleted: a.deletedAt !== null, createdAt: a.createdAt.toISOString() })),
    history: events.map((e) => ({ at: e.at.toISOString(), actor: e.actorName, action: e.action, fromState: e.fromState, toState: e.toState, note: e.note })),
    allowedActions: actions,
    reviewReason: row.reviewReason,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function mayOffer(actor: Actor, action: UiAction): boolean {
  return action === 'review' ? actorCan(actor, 'cases.review') : actorCan(actor, 'cases.write');
}

/** While a draft changes, the fee follows it; a quote that cannot be made yet (incomplete data) is simply not shown. */
async function liveQuote(ctx: AppContext, db: Db, row: CaseRow, facts: CaseFacts): Promise<FeeQuote | null> {
  const workflow = workflowOf(row.serviceId as ServiceId);
  if (!workflow) return null;
  try {
    return quoteFee(workflow.feeInput(row.data, facts), await loadFeeTables(db, row.municipalityId));
  } catch (error) {
    ctx.logger.debug({ err: error, caseId: row.id }, 'no live fee quote for the draft');
    return null;
  }
}

export function casePerson(person: Pick<PersonFacts, 'id' | 'familyName' | 'givenNames' | 'birthDate'>): CaseView['person'] {
  return { id: person.id, familyName: person.familyName, givenNames: person.givenNames, birthDate: person.birthDate };
}

export function caseSummary(row: CaseRow, person: CaseSummary['person'], reviewReason?: string | null): CaseSummary {
  return {
    id: row.id,
    number: row.number,
    serviceId: row.serviceId,
    serviceName: serviceOf(row.serviceId).name,
    state: stateOf(row),
    person,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...(reviewReason !== undefined ? { reviewReason } : {}),
  };
}
