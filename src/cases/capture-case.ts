import type { ServiceId } from '../catalogue/services.ts';
import { loadFeeTables } from '../fees/fee-tables.ts';
import { quoteFee } from '../fees/quote.ts';
import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { appendCaseEvent, caseActorOf, inTransaction, saveCase } from './case-store.ts';
import type { CaseView } from './case-view.types.ts';
import {
  caseViolations, factsOfCase, issueCaseDocuments, later, lockUnchanged, officerOf, readForChange, requirePermission, requireWorkflow, serviceOf, stateOf,
} from './engine.ts';
import { getCase } from './get-case.ts';
import { allocateSerialNumber } from './numbers.ts';
import { transition } from './state-machine.ts';
import type { Violation, Workflow } from './workflow.ts';

/** Services whose document gets a serial number from the authority's series at capture. */
export const serialNumberServices: readonly ServiceId[] = ['personalausweis', 'vorlaeufiger_personalausweis', 'reisepass', 'vorlaeufiger_reisepass'];

/**
 * Every violation of the data (the workflow's rules, then the shape of the data for fields the
 * rules did not already mention), so the officer sees all of them at once.
 */
export function captureViolations(workflow: Workflow, data: Record<string, unknown>, facts: Parameters<Workflow['validateCapture']>[1]): { violations: Violation[]; parsed: Record<string, unknown> | null } {
  const violations = workflow.validateCapture(data, facts);
  const parsed = workflow.dataSchema.safeParse(data);
  if (parsed.success) return { violations, parsed: parsed.data };
  const mentioned = new Set(violations.map((v) => v.field).filter(Boolean));
  for (const issue of parsed.error.issues) {
    const field = issue.path.map(String).join('.');
    if ([...mentioned].some((m) => m !== undefined && (field === m || field.startsWith(`${m}.`) || m.startsWith(`${field}.`)))) continue;
    mentioned.add(field);
    violations.push({
      code: 'DATA_INVALID',
      ...(field ? { field } : {}),
      message: {
        de: `Die Angabe ${field ? `„${field}“ ` : ''}fehlt oder ist ungültig (${issue.message}); bitte ergänzen oder korrigieren.`,
        en: `The entry ${field ? `"${field}" ` : ''}is missing or invalid (${issue.message}); complete or correct it.`,
      },
    });
  }
  return { violations, parsed: null };
}

/**
 * draft → captured: all rules at once (422 CASE_VIOLATIONS), then the fee is quoted and frozen,
 * ID documents get their serial number, and the capture documents (application summary, PIN
 * letter receipt) are issued. A case without a fee is paid at the same moment.
 */
export async function captureCase(ctx: AppContext, actor: Actor, caseId: string, input: { version: number }): Promise<CaseView> {
  requirePermission(actor, 'cases.write');
  const db = ctx.database.db;
  const now = ctx.now();
  const read = await readForChange(db, actor, caseId, input.version);
  const service = serviceOf(read.serviceId);
  const workflow = requireWorkflow(service.id);
  const state = stateOf(read);
  const facts = await factsOfCase(db, actor, read, { action: 'case.capture', record: true, now });
  const { violations, parsed } = state === 'draft' ? captureViolations(workflow, read.data, facts) : { violations: [], parsed: null };
  const result = transition(state, 'capture', { violations });
  if ('violations' in result) throw caseViolations(result.violations);
  if (!parsed) throw new Error('captured data did not parse');
  const fee = quoteFee(workflow.feeInput(parsed, facts), await loadFeeTables(db, read.municipalityId));

  await inTransaction(db, async (tx) => {
    const row = await lockUnchanged(tx, read);
    const who = caseActorOf(actor);
    const reservedSerialNumber = row.reservedSerialNumber
      ?? (serialNumberServices.includes(service.id) ? await allocateSerialNumber(tx, row.municipalityId, facts.municipality.authorityCode) : null);
    const free = fee.totalCents === 0;
    const saved = await saveCase(tx, row, { state: free ? 'paid' : result.state, fee, reservedSerialNumber }, now);
    await appendCaseEvent(tx, row, who, now, {
      action: 'capture', fromState: row.state, toState: result.state,
      details: { totalCents: fee.totalCents, ...(reservedSerialNumber && !row.reservedSerialNumber ? { reservedSerialNumber } : {}) },
    });
    const requests = workflow.captureDocuments?.(parsed, facts, { caseNumber: row.number, officer: officerOf(actor), fee, reservedSerialNumber }) ?? [];
    const documents = await issueCaseDocuments(tx, ctx, saved, requests, actor, now);
    if (documents.length > 0) {
      await appendCaseEvent(tx, row, who, later(now), { action: 'documents', details: { documents: documents.map((d) => ({ id: d.id, kind: d.kind })) } });
    }
    if (free) {
      await appendCaseEvent(tx, row, who, later(now, 2), {
        action: 'pay', fromState: result.state, toState: 'paid',
        note: fee.waived ? `Gebühr erlassen: ${fee.waived.reason}` : 'Gebührenfrei',
        details: { amountCents: 0, automatic: true },
      });
    }
  });
  return getCase(ctx, actor, caseId, { record: false });
}
