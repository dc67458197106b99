import { eq } from 'drizzle-orm';
import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { getMunicipalityProfile } from '../platform/tenancy/profile.ts';
import { appendCaseEvent, caseActorOf, inTransaction, saveCase } from './case-store.ts';
import type { CaseView } from './case-view.types.ts';
import {
  caseViolations, factsOfCase, issueCaseDocuments, lockUnchanged, paidCentsOf, readForChange, requirePermission, serviceOf, stateOf, subjectName,
} from './engine.ts';
import { feeReceiptRequest } from './fee-receipt.ts';
import { getCase } from './get-case.ts';
import { allocateReceiptNumber } from './numbers.ts';
import { payments } from './schema.ts';
import { transition } from './state-machine.ts';
import { violation } from './workflows/text.ts';
import type { Violation } from './workflow.ts';

export interface RecordPaymentInput {
  method: 'cash' | 'card';
  amountCents: number;
  /** Card payments: the terminal's reference of the transaction (never card data). */
  cardReference?: string | undefined;
  /** The version the officer saw; optional, the counter may take payment without reloading. */
  version?: number | undefined;
  /** A receipt the kit printed offline keeps the number it took from its reserved range. */
  receiptNumber?: string | undefined;
  /**
   * Card payments through the terminal: the lines of its receipt (customer/merchant slip, as the
   * terminal sent them for printing), printed on the Quittung so the citizen gets the card slip.
   */
  terminalReceiptLines?: string[] | undefined;
}

/**
 * A cash or card payment on a captured case, with its numbered receipt (fee_receipt document
 * listing the itemised fee). When the payments cover the fee, the case is paid.
 */
export async function recordPayment(ctx: AppContext, actor: Actor, caseId: string, input: RecordPaymentInput): Promise<CaseView> {
  requirePermission(actor, 'cases.write');
  const db = ctx.database.db;
  const now = ctx.now();
  const read = await readForChange(db, actor, caseId, input.version);
  const state = stateOf(read);
  const paidBefore = await paidCentsOf(db, read.id);
  const outstanding = read.fee ? Math.max(0, read.fee.totalCents - paidBefore) : 0;
  const result = transition(state, 'pay', { paymentCents: input.amountCents, outstandingCents: outstanding });
  const violations: Violation[] = 'violations' in result ? [...result.violations] : [];
  const cardReference = input.method === 'card' ? input.cardReference?.trim() ?? '' : null;
  if (cardReference === '') {
    violations.push(violation('PAYMENT_CARD_REFERENCE_MISSING', 'cardReference',
      'Bitte die Referenz des Kartenterminals (Beleg- oder Transaktionsnummer) eintragen.',
      'Enter the card terminal\'s reference (receipt or transaction number).'));
  }
  if (violations.length > 0 || 'violations' in result) throw caseViolations(violations);
  const fee = read.fee;
  if (!fee) throw new Error(`captured case ${read.number} has no fee quote`);
  const facts = await factsOfCase(db, actor, read, { action: 'case.pay', record: true, now });
  const profile = await getMunicipalityProfile(db, read.municipalityId);
  const who = caseActorOf(actor);

  await inTransaction(db, async (tx) => {
    const row = await lockUnchanged(tx, read);
    const receiptNumber = input.receiptNumber ?? await allocateReceiptNumber(tx, row.municipalityId, now);
    const [payment] = await tx.insert(payments).values({
      municipalityId: row.municipalityId, caseId: row.id, method: input.method, amountCents: input.amountCents, receiptNumber,
      cardReference, paidAt: now, recordedBy: who.id, recordedByName: who.name,
    }).returning();
    if (!payment) throw new Error('payment insert returned nothing');
    const [receipt] = await issueCaseDocuments(tx, ctx, row, [feeReceiptRequest({
      receiptNumber, caseNumber: row.number, serviceName: serviceOf(row.serviceId).name.de, subjectName: subjectName(facts), fee,
      payment: {
        method: input.method, amountCents: input.amountCents, cardReference, paidAt: now.toISOString(),
        terminalReceiptLines: input.method === 'card' ? input.terminalReceiptLines ?? [] : [],
      },
      paidBeforeCents: paidBefore, place: profile.place, officerName: who.name,
    })], actor, now);
    if (receipt) await tx.update(payments).set({ receiptDocumentId: receipt.id }).where(eq(payments.id, payment.id));
    await saveCase(tx, row, { state: result.state }, now);
    await appendCaseEvent(tx, row, who, now, {
      action: 'pay', fromState: row.state, toState: result.state,
      note: `${input.method === 'cash' ? 'bar' : 'Karte'}, Quittung ${receiptNumber}`,
      details: { paymentId: payment.id, receiptNumber, amountCents: input.amountCents, method: input.method, outstandingCents: outstanding - input.amountCents },
    });
  });
  return getCase(ctx, actor, caseId, { record: false });
}
