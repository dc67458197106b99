import { and, eq, inArray } from 'drizzle-orm';
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
  /**
   * A case the kit opened offline keeps its id and the number it took from its reserved range
   * (the kit's capture event carries both); the caller has checked the number is the kit's.
   */
  preset?: { id: string; number: string };
}

/** An application in progress: a second one for the same person and service would be a duplicate (unique index service_case_open_uq). */
const inProgress = ['draft', 'captured', 'paid', 'needs_review'];

function alreadyOpen(serviceName: string, open: { id: string; number: string } | null): AppError {
  return new AppError('CASE_ALREADY_OPEN',
    `The person already has an application for "${serviceName}" in progress${open ? ` (case ${open.number})` : ''}; continue that case or cancel it first.`,
    409, open ? { caseId: open.id, number: open.number } : undefined);
}

/** Postgres unique violation (23505) of the given index, as node-postgres or PGlite report it, possibly wrapped by drizzle. */
function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const e = current as { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown };
    if (e.code === '23505' && (e.constraint === constraint || String(e.message ?? '').includes(constraint))) return true;
    current = e.cause;
  }
  return false;
}

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
      inArray(serviceCases.state, inProgress),
    ));
    if (open) throw alreadyOpen(service.name.en, open);
  }

  // Taken before the register is read, so the read is logged under the case's number. A refused
  // open leaves a gap in the numbers; numbers are never reused anyway.
  const number = input.preset?.number ?? await allocateCaseNumber(db, actor.municipalityId, now);
  const applicationDate = registerToday(now);
  const sent = input.data ?? {};
  const facts = await buildCaseFacts(db, {
    actor, municipalityId: actor.municipalityId, personId, otherPersonIds: referencedPersonIds(sent, workflow.form, input.applicant),
    applicationDate, now, attachments: [], applicant: input.applicant, purpose: number, action: 'case.open', caseId: null, record: true, hiddenAs: 'Person',
  });
  const data = mergePatch(workflow.initialData ? { ...workflow.initialData(facts) } : {}, sent);
  const who = caseActorOf(actor);

  let id: string;
  try {
    id = await inTransaction(db, async (tx) => {
      const [row] = await tx.insert(serviceCases).values({
        ...(input.preset ? { id: input.preset.id } : {}),
        municipalityId: actor.municipalityId, number, serviceId: service.id, personId, applicant: input.applicant, state: 'draft',
        data, applicationDate, createdBy: who.id, createdByName: who.name, createdAt: now, updatedAt: now,
      }).returning();
      if (!row) throw new Error('case insert returned nothing');
      await appendCaseEvent(tx, row, who, now, { action: 'create', toState: 'draft', details: { serviceId: service.id, applicant: input.applicant.kind } });
      return row.id;
    });
  } catch (error) {
    // Someone opened the same application at the same moment (the check above saw nothing yet).
    if (isUniqueViolation(error, 'service_case_open_uq')) throw alreadyOpen(service.name.en, null);
    throw error;
  }
  return getCase(ctx, actor, id, { record: false });
}
