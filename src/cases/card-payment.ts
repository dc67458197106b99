import type { PaymentResult } from '../devices/types.ts';
import { AppError } from '../platform/errors.ts';
import type { RecordPaymentInput } from './record-payment.ts';

/**
 * From the card terminal's answer to recordPayment's input: a card payment in the kit calls the
 * terminal first and records only what it approved, with the terminal's receipt number
 * (Belegnummer) as cardReference — the number on the slip the officer and the citizen hold.
 * Anything but an approval records nothing and says why.
 */
export function cardPaymentInput(result: PaymentResult, version?: number): RecordPaymentInput {
  if (result.outcome === 'unknown') {
    throw new AppError('PAYMENT_RESULT_UNKNOWN',
      `${result.message} Erst eintragen, wenn der Beleg die Zahlung zeigt (Belegnummer dann von Hand eintragen).`, 409, { reference: result.reference });
  }
  if (result.outcome !== 'approved') {
    throw new AppError('PAYMENT_NOT_APPROVED', `${result.message} Nichts eingetragen.`, 409, { reference: result.reference, outcome: result.outcome });
  }
  const cardReference = result.receiptNumber ?? result.traceNumber;
  if (!cardReference) {
    throw new AppError('PAYMENT_CARD_REFERENCE_MISSING',
      'Das Terminal hat die Zahlung genehmigt, aber keine Belegnummer gemeldet. Bitte die Belegnummer vom Terminalbeleg von Hand eintragen.', 409,
      { reference: result.reference });
  }
  return { method: 'card', amountCents: result.amountCents, cardReference, ...(version !== undefined ? { version } : {}) };
}

/** Cash: no terminal, the officer counts. */
export function cashPaymentInput(amountCents: number, version?: number): RecordPaymentInput {
  return { method: 'cash', amountCents, ...(version !== undefined ? { version } : {}) };
}
