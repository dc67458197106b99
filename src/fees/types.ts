import type { ServiceId } from '../catalogue/services.ts';

/** Why a fee is waived; the reason text is recorded with the case. */
export type FeeWaiver =
  | { kind: 'beduerftigkeit'; reason: string }
  /** Meldebescheinigung, Lebensbescheinigung, Beglaubigung for pension or social-benefit purposes, where the tariff says so. */
  | { kind: 'pension_or_social_purpose'; reason: string };

/** Everything the price of one case depends on. Amounts are in euro cents. */
export interface FeeQuoteInput {
  serviceId: ServiceId;
  /** YYYY-MM-DD: the table valid on this day applies, and the age is taken on this day. */
  applicationDate: string;
  /** YYYY-MM-DD, or partial (YYYY / YYYY-MM) as registers keep it; null when unknown. */
  birthDate: string | null;
  photoByAuthority?: boolean;
  postalDelivery?: boolean;
  /** Application outside office hours on the citizen's request. */
  outsideOfficeHours?: boolean;
  /** The authority is not the one of the Hauptwohnung (PAuswGebV / PassV surcharge). */
  notCompetent?: boolean;
  /** Reisepass with 48 instead of 32 pages. */
  passport48Pages?: boolean;
  /** Reisepass express production. */
  express?: boolean;
  /** Beglaubigung: number of pages certified (copies) or signatures certified. */
  pages?: number;
  signatures?: number;
  /** Meldebescheinigung: extended (§ 18 Abs. 2 BMG). */
  extended?: boolean;
  waiver?: FeeWaiver;
}

export interface FeeItem {
  /** Stable code of the table line, e.g. pa.base.24plus, surcharge.photo. */
  code: string;
  /** German label as printed on the receipt. */
  label: string;
  amountCents: number;
  /** Legal basis or tariff number, e.g. "PAuswGebV § 1 Abs. 1". */
  legalBasis: string;
  /** Lines priced per unit (Beglaubigung per page or signature): how many, at what price; amountCents = quantity × unitCents. */
  quantity?: number;
  unitCents?: number;
}

export interface FeeQuote {
  serviceId: ServiceId;
  applicationDate: string;
  /** Age in full years on the application date, when the birth date allows it. */
  ageAtApplication: number | null;
  items: FeeItem[];
  totalCents: number;
  /** Set when a waiver applies: the items stay listed, the total is 0. */
  waived: FeeWaiver | null;
  /** Führungszeugnis: what the Meldebehörde keeps (2/5) and remits to the Bundeskasse (3/5). */
  split: { municipalityCents: number; federalCents: number } | null;
  /** Ids and validity of the tables used, for the record. */
  tables: { id: string; validFrom: string; validUntil: string | null }[];
  /** German remarks for the record, e.g. how an incomplete birth date was priced. */
  notes?: string[];
}

/** federal: PAuswGebV, PassV, JVKostG (and the free Meldewesen acts); municipal: the city's Verwaltungsgebührensatzung. */
export type FeeTableKind = 'federal' | 'municipal';

/** One priced line of a fee table. */
export interface FeeTableLine {
  /** Stable code, e.g. pa.base.24plus; the engine looks lines up by it (see fee-lines.ts). */
  code: string;
  label: string;
  amountCents: number;
  legalBasis: string;
  /** Municipal lines: the tariff frees this line when the certificate is for pension or social-benefit purposes. */
  pensionOrSocialPurposeFree?: boolean;
}

/** One version of a fee table. Dates are YYYY-MM-DD; validUntil is the last day it applies (inclusive), null = open. */
export interface FeeTable {
  /** builtin:<kind>:<validFrom> for the defaults in code, the row id for stored versions. */
  id: string;
  kind: FeeTableKind;
  validFrom: string;
  validUntil: string | null;
  lines: FeeTableLine[];
  source: 'builtin' | 'stored';
}

/**
 * The versions a quote may choose from, for one municipality. On a given day a stored version
 * wins over a built-in one; the built-ins fill the days no stored version covers.
 */
export interface FeeTableSet {
  federal: FeeTable[];
  municipal: FeeTable[];
}
