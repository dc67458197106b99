import type { FeeTable, FeeTableLine } from './types.ts';

/**
 * The fee tables built into the code. A municipality that has stored no version of a kind uses
 * these; stored versions take precedence on the days they cover.
 *
 * Federal amounts: PAuswGebV § 1, PassV § 15, JVKostG (KV Nr. 1130). The earlier version starts on
 * 2025-05-01, when authorities began taking the photo themselves and sending documents by post
 * (both priced since); older applications are out of scope and get FEE_NO_TABLE.
 */

/**
 * First day of the PAuswGebV amounts 27,60 € / 46,00 €. DESIGN §5 marks the date ⚠: should the
 * change take effect on another day, correct it here (or store a federal version per municipality).
 */
export const federalFeeChangeDate = '2026-02-07';
const earlierFederalFrom = '2025-05-01';

function dayBefore(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

const euro = (amount: number): number => Math.round(amount * 100);

function federalLines(pa: { under24: number; from24: number }): FeeTableLine[] {
  return [
    { code: 'pa.base.under24', label: 'Personalausweis (unter 24 Jahre bei Antragstellung)', amountCents: euro(pa.under24), legalBasis: 'PAuswGebV § 1 Abs. 1 Nr. 1' },
    { code: 'pa.base.24plus', label: 'Personalausweis (ab 24 Jahre bei Antragstellung)', amountCents: euro(pa.from24), legalBasis: 'PAuswGebV § 1 Abs. 1 Nr. 2' },
    { code: 'pa.provisional', label: 'Vorläufiger Personalausweis', amountCents: euro(10), legalBasis: 'PAuswGebV § 1 Abs. 2' },
    { code: 'pa.surcharge.out_of_hours_or_not_competent', label: 'Zuschlag: außerhalb der Dienstzeit oder nicht zuständige Behörde', amountCents: euro(13), legalBasis: 'PAuswGebV § 1 Abs. 3' },
    { code: 'pa.surcharge.photo', label: 'Lichtbildaufnahme durch die Behörde', amountCents: euro(6), legalBasis: 'PAuswGebV § 1 Abs. 4 Nr. 4' },
    { code: 'pa.surcharge.postal_delivery', label: 'Versand des Personalausweises per Post', amountCents: euro(15), legalBasis: 'PAuswGebV § 1 Abs. 4 Nr. 3' },
    { code: 'pa.address_change', label: 'Änderung der Anschrift auf dem Ausweis (gebührenfrei)', amountCents: 0, legalBasis: 'PAuswGebV § 1 Abs. 5' },
    { code: 'pass.base.under24', label: 'Reisepass (unter 24 Jahre bei Antragstellung)', amountCents: euro(37.5), legalBasis: 'PassV § 15 Abs. 1 Nr. 1 Buchst. b' },
    { code: 'pass.base.24plus', label: 'Reisepass (ab 24 Jahre bei Antragstellung)', amountCents: euro(70), legalBasis: 'PassV § 15 Abs. 1 Nr. 1 Buchst. a' },
    { code: 'pass.surcharge.48_pages', label: 'Zuschlag: Reisepass mit 48 Seiten', amountCents: euro(22), legalBasis: 'PassV § 15 Abs. 1 Nr. 1 Buchst. c' },
    { code: 'pass.surcharge.express', label: 'Zuschlag: Expressverfahren', amountCents: euro(32), legalBasis: 'PassV § 15 Abs. 1 Nr. 1 Buchst. d' },
    { code: 'pass.provisional', label: 'Vorläufiger Reisepass', amountCents: euro(26), legalBasis: 'PassV § 15 Abs. 1 Nr. 1 Buchst. e' },
    { code: 'pass.surcharge.photo', label: 'Lichtbildaufnahme durch die Behörde', amountCents: euro(6), legalBasis: 'PassV § 27' },
    { code: 'pass.surcharge.postal_delivery', label: 'Versand des Reisepasses per Post', amountCents: euro(15), legalBasis: 'PassV § 15 Abs. 1 Nr. 3' },
    { code: 'eid.pin_reset', label: 'Neusetzung oder Änderung der PIN (gebührenfrei)', amountCents: 0, legalBasis: 'PAuswGebV (keine Gebühr vorgesehen)' },
    { code: 'eid.activation', label: 'Einschalten der Online-Ausweisfunktion (gebührenfrei)', amountCents: 0, legalBasis: 'PAuswGebV (keine Gebühr vorgesehen)' },
    { code: 'melde.anmeldung', label: 'Anmeldung mit Meldebestätigung (gebührenfrei)', amountCents: 0, legalBasis: 'BMG §§ 17, 24 Abs. 2 (gebührenfrei)' },
    { code: 'melde.ummeldung', label: 'Ummeldung mit Meldebestätigung (gebührenfrei)', amountCents: 0, legalBasis: 'BMG §§ 17, 24 Abs. 2 (gebührenfrei)' },
    { code: 'melde.abmeldung', label: 'Abmeldung mit Meldebestätigung (gebührenfrei)', amountCents: 0, legalBasis: 'BMG §§ 17, 24 Abs. 2 (gebührenfrei)' },
    { code: 'fuehrungszeugnis', label: 'Führungszeugnis', amountCents: euro(13), legalBasis: 'JVKostG Anlage, KV Nr. 1130' },
  ];
}

export const builtinFederalTables: FeeTable[] = [
  {
    id: `builtin:federal:${earlierFederalFrom}`, kind: 'federal', source: 'builtin',
    validFrom: earlierFederalFrom, validUntil: dayBefore(federalFeeChangeDate),
    lines: federalLines({ under24: 22.8, from24: 37 }),
  },
  {
    id: `builtin:federal:${federalFeeChangeDate}`, kind: 'federal', source: 'builtin',
    validFrom: federalFeeChangeDate, validUntil: null,
    lines: federalLines({ under24: 27.6, from24: 46 }),
  },
];

/**
 * A model tariff for municipalities that have stored none: low amounts from the usual range
 * (DESIGN §5: 5–10 €), free for pension and social purposes where § 64 SGB X or common practice
 * frees them. A city replaces it by storing its own Verwaltungsgebührensatzung as a version.
 */
export const builtinMunicipalTables: FeeTable[] = [
  {
    id: 'builtin:municipal:2000-01-01', kind: 'municipal', source: 'builtin',
    validFrom: '2000-01-01', validUntil: null,
    lines: [
      { code: 'meldebescheinigung.simple', label: 'Meldebescheinigung (einfach)', amountCents: euro(5), legalBasis: 'Mustertarif (Verwaltungsgebührensatzung der Gemeinde)', pensionOrSocialPurposeFree: true },
      { code: 'meldebescheinigung.extended', label: 'Meldebescheinigung (erweitert)', amountCents: euro(8), legalBasis: 'Mustertarif (Verwaltungsgebührensatzung der Gemeinde)', pensionOrSocialPurposeFree: true },
      { code: 'lebensbescheinigung', label: 'Lebensbescheinigung', amountCents: euro(5), legalBasis: 'Mustertarif (Verwaltungsgebührensatzung der Gemeinde)', pensionOrSocialPurposeFree: true },
      { code: 'beglaubigung.page', label: 'Beglaubigung einer Kopie oder Abschrift, je Seite', amountCents: euro(3), legalBasis: 'Mustertarif (Verwaltungsgebührensatzung der Gemeinde); frei nach § 64 Abs. 2 SGB X', pensionOrSocialPurposeFree: true },
      { code: 'beglaubigung.signature', label: 'Beglaubigung einer Unterschrift, je Unterschrift', amountCents: euro(5), legalBasis: 'Mustertarif (Verwaltungsgebührensatzung der Gemeinde); frei nach § 64 Abs. 2 SGB X', pensionOrSocialPurposeFree: true },
      { code: 'befreiung_ausweispflicht', label: 'Befreiung von der Ausweispflicht (gebührenfrei)', amountCents: 0, legalBasis: 'Mustertarif (Verwaltungsgebührensatzung der Gemeinde)', pensionOrSocialPurposeFree: false },
    ],
  },
];
