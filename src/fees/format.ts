/**
 * How a fee quote reads for people: German amounts ("46,00 €") and the itemisation the CLI
 * prints, in the order and wording of the receipt.
 */
import { services } from '../catalogue/services.ts';
import type { FeeQuote } from './types.ts';

const euroFormat = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: true });

/** 4600 → "46,00 €"; 123456 → "1.234,56 €". Amounts are whole cents, so no rounding happens. */
export function formatEuro(cents: number): string {
  return `${euroFormat.format(cents / 100)} €`;
}

function germanDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}

/** The German itemisation of a quote: one line per item with legal basis, the total, the split, the tables used. */
export function describeQuote(quote: FeeQuote): string {
  const width = Math.max(...quote.items.map((item) => formatEuro(item.amountCents).length), formatEuro(quote.totalCents).length);
  const amount = (cents: number) => formatEuro(cents).padStart(width);
  const lines: string[] = [];
  lines.push(`Gebühren: ${services[quote.serviceId].name.de}`);
  lines.push(`Antragsdatum: ${germanDay(quote.applicationDate)}` +
    (quote.ageAtApplication === null ? '' : ` · Alter bei Antragstellung: ${quote.ageAtApplication} Jahre`));
  lines.push('');
  for (const item of quote.items) {
    const units = item.quantity !== undefined && item.unitCents !== undefined ? ` (${item.quantity} × ${formatEuro(item.unitCents)})` : '';
    lines.push(`  ${amount(item.amountCents)}  ${item.label}${units}`);
    lines.push(`  ${' '.repeat(width)}  ${item.legalBasis}`);
  }
  lines.push(`  ${'─'.repeat(width)}`);
  lines.push(`  ${amount(quote.totalCents)}  Summe${quote.waived ? ' (Gebühr erlassen)' : ''}`);
  if (quote.waived) {
    const kind = quote.waived.kind === 'beduerftigkeit' ? 'Bedürftigkeit' : 'Renten- oder Sozialleistungszwecke';
    lines.push('', `Gebührenerlass: ${kind} — ${quote.waived.reason}`);
  }
  if (quote.split) {
    lines.push('', 'Aufteilung der Gebühr:',
      `  ${amount(quote.split.municipalityCents)}  verbleibt bei der Meldebehörde (2/5)`,
      `  ${amount(quote.split.federalCents)}  an die Bundeskasse (3/5)`);
  }
  if (quote.notes && quote.notes.length > 0) {
    lines.push('', 'Hinweise:', ...quote.notes.map((note) => `  – ${note}`));
  }
  lines.push('', 'Gebührentabellen:', ...quote.tables.map((table) =>
    `  ${table.id.startsWith('builtin:') ? 'eingebaut' : 'hinterlegt'} ${table.id}: gültig ab ${germanDay(table.validFrom)}${table.validUntil ? ` bis ${germanDay(table.validUntil)}` : ''}`));
  return `${lines.join('\n')}\n`;
}
