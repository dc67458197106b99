import { z } from 'zod';
import type { PaymentResult, PaymentStatus } from '../devices/types.ts';
import type { Principal } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { cardPaymentInput } from './card-payment.ts';
import type { CaseView } from './case-view.types.ts';
import { caseCommandsOf } from './commands.ts';
import { caseViolations, paidCentsOf, readForChange, requirePermission, stateOf } from './engine.ts';
import { devicesOf } from './run-device-action.ts';
import { transition } from './state-machine.ts';

/** What the terminal reported, for the officer's display and the slip; no card data beyond brand and masked PAN. */
export const cardPaymentReceiptSchema = z.object({
  outcome: z.enum(['approved', 'declined', 'aborted', 'unknown']),
  amountCents: z.number().int(),
  message: z.string(),
  messageEn: z.string(),
  receiptNumber: z.string().nullable(),
  traceNumber: z.string().nullable(),
  terminalId: z.string().nullable(),
  cardBrand: z.string().nullable(),
  maskedPan: z.string().nullable(),
  receiptLines: z.array(z.string()),
  statuses: z.array(z.object({ code: z.number().int(), text: z.string(), textEn: z.string(), at: z.string() })),
});
export type CardPaymentReceipt = z.infer<typeof cardPaymentReceiptSchema>;

export interface PayByCardResult {
  case: CaseView;
  payment: CardPaymentReceipt;
}

/** The card payments running now, per context and case: what the terminal shows at the moment (null before its first status). */
const running = new WeakMap<AppContext, Map<string, PaymentStatus | null>>();
const runningOf = (ctx: AppContext) => {
  let map = running.get(ctx);
  if (!map) {
    map = new Map();
    running.set(ctx, map);
  }
  return map;
};
const runKey = (actor: Principal, caseId: string) => `${actor.municipalityId}:${caseId.toLowerCase()}`;

export const cardPaymentStatusSchema = z.object({
  running: z.boolean(),
  status: z.object({ code: z.number().int(), text: z.string(), textEn: z.string(), at: z.string() }).nullable(),
});
export type CardPaymentStatus = z.infer<typeof cardPaymentStatusSchema>;

/** What the terminal shows for the case's running card payment (insert card, PIN, host), for the officer's display while pay runs. */
export function cardPaymentStatus(ctx: AppContext, actor: Principal, caseId: string): CardPaymentStatus {
  requirePermission(actor, 'cases.write');
  const map = runningOf(ctx);
  const key = runKey(actor, caseId);
  return { running: map.has(key), status: map.get(key) ?? null };
}

/**
 * Asks the terminal to abort the case's running card payment (the citizen changed their mind);
 * the terminal decides, and the payment's own answer says what happened. False when none runs.
 */
export async function abortCardPayment(ctx: AppContext, actor: Principal, caseId: string): Promise<{ requested: boolean }> {
  requirePermission(actor, 'cases.write');
  if (!runningOf(ctx).has(runKey(actor, caseId))) return { requested: false };
  await devicesOf(ctx).payment.abort();
  return { requested: true };
}

export function receiptOf(result: PaymentResult): CardPaymentReceipt {
  return {
    outcome: result.outcome, amountCents: result.amountCents, message: result.message, messageEn: result.messageEn,
    receiptNumber: result.receiptNumber ?? null, traceNumber: result.traceNumber ?? null, terminalId: result.terminalId ?? null,
    cardBrand: result.cardBrand ?? null, maskedPan: result.maskedPan ?? null, receiptLines: result.receiptLines, statuses: result.statuses,
  };
}

/**
 * Card payment at the bedside: charges what is outstanding on the case through the card terminal
 * (devicesOf(ctx).payment, the case number as reference) and records only an approval, through
 * the case commands (on the kit the capture recorder, so it travels to the Rathaus as a case.paid
 * event) with the terminal's receipt number as cardReference.
 *
 * The terminal runs outside any transaction. Before it runs, the case must be able to take the
 * payment (else nothing is charged). Declined or aborted: PAYMENT_NOT_APPROVED, nothing recorded.
 * Unknown (link lost mid-payment): PAYMENT_RESULT_UNKNOWN, nothing recorded — the officer checks
 * the terminal's last receipt and records it by hand with its number. Every error carries the
 * terminal's text (de/en) and receipt lines in `details`.
 */
export async function payByCard(
  ctx: AppContext, actor: Principal, caseId: string, input: { version?: number | undefined; onStatus?: (status: PaymentStatus) => void } = {},
): Promise<PayByCardResult> {
  requirePermission(actor, 'cases.write');
  const db = ctx.database.db;
  const read = await readForChange(db, actor, caseId, input.version);
  const outstanding = read.fee ? Math.max(0, read.fee.totalCents - await paidCentsOf(db, read.id)) : 0;
  const check = transition(stateOf(read), 'pay', { paymentCents: outstanding, outstandingCents: outstanding });
  if ('violations' in check) throw caseViolations(check.violations);

  const runs = runningOf(ctx);
  const key = runKey(actor, caseId);
  if (runs.has(key)) {
    throw new AppError('PAYMENT_RUNNING', 'Für diesen Vorgang läuft schon eine Kartenzahlung am Terminal. Bitte deren Ergebnis abwarten.', 409);
  }
  runs.set(key, null);
  let result: PaymentResult;
  try {
    result = await devicesOf(ctx).payment.pay({
      amountCents: outstanding, reference: read.number,
      onStatus: (status) => {
        runs.set(key, status);
        input.onStatus?.(status);
      },
    });
  } finally {
    runs.delete(key);
  }
  const payment = receiptOf(result);
  if (result.outcome === 'unknown') {
    throw new AppError('PAYMENT_RESULT_UNKNOWN',
      `${result.message} Nichts eingetragen. Bitte den letzten Beleg am Terminal prüfen (Belegwiederholung): zeigt er die Zahlung, `
      + 'die Kartenzahlung von Hand mit der Belegnummer eintragen; sonst erneut zahlen.', 409,
      {
        ...terminalDetails(payment),
        messageDe: 'Ergebnis unbekannt – nichts eingetragen. Letzten Beleg am Terminal prüfen; zeigt er die Zahlung, Kartenzahlung von Hand mit der Belegnummer eintragen, sonst erneut zahlen.',
        messageEn: 'Result unknown – nothing recorded. Check the terminal\'s last receipt; if it shows the payment, record the card payment by hand with its receipt number, otherwise pay again.',
      });
  }
  if (result.outcome !== 'approved') {
    throw new AppError('PAYMENT_NOT_APPROVED', `${result.message} Nichts eingetragen.`, 409, {
      ...terminalDetails(payment), messageDe: `${result.message} Nichts eingetragen.`, messageEn: `${result.messageEn} Nothing recorded.`,
    });
  }
  // The money is taken: record it whatever else changed on the case meanwhile (no version check).
  // The terminal's slip goes onto the Quittung (the kit has no slip printer of its own).
  const record = { ...cardPaymentInput(result), terminalReceiptLines: result.receiptLines };
  try {
    const view = await caseCommandsOf(ctx).pay(actor, caseId, record);
    return { case: view, payment };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ctx.logger.error({ caseNumber: read.number, receiptNumber: record.cardReference, reason }, 'card payment approved by the terminal but not recorded');
    throw new AppError('PAYMENT_NOT_RECORDED',
      `Das Terminal hat ${euro(result.amountCents)} genehmigt (Beleg ${record.cardReference ?? '?'}), die Zahlung ließ sich aber nicht eintragen: ${reason} `
      + 'Die Zahlung von Hand mit dieser Belegnummer eintragen oder am Terminal stornieren.', 409,
      {
        ...terminalDetails(payment),
        messageDe: `Genehmigt (Beleg ${record.cardReference ?? '?'}), aber nicht eingetragen. Von Hand mit der Belegnummer eintragen oder am Terminal stornieren.`,
        messageEn: `Approved (receipt ${record.cardReference ?? '?'}) but not recorded. Record it by hand with the receipt number or reverse it at the terminal.`,
      });
  }
}

function terminalDetails(payment: CardPaymentReceipt): Record<string, unknown> {
  return {
    outcome: payment.outcome, amountCents: payment.amountCents, terminalMessage: payment.message, terminalMessageEn: payment.messageEn,
    receiptNumber: payment.receiptNumber, traceNumber: payment.traceNumber, receiptLines: payment.receiptLines,
  };
}

const euro = (cents: number) => `${(cents / 100).toFixed(2).replace('.', ',')} €`;
