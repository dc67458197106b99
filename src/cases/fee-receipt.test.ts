import { describe, expect, it } from 'vitest';
import { renderDocumentPdf } from '../documents/render-pdf.ts';
import { poppler, testProfile } from '../documents/testing.ts';
import type { FeeQuote } from '../fees/types.ts';
import { euro, feeReceiptRequest, terminalSlipBlocks, type FeeReceiptInput } from './fee-receipt.ts';

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

describe('the terminal slip on the Quittung', () => {
  const slip = ['Stadt Bochum', 'Kartenzahlung', 'girocard', '', 'Terminal-ID 29001234', 'TA-Nr. 000042', 'Karte ############8074', 'Betrag EUR 13,00', '',
    'Beleg-Nr. 0007', 'Zahlung erfolgt', 'Bitte Beleg aufbewahren'];
  const input = (payment: Partial<FeeReceiptInput['payment']>): FeeReceiptInput => ({
    receiptNumber: 'Q-2026-000008', caseNumber: '2026-000013', serviceName: 'Führungszeugnis beantragen', subjectName: 'Anna Kowalski', fee: fz,
    payment: { method: 'card', amountCents: 1300, cardReference: '0007', paidAt: '2026-11-05T10:15:00.000Z', ...payment },
    paidBeforeCents: 0, place: 'Bochum', officerName: 'Test Officer',
  });
  const pdfText = async (doc: ReturnType<typeof feeReceiptRequest>) => poppler('pdftotext', await renderDocumentPdf(doc, {
    profile: testProfile(), issuedAt: new Date('2026-11-05T10:15:00Z'), verification: null, pages: [],
  })).normalize('NFC');

  it('prints the terminal\'s lines as their own section, block by block, in the rendered PDF', async () => {
    const doc = feeReceiptRequest(input({ terminalReceiptLines: slip }));
    const section = doc.sections.at(-1)!;
    expect(section.heading).toBe('Kartenzahlung – Terminalbeleg');
    expect(section.paragraphs).toEqual([
      'Stadt Bochum\nKartenzahlung\ngirocard', 'Terminal-ID 29001234\nTA-Nr. 000042\nKarte ############8074\nBetrag EUR 13,00',
      'Beleg-Nr. 0007\nZahlung erfolgt\nBitte Beleg aufbewahren',
    ]);
    const text = await pdfText(doc);
    expect(text).toContain('Kartenzahlung – Terminalbeleg');
    const lines = text.split('\n').map((line) => line.trim());
    for (const line of slip.filter((l) => l !== '')) expect(lines).toContain(line);
    // The slip comes after the Quittung's own payment block.
    expect(text.indexOf('Terminalbeleg')).toBeGreaterThan(text.indexOf('Noch offen'));
  });

  it('has no slip section for cash, nor for a card payment entered by hand', async () => {
    for (const doc of [feeReceiptRequest(input({ method: 'cash', cardReference: null, terminalReceiptLines: slip })), feeReceiptRequest(input({}))]) {
      expect(doc.sections.map((s) => s.heading)).not.toContain('Kartenzahlung – Terminalbeleg');
      expect(await pdfText(doc)).not.toContain('Terminalbeleg');
    }
  });

  it('drops control characters and empty runs, and caps an endless slip', () => {
    expect(terminalSlipBlocks(['', '', 'A\u001bB\r', '', '', 'C  ', ''])).toEqual(['A B', 'C']);
    expect(terminalSlipBlocks([])).toEqual([]);
    const long = terminalSlipBlocks(Array.from({ length: 90 }, (_, i) => `Zeile ${i + 1}`));
    expect(long).toHaveLength(2);
    expect(long[0]!.split('\n')).toHaveLength(80);
    expect(long[1]).toBe('(… 10 weitere Zeilen am Terminal)');
  });
});
