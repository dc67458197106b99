import { describe, expect, it } from 'vitest';
import type { PaymentResult } from '../devices/types.ts';
import { cardPaymentInput, cashPaymentInput } from './card-payment.ts';

function aPaymentResult(overrides: Partial<PaymentResult> = {}): PaymentResult {
  return {
    outcome: 'approved', amountCents: 5200, reference: 'BK-2026-000123', message: 'Zahlung erfolgreich', messageEn: 'Payment successful',
    receiptNumber: '0231', traceNumber: '000975', terminalId: '52523535', receiptLines: [], statuses: [],
    startedAt: '2026-12-03T10:00:00.000Z', completedAt: '2026-12-03T10:00:30.000Z', ...overrides,
  };
}

describe('cardPaymentInput', () => {
  it('records an approved payment with the terminal\'s receipt number as card reference', () => {
    expect(cardPaymentInput(aPaymentResult(), 4)).toEqual({ method: 'card', amountCents: 5200, cardReference: '0231', version: 4 });
  });

  it('falls back to the trace number when the terminal sent no receipt number', () => {
    expect(cardPaymentInput(aPaymentResult({ receiptNumber: undefined })).cardReference).toBe('000975');
  });

  it.each([
    ['declined', 'PAYMENT_NOT_APPROVED'],
    ['aborted', 'PAYMENT_NOT_APPROVED'],
    ['unknown', 'PAYMENT_RESULT_UNKNOWN'],
  ] as const)('records nothing for %s', (outcome, code) => {
    expect(() => cardPaymentInput(aPaymentResult({ outcome, message: 'Ergebnis unbekannt.' }))).toThrow(expect.objectContaining({ code }));
  });

  it('asks for the receipt number by hand when an approval carries none', () => {
    expect(() => cardPaymentInput(aPaymentResult({ receiptNumber: undefined, traceNumber: undefined }))).toThrow(expect.objectContaining({ code: 'PAYMENT_CARD_REFERENCE_MISSING' }));
  });
});

describe('cashPaymentInput', () => {
  it('is a cash payment without card reference', () => {
    expect(cashPaymentInput(1300)).toEqual({ method: 'cash', amountCents: 1300 });
  });
});
