import { and, eq, notInArray } from 'drizzle-orm';
import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { registerToday } from '../register/dates.ts';
import { applicantViolations } from './applicant-rules.ts';
import { appendCaseEvent, caseActorOf, inTransaction } from './case-store.ts';
import type { CaseView } from './case-view.types.ts';
import { caseViolations, requirePermission, requireWorkflow, serviceOf } from './engine.ts';
import { buildCaseFacts, isUuid, referencedPersonIds } from './facts.ts';
import { getCase } from './get-case.ts';
import { mergePatch } from './merge-patch.ts';
import { allocateCaseNumber } from './numbers.ts';
import { serviceCases } from './schema.ts';
import type { Applicant } from './workflow.ts';

export interface OpenCaseInput {
  serviceId: string;
  personId: string | null;
  applicant: Applicant;
  data?: Record<string, unknown>;
}

const finished = ['handed_over', 'closed', 'cancelled'];

/**
 * Opens a draft: the service must have a workflow, the applicant must be allowed by the service's
 * proxy rule, and the person may have only one open case per service. The draft is pre-filled
 * from the register (workflow.initialData) and then with what the caller sent.
 */
export async function openCase(ctx: AppContext, actor: Actor, input: OpenCaseInput): Promise<CaseView> {
  requirePermission(actor, 'cases.write');
  const db = ctx.database.db;
  const now = ctx.now();
  const service = serviceOf(input.serviceId);
  const workflow = requireWorkflow(service.id);
  const personId = input.personId === null ? null : input.personId.toLowerCase();
  if (personId !== null && !isUuid(personId)) throw new AppError('NOT_FOUND', 'Person was not found.', 404);

  const violations = applicantViolations({ serviceId: service.id, proxy: service.proxy, applicant: input.applicant, personId });
  if (violations.length > 0) throw caseViolations(violations);

  if (personId !== null) {
    const [open] = await db.select({ number: serviceCases.number, id: serviceCases.id }).from(serviceCases).where(and(
      eq(serviceCases.municipalityId, actor.municipalityId), eq(serviceCases.personId, personId), eq(serviceCases.serviceId, service.id),
      notInArray(serviceCases.state, finished),
    ));
    if (open) {
      throw new AppError('CASE_ALREADY_OPEN',
        `The person already has an open case ${open.number} for "${service.name.en}"; continue that case or cancel it first.`, 409, { caseId: open.id, number: open.number });
    }
  }

  // Taken before the register is read, so the read is logged under the case's number. A refused
  // open leaves a gap in the numbers; numbers are never reused anyway.
  const number = await allocateCaseNumber(db, actor.municipalityId, now);
  const applicationDate = registerToday(now);
  const sent = input.data ?? {};
  const facts = await buildCaseFacts(db, {
    actor, municipalityId: actor.municipalityId, personId, otherPersonIds: referencedPersonIds(sent, workflow.form, input.applicant),
    applicationDate, now, attachments: [], applicant: input.applicant, purpose: number, action: 'case.open', caseId: null, record: true, hiddenAs: 'Person',
  });
  const data = mergePatch(workflow.initialData ? { ...workflow.initialData(facts) } : {}, sent);
  const who = caseActorOf(actor);

  const id = await inTransaction(db, async (tx) => {
    const [row] = await tx.insert(serviceCases).values({
      municipalityId: actor.municipalityId, number, serviceId: service.id, personId, applicant: input.applicant, state: 'draft',
      data, applicationDate, createdBy: who.id, createdByName: who.name, createdAt: now, updatedAt: now,
    }).returning();
    if (!row) throw new Error('case insert returned nothing');
    await appendCaseEvent(tx, row, who, now, { action: 'create', toState: 'draft', details: { serviceId: service.id, applicant: input.applicant.kind } });
    return row.id;
  });
  return getCase(ctx, actor, id, { record: false });
}
