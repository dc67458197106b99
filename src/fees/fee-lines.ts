import type { FeeTableKind } from './types.ts';

/**
 * The line codes each kind of table must have: the engine prices a service by looking these up,
 * so a stored version is accepted only when it has every one of them (and no others).
 */
export const federalLineCodes = [
  'pa.base.under24',
  'pa.base.24plus',
  'pa.provisional',
  'pa.surcharge.out_of_hours_or_not_competent',
  'pa.surcharge.photo',
  'pa.surcharge.postal_delivery',
  'pa.address_change',
  'pass.base.under24',
  'pass.base.24plus',
  'pass.surcharge.48_pages',
  'pass.surcharge.express',
  'pass.provisional',
  'pass.surcharge.photo',
  'pass.surcharge.postal_delivery',
  'eid.pin_reset',
  'eid.activation',
  'melde.anmeldung',
  'melde.ummeldung',
  'melde.abmeldung',
  'fuehrungszeugnis',
] as const;

export const municipalLineCodes = [
  'meldebescheinigung.simple',
  'meldebescheinigung.extended',
  'lebensbescheinigung',
  'beglaubigung.page',
  'beglaubigung.signature',
  'befreiung_ausweispflicht',
] as const;

export type FederalLineCode = (typeof federalLineCodes)[number];
export type MunicipalLineCode = (typeof municipalLineCodes)[number];
export type FeeLineCode = FederalLineCode | MunicipalLineCode;

export function lineCodesOf(kind: FeeTableKind): readonly FeeLineCode[] {
  return kind === 'federal' ? federalLineCodes : municipalLineCodes;
}

export function kindOfLine(code: FeeLineCode): FeeTableKind {
  return (federalLineCodes as readonly string[]).includes(code) ? 'federal' : 'municipal';
}

/** Item code of the computed Reisepass doubling (PassV § 15 Abs. 2); not a table line, it repeats the base. */
export const passDoublingCode = 'pass.surcharge.doubling';
