/**
 * The fee engine: prices one case from the table versions valid on its application date. Pure —
 * no I/O, no clock; the caller passes the tables (fee-tables.ts#loadFeeTables) and the day.
 *
 * Federal services (PA, Pass, eID terminal, Meldewesen, Führungszeugnis) are priced from the
 * federal table, the certificates of the municipality from its tariff. Every item stays listed,
 * also the free ones (0 €) and the waived ones, so the receipt shows what the law charges.
 */
import type { ServiceId } from '../catalogue/services.ts';
import { isServiceId } from '../catalogue/services.ts';
import { AppError } from '../platform/errors.ts';
import { ageOn } from '../platform/periods.ts';
import { parsePartialDate, partialDateExists } from '../register/dates.ts';
import { passDoublingCode, type FeeLineCode } from './fee-lines.ts';
import type { FeeItem, FeeQuote, FeeQuoteInput, FeeTable, FeeTableKind, FeeTableSet, FeeWaiver } from './types.ts';

/** Age from which the higher PA and Pass fees apply (PAuswGebV § 1 Abs. 1, PassV § 15 Abs. 1). */
export const adultFeeAge = 24;

/** Upper bound for pages or signatures in one case: room for many copies of a long document, a guard against stray digits. */
export const maxUnits = 9999;

interface Bilingual { de: string; en: string }

function invalid(field: string, text: Bilingual, allowed?: string): AppError {
  return new AppError('FEE_INPUT_INVALID', text.en, 400, { field, ...(allowed ? { allowed } : {}), text });
}

const serviceFlags = {
  photoByAuthority: { de: 'Lichtbildaufnahme durch die Behörde', en: 'photo taken by the authority' },
  postalDelivery: { de: 'Versand per Post', en: 'postal delivery' },
  outsideOfficeHours: { de: 'außerhalb der Dienstzeit', en: 'outside office hours' },
  notCompetent: { de: 'nicht zuständige Behörde', en: 'non-competent authority' },
  passport48Pages: { de: 'Reisepass mit 48 Seiten', en: '48-page passport' },
  express: { de: 'Expressverfahren', en: 'express production' },
  extended: { de: 'erweiterte Meldebescheinigung', en: 'extended Meldebescheinigung' },
} as const;
type Flag = keyof typeof serviceFlags;
type UnitField = 'pages' | 'signatures';

/** Which options each service has; an option given for another service is a mistake to report, not to ignore. */
const optionsOf: Record<ServiceId, { flags: readonly Flag[]; units?: UnitField }> = {
  personalausweis: { flags: ['photoByAuthority', 'postalDelivery', 'outsideOfficeHours', 'notCompetent'] },
  vorlaeufiger_personalausweis: { flags: ['photoByAuthority', 'outsideOfficeHours', 'notCompetent'] },
  reisepass: { flags: ['photoByAuthority', 'postalDelivery', 'outsideOfficeHours', 'notCompetent', 'passport48Pages', 'express'] },
  vorlaeufiger_reisepass: { flags: ['photoByAuthority', 'outsideOfficeHours', 'notCompetent'] },
  eid_address_change: { flags: [] },
  eid_pin_reset: { flags: [] },
  eid_activation: { flags: [] },
  anmeldung: { flags: [] },
  ummeldung: { flags: [] },
  abmeldung: { flags: [] },
  fuehrungszeugnis: { flags: [] },
  beglaubigung_kopie: { flags: [], units: 'pages' },
  beglaubigung_unterschrift: { flags: [], units: 'signatures' },
  meldebescheinigung: { flags: ['extended'] },
  lebensbescheinigung: { flags: [] },
  befreiung_ausweispflicht: { flags: [] },
};

/** Where the Bedürftigkeit waiver has a legal basis; the municipal certificates have the pension/social waiver instead. */
const hardshipBasis: Partial<Record<ServiceId, string>> = {
  personalausweis: 'PAuswGebV § 1 Abs. 6',
  vorlaeufiger_personalausweis: 'PAuswGebV § 1 Abs. 6',
  reisepass: 'PassV § 28',
  vorlaeufiger_reisepass: 'PassV § 28',
  fuehrungszeugnis: 'JVKostG § 10 (Absehen von der Gebührenerhebung bei Mittellosigkeit)',
};

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

function validateInput(input: FeeQuoteInput): void {
  if (typeof input.serviceId !== 'string' || !isServiceId(input.serviceId)) {
    throw invalid('serviceId', {
      de: `Unbekannte Leistung "${String(input.serviceId)}". Wählen Sie eine der Leistungen des Katalogs.`,
      en: `Unknown service "${String(input.serviceId)}". Choose one of the catalogue's services.`,
    }, Object.keys(optionsOf).join(', '));
  }
  if (typeof input.applicationDate !== 'string' || !isoDay.test(input.applicationDate) || !partialDateExists(input.applicationDate)) {
    throw invalid('applicationDate', {
      de: `Das Antragsdatum "${String(input.applicationDate)}" ist kein Kalendertag; erwartet wird JJJJ-MM-TT, z. B. 2026-03-02.`,
      en: `The application date "${String(input.applicationDate)}" is not a calendar day; expected YYYY-MM-DD, e.g. 2026-03-02.`,
    }, 'YYYY-MM-DD');
  }
  if (input.birthDate !== null && input.birthDate !== undefined) {
    if (typeof input.birthDate !== 'string' || !partialDateExists(input.birthDate)) {
      throw invalid('birthDate', {
        de: `Das Geburtsdatum "${String(input.birthDate)}" ist kein Datum; erwartet wird JJJJ-MM-TT oder, wie im Register, JJJJ-MM bzw. JJJJ.`,
        en: `The birth date "${String(input.birthDate)}" is not a date; expected YYYY-MM-DD or, as the register keeps it, YYYY-MM or YYYY.`,
      }, 'YYYY-MM-DD | YYYY-MM | YYYY');
    }
    if (earliestBirthDate(input.birthDate) > input.applicationDate) {
      throw invalid('birthDate', {
        de: `Das Geburtsdatum ${input.birthDate} liegt nach dem Antragsdatum ${input.applicationDate}; prüfen Sie beide Daten.`,
        en: `The birth date ${input.birthDate} is after the application date ${input.applicationDate}; check both dates.`,
      });
    }
  }
  const options = optionsOf[input.serviceId];
  for (const flag of Object.keys(serviceFlags) as Flag[]) {
    const value = input[flag];
    if (value === undefined || value === false) continue;
    if (value !== true) {
      throw invalid(flag, { de: `${flag} muss true oder false sein.`, en: `${flag} must be true or false.` }, 'true | false');
    }
    if (!options.flags.includes(flag)) {
      const provisional = (input.serviceId === 'vorlaeufiger_personalausweis' || input.serviceId === 'vorlaeufiger_reisepass') && flag === 'postalDelivery';
      throw invalid(flag, provisional
        ? {
          de: 'Vorläufige Dokumente werden sofort vor Ort ausgehändigt; ein Versand per Post ist nicht vorgesehen. Entfernen Sie die Option.',
          en: 'Provisional documents are handed over on the spot; there is no postal delivery. Remove the option.',
        }
        : {
          de: `„${serviceFlags[flag].de}“ gibt es für diese Leistung (${input.serviceId}) nicht. Möglich: ${options.flags.join(', ') || 'keine Optionen'}.`,
          en: `"${serviceFlags[flag].en}" does not apply to ${input.serviceId}. Possible: ${options.flags.join(', ') || 'no options'}.`,
        }, options.flags.join(', '));
    }
  }
  for (const field of ['pages', 'signatures'] as const) {
    const value = input[field];
    const needed = options.units === field;
    const noun = field === 'pages' ? { de: 'Seiten', en: 'pages' } : { de: 'Unterschriften', en: 'signatures' };
    if (value === undefined || value === null) {
      if (needed) {
        throw invalid(field, {
          de: `Geben Sie die Zahl der ${noun.de} an (ganze Zahl von 1 bis ${maxUnits}); die Gebühr wird je ${field === 'pages' ? 'Seite' : 'Unterschrift'} berechnet.`,
          en: `Give the number of ${noun.en} (a whole number from 1 to ${maxUnits}); the fee is charged per ${field === 'pages' ? 'page' : 'signature'}.`,
        }, `1–${maxUnits}`);
      }
      continue;
    }
    if (!needed) {
      throw invalid(field, {
        de: `Die Zahl der ${noun.de} gilt nur für ${field === 'pages' ? 'beglaubigung_kopie' : 'beglaubigung_unterschrift'}, nicht für ${input.serviceId}. Entfernen Sie die Angabe.`,
        en: `The number of ${noun.en} applies only to ${field === 'pages' ? 'beglaubigung_kopie' : 'beglaubigung_unterschrift'}, not to ${input.serviceId}. Remove it.`,
      });
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > maxUnits) {
      throw invalid(field, {
        de: `Die Zahl der ${noun.de} muss eine ganze Zahl von 1 bis ${maxUnits} sein, nicht ${String(value)}.`,
        en: `The number of ${noun.en} must be a whole number from 1 to ${maxUnits}, not ${String(value)}.`,
      }, `1–${maxUnits}`);
    }
  }
  if (input.waiver !== undefined && input.waiver !== null) {
    const kind: unknown = (input.waiver as { kind?: unknown }).kind;
    if (kind !== 'beduerftigkeit' && kind !== 'pension_or_social_purpose') {
      throw invalid('waiver.kind', {
        de: `Unbekannter Gebührenerlass "${String(kind)}"; möglich sind beduerftigkeit und pension_or_social_purpose.`,
        en: `Unknown waiver "${String(kind)}"; possible are beduerftigkeit and pension_or_social_purpose.`,
      }, 'beduerftigkeit | pension_or_social_purpose');
    }
    const reason: unknown = (input.waiver as { reason?: unknown }).reason;
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw invalid('waiver.reason', {
        de: 'Ein Gebührenerlass braucht eine Begründung für die Akte, z. B. „Bezug von Bürgergeld, Bescheid vom 03.02.2026 vorgelegt“.',
        en: 'A waiver needs a reason for the record, e.g. "receives Bürgergeld, notice of 2026-02-03 shown".',
      });
    }
  }
}

/** The earliest day a (partial) birth date allows: the first of the month or of the year. */
function earliestBirthDate(birthDate: string): string {
  const parsed = parsePartialDate(birthDate);
  if (!parsed) return birthDate;
  const month = String(parsed.month ?? 1).padStart(2, '0');
  const day = String(parsed.day ?? 1).padStart(2, '0');
  return `${String(parsed.year).padStart(4, '0')}-${month}-${day}`;
}

const covers = (table: FeeTable, day: string): boolean =>
  table.validFrom <= day && (table.validUntil === null || day <= table.validUntil);

/**
 * The version of a kind valid on `day`: a stored version wins over a built-in one on the days it
 * covers; among versions of the same source the one that started last wins (a correction stored
 * later replaces the earlier one from its start).
 */
export function tableValidOn(tables: FeeTableSet, kind: FeeTableKind, day: string): FeeTable | null {
  const candidates = tables[kind].filter((table) => covers(table, day));
  const pick = (source: FeeTable['source']) => candidates
    .filter((table) => table.source === source)
    .sort((a, b) => (a.validFrom < b.validFrom ? 1 : a.validFrom > b.validFrom ? -1 : 0))[0];
  return pick('stored') ?? pick('builtin') ?? null;
}

function requireTable(tables: FeeTableSet, kind: FeeTableKind, day: string): FeeTable {
  const table = tableValidOn(tables, kind, day);
  if (table) return table;
  const name = kind === 'federal' ? 'Bundesgebühren (PAuswGebV, PassV, JVKostG)' : 'Gebührensatzung der Gemeinde';
  const text = {
    de: `Für den ${day} gilt keine Version der Gebührentabelle „${name}“. Hinterlegen Sie eine Version, die an diesem Tag gilt (Administration: POST /api/settings/fee-tables), oder prüfen Sie das Antragsdatum.`,
    en: `No version of the ${kind} fee table is valid on ${day}. Store a version valid on that day (administrator: POST /api/settings/fee-tables), or check the application date.`,
  };
  return fail('FEE_NO_TABLE', text, 422, { field: 'applicationDate', kind, date: day });
}

function fail(code: string, text: Bilingual, status: number, details: Record<string, unknown>): never {
  throw new AppError(code, text.en, status, { ...details, text });
}

/** Picks the lines of one table version by code, and records that the version was used. */
class TableReader {
  readonly used = new Map<string, FeeTable>();
  private readonly tables: FeeTableSet;
  private readonly day: string;
  constructor(tables: FeeTableSet, day: string) {
    this.tables = tables;
    this.day = day;
  }

  item(kind: FeeTableKind, code: FeeLineCode, quantity?: number): FeeItem & { pensionOrSocialPurposeFree: boolean } {
    const table = requireTable(this.tables, kind, this.day);
    this.used.set(table.id, table);
    const line = table.lines.find((candidate) => candidate.code === code);
    if (!line) {
      return fail('FEE_TABLE_INCOMPLETE', {
        de: `Die Gebührentabelle ${table.id} (gültig ab ${table.validFrom}) hat keine Zeile ${code}. Hinterlegen Sie eine vollständige Version.`,
        en: `Fee table ${table.id} (valid from ${table.validFrom}) has no line ${code}. Store a complete version.`,
      }, 422, { tableId: table.id, code });
    }
    const base = { code: line.code, label: line.label, legalBasis: line.legalBasis, pensionOrSocialPurposeFree: line.pensionOrSocialPurposeFree === true };
    if (quantity === undefined) return { ...base, amountCents: line.amountCents };
    return { ...base, amountCents: line.amountCents * quantity, quantity, unitCents: line.amountCents };
  }
}

interface AgeGroup { adult: boolean; age: number | null; notes: string[] }

/**
 * The age group for the PA and Pass fees. A partial birth date is priced with the latest day it
 * allows (ageOn does so), so whoever could still be under 24 pays the lower fee: the doubt goes to
 * the citizen, never against them.
 */
function ageGroup(serviceLabel: string, birthDate: string | null | undefined, day: string): AgeGroup {
  if (birthDate === null || birthDate === undefined) {
    throw invalid('birthDate', {
      de: `Die Gebühr für ${serviceLabel} hängt vom Alter bei Antragstellung ab (unter ${adultFeeAge} / ab ${adultFeeAge} Jahre). Geben Sie das Geburtsdatum an (JJJJ-MM-TT, oder wie im Register JJJJ-MM bzw. JJJJ).`,
      en: `The ${serviceLabel} fee depends on the age at application (under ${adultFeeAge} / ${adultFeeAge} and older). Give the birth date (YYYY-MM-DD, or as the register keeps it YYYY-MM or YYYY).`,
    }, 'YYYY-MM-DD | YYYY-MM | YYYY');
  }
  const youngest = ageOn(birthDate, day) ?? 0;
  const oldest = ageOn(earliestBirthDate(birthDate), day) ?? 0;
  const adult = youngest >= adultFeeAge;
  if (youngest === oldest) {
    const notes = birthDate.length < 10
      ? [`Geburtsdatum nur teilweise bekannt (${birthDate}); das Alter am ${germanDay(day)} ist dennoch eindeutig ${youngest} Jahre.`]
      : [];
    return { adult, age: youngest, notes };
  }
  const group = adult ? `ab ${adultFeeAge} Jahre` : `unter ${adultFeeAge} Jahre`;
  const groupCertain = (oldest >= adultFeeAge) === adult;
  const notes = [
    `Geburtsdatum nur teilweise bekannt (${birthDate}): am ${germanDay(day)} ${youngest} oder ${oldest} Jahre alt. ` +
    (groupCertain
      ? `Die Altersgruppe (${group}) ist in beiden Fällen dieselbe.`
      : `Berechnet mit dem spätestmöglichen Geburtstag, also der Gebühr für ${group}: Wer noch unter ${adultFeeAge} sein kann, zahlt nicht die höhere Gebühr.`),
  ];
  return { adult, age: null, notes };
}

function germanDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}.${m}.${y}`;
}

/**
 * Prices one case. Throws AppError FEE_INPUT_INVALID (400) for input that names a field wrongly,
 * FEE_NO_TABLE (422) when no table version covers the application date, FEE_WAIVER_NOT_APPLICABLE
 * (422) when the waiver asked for has no basis for this service.
 */
export function quoteFee(input: FeeQuoteInput, tables: FeeTableSet): FeeQuote {
  validateInput(input);
  const day = input.applicationDate;
  const reader = new TableReader(tables, day);
  const items: (FeeItem & { pensionOrSocialPurposeFree: boolean })[] = [];
  const notes: string[] = [];
  let ageAtApplication: number | null = input.birthDate ? partialAge(input.birthDate, day) : null;
  // PAuswGebV § 1 Abs. 3: +13 € once, whether one or both of the cases apply.
  const surchargeOnce = input.outsideOfficeHours === true || input.notCompetent === true;

  switch (input.serviceId) {
    case 'personalausweis': {
      const group = ageGroup('den Personalausweis', input.birthDate, day);
      ageAtApplication = group.age;
      notes.push(...group.notes);
      items.push(reader.item('federal', group.adult ? 'pa.base.24plus' : 'pa.base.under24'));
      if (surchargeOnce) items.push(reader.item('federal', 'pa.surcharge.out_of_hours_or_not_competent'));
      if (input.photoByAuthority) items.push(reader.item('federal', 'pa.surcharge.photo'));
      if (input.postalDelivery) items.push(reader.item('federal', 'pa.surcharge.postal_delivery'));
      break;
    }
    case 'vorlaeufiger_personalausweis':
      items.push(reader.item('federal', 'pa.provisional'));
      if (surchargeOnce) items.push(reader.item('federal', 'pa.surcharge.out_of_hours_or_not_competent'));
      // PAuswGebV § 1 Abs. 4 raises only "die Gebühr nach Absatz 1" (the Personalausweis): the
      // photo surcharge (Nr. 4) has no basis for the vorläufiger Personalausweis (Abs. 2).
      if (input.photoByAuthority) {
        notes.push('Lichtbild durch die Behörde: PAuswGebV § 1 Abs. 4 Nr. 4 erhöht nur die Gebühr für den Personalausweis (Abs. 1); beim vorläufigen Personalausweis fällt kein Zuschlag an.');
      }
      break;
    case 'reisepass': {
      const group = ageGroup('den Reisepass', input.birthDate, day);
      ageAtApplication = group.age;
      notes.push(...group.notes);
      const base = reader.item('federal', group.adult ? 'pass.base.24plus' : 'pass.base.under24');
      items.push(base);
      // PassV § 15 Abs. 2 Nr. 1 doubles only Buchst. e–h outside office hours, not the Reisepass (a, b).
      const doubling = passDoubling(base, { outsideOfficeHours: false, notCompetent: input.notCompetent === true });
      if (doubling) items.push(doubling);
      if (input.outsideOfficeHours) {
        notes.push('Antrag außerhalb der Dienstzeit: Für den Reisepass sieht PassV § 15 Abs. 2 Nr. 1 keine Verdoppelung vor (nur für den vorläufigen Reisepass); es fällt kein Zuschlag an.');
      }
      if (input.passport48Pages) items.push(reader.item('federal', 'pass.surcharge.48_pages'));
      if (input.express) items.push(reader.item('federal', 'pass.surcharge.express'));
      if (input.photoByAuthority) items.push(reader.item('federal', 'pass.surcharge.photo'));
      if (input.postalDelivery) items.push(reader.item('federal', 'pass.surcharge.postal_delivery'));
      break;
    }
    case 'vorlaeufiger_reisepass': {
      const base = reader.item('federal', 'pass.provisional');
      items.push(base);
      const doubling = passDoubling(base, { outsideOfficeHours: input.outsideOfficeHours === true, notCompetent: input.notCompetent === true });
      if (doubling) items.push(doubling);
      if (input.outsideOfficeHours && input.notCompetent) {
        notes.push('Außerhalb der Dienstzeit und bei einer nicht zuständigen Behörde: PassV § 15 Abs. 2 Nr. 1 und 2 — die Gebühr wird einmal verdoppelt, nicht vervierfacht.');
      }
      if (input.photoByAuthority) items.push(reader.item('federal', 'pass.surcharge.photo'));
      break;
    }
    case 'eid_address_change': items.push(reader.item('federal', 'pa.address_change')); break;
    case 'eid_pin_reset': items.push(reader.item('federal', 'eid.pin_reset')); break;
    case 'eid_activation': items.push(reader.item('federal', 'eid.activation')); break;
    case 'anmeldung': items.push(reader.item('federal', 'melde.anmeldung')); break;
    case 'ummeldung': items.push(reader.item('federal', 'melde.ummeldung')); break;
    case 'abmeldung': items.push(reader.item('federal', 'melde.abmeldung')); break;
    case 'fuehrungszeugnis': items.push(reader.item('federal', 'fuehrungszeugnis')); break;
    case 'beglaubigung_kopie': items.push(reader.item('municipal', 'beglaubigung.page', input.pages)); break;
    case 'beglaubigung_unterschrift': items.push(reader.item('municipal', 'beglaubigung.signature', input.signatures)); break;
    case 'meldebescheinigung': items.push(reader.item('municipal', input.extended ? 'meldebescheinigung.extended' : 'meldebescheinigung.simple')); break;
    case 'lebensbescheinigung': items.push(reader.item('municipal', 'lebensbescheinigung')); break;
    case 'befreiung_ausweispflicht': items.push(reader.item('municipal', 'befreiung_ausweispflicht')); break;
  }

  const chargedCents = items.reduce((sum, item) => sum + item.amountCents, 0);
  const waived = input.waiver ? applyWaiver(input.serviceId, input.waiver, items, chargedCents, notes) : null;
  const totalCents = waived ? 0 : chargedCents;
  return {
    serviceId: input.serviceId,
    applicationDate: day,
    ageAtApplication,
    items: items.map(({ pensionOrSocialPurposeFree: _flag, ...item }) => item),
    totalCents,
    waived,
    split: input.serviceId === 'fuehrungszeugnis' ? fuehrungszeugnisSplit(totalCents) : null,
    tables: [...reader.used.values()].map((table) => ({ id: table.id, validFrom: table.validFrom, validUntil: table.validUntil })),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** Age in full years when the (partial) birth date determines it, else null. */
function partialAge(birthDate: string, day: string): number | null {
  const youngest = ageOn(birthDate, day);
  const oldest = ageOn(earliestBirthDate(birthDate), day);
  return youngest === oldest ? youngest : null;
}

/**
 * PassV § 15 Abs. 2: the fee is doubled when, on the applicant's initiative, the act is done
 * outside office hours (Nr. 1: vorläufiger Reisepass, Buchst. e) or by a non-competent authority
 * (Nr. 2: Reisepass Buchst. a, b and vorläufiger Reisepass e). The doubling repeats the base fee as
 * its own item so the receipt shows it; the 48-page (c) and express (d) surcharges, photo and
 * postage are not doubled. When both cases meet, the fee is doubled once: the text orders "the
 * fee is to be doubled" for either case, and the reading that charges less is the one taken.
 */
function passDoubling(
  base: FeeItem & { pensionOrSocialPurposeFree: boolean },
  cases: { outsideOfficeHours: boolean; notCompetent: boolean },
): (FeeItem & { pensionOrSocialPurposeFree: boolean }) | null {
  const numbers = [cases.outsideOfficeHours ? 'Nr. 1' : null, cases.notCompetent ? 'Nr. 2' : null].filter((n) => n !== null);
  if (numbers.length === 0) return null;
  const why = [cases.outsideOfficeHours ? 'außerhalb der Dienstzeit' : null, cases.notCompetent ? 'nicht zuständige Behörde' : null].filter((n) => n !== null).join(' und ');
  return {
    code: passDoublingCode,
    label: `Verdoppelung der Gebühr (${why}): ${base.label}`,
    amountCents: base.amountCents,
    legalBasis: `PassV § 15 Abs. 2 ${numbers.join(' und ')}`,
    pensionOrSocialPurposeFree: false,
  };
}

function applyWaiver(
  serviceId: ServiceId,
  waiver: FeeWaiver,
  items: readonly (FeeItem & { pensionOrSocialPurposeFree: boolean })[],
  chargedCents: number,
  notes: string[],
): FeeWaiver {
  const kindLabel = waiver.kind === 'beduerftigkeit' ? 'Bedürftigkeit' : 'Verwendung für Renten- oder Sozialleistungszwecke';
  if (chargedCents === 0) {
    return fail('FEE_WAIVER_NOT_APPLICABLE', {
      de: `${serviceId} ist gebührenfrei; ein Gebührenerlass (${kindLabel}) ist nicht nötig. Entfernen Sie den Erlass.`,
      en: `${serviceId} is free of charge; no waiver (${waiver.kind}) is needed. Remove the waiver.`,
    }, 422, { field: 'waiver.kind', serviceId });
  }
  let basis: string;
  if (waiver.kind === 'beduerftigkeit') {
    const legal = hardshipBasis[serviceId];
    if (!legal) {
      return fail('FEE_WAIVER_NOT_APPLICABLE', {
        de: `Für ${serviceId} sieht die Gebührensatzung keinen Erlass wegen Bedürftigkeit vor (nur für Personalausweis, Reisepass und Führungszeugnis). Wird die Bescheinigung für Renten- oder Sozialleistungszwecke gebraucht, wählen Sie diesen Erlass.`,
        en: `There is no Bedürftigkeit waiver for ${serviceId} (only for identity card, passport and Führungszeugnis). If the certificate is for pension or social-benefit purposes, choose that waiver.`,
      }, 422, { field: 'waiver.kind', serviceId, allowed: 'pension_or_social_purpose' });
    }
    basis = legal;
  } else {
    const charged = items.filter((item) => item.amountCents > 0);
    if (!charged.every((item) => item.pensionOrSocialPurposeFree)) {
      return fail('FEE_WAIVER_NOT_APPLICABLE', {
        de: `Für ${serviceId} gibt es keine Gebührenfreiheit für Renten- oder Sozialleistungszwecke: Die gültige Gebührentabelle sieht sie für ${charged.filter((item) => !item.pensionOrSocialPurposeFree).map((item) => item.code).join(', ')} nicht vor.` +
          (hardshipBasis[serviceId] ? ' Bei Bedürftigkeit wählen Sie den Erlass wegen Bedürftigkeit.' : ''),
        en: `There is no pension/social-purpose exemption for ${serviceId}: the valid fee table does not grant it for ${charged.filter((item) => !item.pensionOrSocialPurposeFree).map((item) => item.code).join(', ')}.` +
          (hardshipBasis[serviceId] ? ' For hardship, choose the Bedürftigkeit waiver.' : ''),
      }, 422, { field: 'waiver.kind', serviceId, ...(hardshipBasis[serviceId] ? { allowed: 'beduerftigkeit' } : {}) });
    }
    basis = serviceId.startsWith('beglaubigung') ? 'Gebührensatzung der Gemeinde; § 64 Abs. 2 SGB X' : 'Gebührensatzung der Gemeinde';
  }
  const reason = waiver.reason.trim();
  notes.push(`Gebühr erlassen wegen ${kindLabel}; Rechtsgrundlage: ${basis}. Begründung: ${reason}`);
  return { kind: waiver.kind, reason };
}

/**
 * Führungszeugnis: the Meldebehörde keeps 2/5 and remits 3/5 to the Bundeskasse. In cents, the
 * municipality's part is rounded down and the federal part is the rest, so the parts always add
 * up to the total (13 € → 5,20 € + 7,80 €).
 */
export function fuehrungszeugnisSplit(totalCents: number): { municipalityCents: number; federalCents: number } {
  const municipalityCents = Math.floor((totalCents * 2) / 5);
  return { municipalityCents, federalCents: totalCents - municipalityCents };
}
