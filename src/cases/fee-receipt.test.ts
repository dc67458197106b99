import { describe, expect, it } from 'vitest';
import type { FeeQuote } from '../fees/types.ts';
import { euro, feeReceiptRequest } from './fee-receipt.ts';

const fz: FeeQuote = {
  serviceId: 'fuehrungszeugnis', applicationDate: '2026-11-05', ageAtApplication: 40,
  items: [{ code: 'fuehrungszeugnis', label: 'Führungszeugnis', amountCents: 1300, legalBasis: 'JVKostG KV 1130' }],
  totalCents: 1300, waived: null, split: { municipalityCents: 520, federalCents: 780 }, tables: [],
};

describe('euro', () => {
  it.each([[0, '0,00 €'], [5, '0,05 €'], [4600, '46,00 €'], [123456, '1.234,56 €'], [-250, '-2,50 €']])('%i → %s', (cents, text) => {
    expect(euro(cents)).toBe(text);
  });
});

describe('feeReceiptRequest', () => {
  it('lists the items, the split, this payment and what is still open', () => {
    const doc = feeReceiptRequest({
      receiptNumber: 'Q-2026-000007', caseNumber: '2026-000012', serviceName: 'Führungszeugnis beantragen', subjectName: 'Anna Kowalski',
      fee: fz, payment: { method: 'card', amountCents: 1000, cardReference: 'TRM-4711', paidAt: '2026-11-05T10:15:00.000Z' },
      paidBeforeCents: 0, place: 'Bochum', officerName: 'Test Officer',
    });
    expect(doc.kind).toBe('fee_receipt');
    expect(doc.verifiable).toBe(false);
    const text = JSON.stringify(doc);
    for (const part of ['Q-2026-000007', '2026-000012', 'JVKostG KV 1130', '13,00 €', '5,20 €', '7,80 €', 'Karte', 'TRM-4711', '10,00 €', '3,00 €', '05.11.2026, 11:15 Uhr']) {
      expect(text).toContain(part);
    }
  });

  it('prints per-unit lines with quantity and unit price', () => {
    const doc = feeReceiptRequest({
      receiptNumber: 'Q-1', caseNumber: 'C-1', serviceName: 'Kopie beglaubigen', subjectName: null,
      fee: { ...fz, items: [{ code: 'beglaubigung.page', label: 'Beglaubigung', amountCents: 1500, legalBasis: 'Satzung', quantity: 3, unitCents: 500 }], totalCents: 1500, split: null },
      payment: { method: 'cash', amountCents: 1500, cardReference: null, paidAt: '2026-11-05T10:15:00.000Z' }, paidBeforeCents: 0, place: 'Bochum', officerName: 'X',
    });
    expect(JSON.stringify(doc)).toContain('Beglaubigung (3 × 5,00 €)');
    expect(JSON.stringify(doc)).toContain('"Noch offen","value":"0,00 €"');
  });
});
