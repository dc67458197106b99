/**
 * The Quittung of one payment (document kind fee_receipt): the itemised fee as priced at
 * capture, what this payment covered, what was paid before and what is still open. Content
 * only; the documents area lays it out with the letterhead. Pure.
 */
import type { FeeQuote } from '../fees/types.ts';
import { germanDate, germanDateTime } from './workflows/text.ts';
import type { DocumentRequest } from './workflow.ts';

export interface FeeReceiptInput {
  receiptNumber: string;
  caseNumber: string;
  serviceName: string;
  /** Who the fee is for, as printed: "Anna Maria Kowalski". */
  subjectName: string | null;
  fee: FeeQuote;
  payment: {
    method: 'cash' | 'card'; amountCents: number; cardReference: string | null; paidAt: string;
    /** Card payments through the terminal: its receipt lines, printed as they came (none for cash or a card payment entered by hand). */
    terminalReceiptLines?: string[];
  };
  paidBeforeCents: number;
  place: string;
  officerName: string;
}

export function euro(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${whole},${String(abs % 100).padStart(2, '0')} €`;
}

export function feeReceiptRequest(input: FeeReceiptInput): DocumentRequest {
  const { fee, payment } = input;
  const paidAfter = input.paidBeforeCents + payment.amountCents;
  const outstanding = Math.max(0, fee.totalCents - paidAfter);
  const rows = fee.items.map((item) => [
    item.quantity !== undefined && item.unitCents !== undefined ? `${item.label} (${item.quantity} × ${euro(item.unitCents)})` : item.label,
    item.legalBasis,
    euro(item.amountCents),
  ]);
  const sections: DocumentRequest['sections'] = [
    {
      fields: [
        { label: 'Quittungsnummer', value: input.receiptNumber },
        { label: 'Vorgang', value: input.caseNumber },
        { label: 'Leistung', value: input.serviceName },
        ...(input.subjectName ? [{ label: 'Für', value: input.subjectName }] : []),
        { label: 'Antragsdatum', value: germanDate(fee.applicationDate) },
      ],
    },
    { heading: 'Gebühren', table: { columns: ['Position', 'Rechtsgrundlage', 'Betrag'], rows } },
    {
      fields: [
        ...(fee.waived ? [{ label: 'Gebührenbefreiung', value: fee.waived.reason }] : []),
        { label: 'Gesamtbetrag', value: euro(fee.totalCents) },
        ...(fee.split ? [
          { label: 'davon Meldebehörde (2/5)', value: euro(fee.split.municipalityCents) },
          { label: 'davon Bundeskasse (3/5)', value: euro(fee.split.federalCents) },
        ] : []),
      ],
    },
    {
      heading: 'Zahlung',
      fields: [
        { label: 'Betrag', value: euro(payment.amountCents) },
        { label: 'Zahlungsart', value: payment.method === 'cash' ? 'bar' : 'Karte' },
        ...(payment.cardReference ? [{ label: 'Terminal-Referenz', value: payment.cardReference }] : []),
        { label: 'Zeitpunkt', value: germanDateTime(payment.paidAt) },
        ...(input.paidBeforeCents > 0 ? [{ label: 'Bereits zuvor gezahlt', value: euro(input.paidBeforeCents) }] : []),
        { label: 'Noch offen', value: euro(outstanding) },
      ],
    },
  ];
  const slip = payment.method === 'card' ? terminalSlipBlocks(payment.terminalReceiptLines ?? []) : [];
  if (slip.length > 0) sections.push({ heading: 'Kartenzahlung – Terminalbeleg', paragraphs: slip });
  return {
    kind: 'fee_receipt',
    title: 'Quittung',
    sections,
    verifiable: false,
    signature: { place: input.place, date: germanDate(payment.paidAt.slice(0, 10)), officerName: input.officerName, seal: false },
  };
}

/** A terminal slip is short; more than this is not a slip any more and would push the Quittung onto pages. */
const maxSlipLines = 80;

/**
 * The terminal's receipt lines as paragraphs of the Quittung: one per block (the terminal
 * separates its blocks with empty lines), each block's lines kept as lines. Control characters
 * a terminal may send become spaces; the wording stays the terminal's.
 */
export function terminalSlipBlocks(lines: readonly string[]): string[] {
  const paragraphs: string[] = [];
  let block: string[] = [];
  const close = () => {
    if (block.length > 0) paragraphs.push(block.join('\n'));
    block = [];
  };
  for (const raw of lines.slice(0, maxSlipLines)) {
    // eslint-disable-next-line no-control-regex -- exactly the characters a slip must not carry into the PDF
    const line = raw.replace(/[\u0000-\u001f\u007f]/g, ' ').trimEnd();
    if (line.trim() === '') close();
    else block.push(line);
  }
  close();
  if (lines.length > maxSlipLines) paragraphs.push(`(… ${lines.length - maxSlipLines} weitere Zeilen am Terminal)`);
  return paragraphs;
}
