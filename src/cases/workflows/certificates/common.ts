/**
 * What the certificate workflows (Beglaubigungen, Meldebescheinigung, Lebensbescheinigung) share:
 * the stated purpose that may free the fee, the identity check against a presented document, who
 * applies, the scanner action and how register data is printed. Pure, like the workflows.
 */
import { z } from 'zod';
import { AppError } from '../../../platform/errors.ts';
import type { FeeWaiver } from '../../../fees/types.ts';
import type {
  AddressFacts, Applicant, CaseFacts, DeviceAction, DocumentField, DocumentRequest, FieldSpec, Notice, PersonFacts, ResidenceFacts, Text, Violation,
} from '../../workflow.ts';
import { germanDate, notice, violation } from '../text.ts';

// ——— reading partial drafts ———

/** Drafts are stored as the UI sent them: read a trimmed string, or '' when absent or not a string. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

export function integer(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

// ——— purpose and fee waiver ———

/**
 * Why the citizen needs the certificate. Pension and social-benefit purposes may free the fee
 * (§ 64 Abs. 2 SGB X, municipal tariffs); whether they do is the fee engine's decision on the
 * tariff line, the workflow only passes the stated purpose on.
 */
export const purposes = ['general', 'pension', 'social_benefit'] as const;
export type Purpose = (typeof purposes)[number];

export const purposeFields = {
  purpose: z.enum(purposes),
  /** The pension fund or benefit office, e.g. "Deutsche Rentenversicherung Westfalen"; recorded as the waiver reason. */
  purposeDetail: z.string().max(200).default(''),
};

const purposeLabels: Record<Purpose, Text> = {
  general: { de: 'allgemein', en: 'general' },
  pension: { de: 'Rentenangelegenheit', en: 'pension matter' },
  social_benefit: { de: 'Sozialleistung', en: 'social benefit' },
};

export function purposeFormFields(): FieldSpec[] {
  return [
    {
      name: 'purpose', kind: 'select', required: true,
      label: { de: 'Verwendungszweck', en: 'Purpose' },
      help: { de: 'Für Renten- und Sozialleistungszwecke ist die Gebühr je nach Satzung frei.', en: 'For pension and social-benefit purposes the fee may be free, depending on the tariff.' },
      options: purposes.map((value) => ({ value, label: purposeLabels[value] })),
    },
    {
      name: 'purposeDetail', kind: 'text',
      label: { de: 'Stelle (Rentenversicherung, Leistungsträger)', en: 'Body (pension fund, benefit office)' },
      visibleWhen: { field: 'purpose', equals: ['pension', 'social_benefit'] },
    },
  ];
}

export function validatePurpose(data: { purpose?: unknown; purposeDetail?: unknown }): Violation[] {
  const purpose = data.purpose;
  if (!(purposes as readonly unknown[]).includes(purpose)) {
    return [violation('PURPOSE_REQUIRED', 'purpose', 'Wählen Sie den Verwendungszweck (allgemein, Rentenangelegenheit oder Sozialleistung).', 'Choose the purpose (general, pension matter or social benefit).')];
  }
  if (purpose !== 'general' && text(data.purposeDetail) === '') {
    return [violation('PURPOSE_DETAIL_REQUIRED', 'purposeDetail',
      'Tragen Sie ein, für welche Stelle die Bescheinigung bestimmt ist (z. B. „Deutsche Rentenversicherung“); sie wird als Grund der Gebührenbefreiung vermerkt.',
      'Enter the body the certificate is for (e.g. "Deutsche Rentenversicherung"); it is recorded as the reason for the fee waiver.')];
  }
  return [];
}

/** The waiver input for the fee engine, when the citizen states a pension or social-benefit purpose. */
export function purposeWaiver(data: { purpose?: unknown; purposeDetail?: unknown }): FeeWaiver | undefined {
  if (data.purpose !== 'pension' && data.purpose !== 'social_benefit') return undefined;
  const detail = text(data.purposeDetail);
  const label = purposeLabels[data.purpose].de;
  return { kind: 'pension_or_social_purpose', reason: detail ? `${label}: ${detail}` : label };
}

/** For a Vermerk, whose recipient is named already: why no fee was charged, or nothing. */
export function waiverNote(data: { purpose: Purpose }, waived: unknown): string {
  return waived && data.purpose !== 'general' ? ` Gebührenfrei (${purposeLabels[data.purpose].de}).` : '';
}

/**
 * The line a certificate prints about its purpose, when one was stated; with "gebührenfrei" when
 * the fee engine waived the fee for it, so the recipient sees why no fee stamp is on it.
 */
export function purposeLine(data: { purpose: Purpose; purposeDetail: string }, waived: unknown): string | null {
  if (data.purpose === 'general') return null;
  const detail = data.purposeDetail.trim();
  return `Verwendungszweck: ${purposeLabels[data.purpose].de}${detail ? ` (${detail})` : ''}${waived ? ' – gebührenfrei' : ''}`;
}

// ——— who applies ———

export function applicantOf(facts: CaseFacts): Applicant {
  return facts.applicant ?? { kind: 'self' };
}

/** The gesetzliche Vertretung (parents of a minor, Betreuer, court-appointed representative). */
export function isLegalRepresentative(applicant: Applicant): boolean {
  return applicant.kind === 'legal_representative' || applicant.kind === 'betreuer' || applicant.kind === 'parent';
}

/** For services the person must attend in person (Lebensbescheinigung, Unterschriftsbeglaubigung). */
export function validateInPerson(facts: CaseFacts, de: string, en: string): Violation[] {
  const applicant = applicantOf(facts);
  if (applicant.kind === 'self') return [];
  return [violation('IN_PERSON_ONLY', 'applicant', de, en)];
}

export function validateSubject(facts: CaseFacts): { subject: PersonFacts | null; violations: Violation[] } {
  if (facts.subject) return { subject: facts.subject, violations: [] };
  return {
    subject: null,
    violations: [violation('SUBJECT_REQUIRED', 'subject', 'Wählen Sie die Person im Melderegister aus, für die die Bescheinigung erteilt wird.', 'Select the person in the register the certificate is for.')],
  };
}

export function isBlocked(person: PersonFacts): boolean {
  return person.blocks.length > 0;
}

// ——— identity against a presented document ———

export const identityDocumentKinds = ['personalausweis', 'reisepass', 'vorlaeufiger_personalausweis', 'vorlaeufiger_reisepass', 'eid_karte', 'aufenthaltstitel', 'auslaendischer_pass'] as const;
export type IdentityDocumentKind = (typeof identityDocumentKinds)[number];

const identityDocumentLabels: Record<IdentityDocumentKind, Text> = {
  personalausweis: { de: 'Personalausweis', en: 'identity card' },
  reisepass: { de: 'Reisepass', en: 'passport' },
  vorlaeufiger_personalausweis: { de: 'vorläufiger Personalausweis', en: 'provisional identity card' },
  vorlaeufiger_reisepass: { de: 'vorläufiger Reisepass', en: 'provisional passport' },
  eid_karte: { de: 'eID-Karte', en: 'eID card' },
  aufenthaltstitel: { de: 'Aufenthaltstitel', en: 'residence permit' },
  auslaendischer_pass: { de: 'ausländischer Pass', en: 'foreign passport' },
};

/** Documents the German register keeps for its residents, so the presented one can be compared. */
const registerDocumentKinds: readonly IdentityDocumentKind[] = ['personalausweis', 'reisepass', 'vorlaeufiger_personalausweis', 'vorlaeufiger_reisepass'];

export const identityFields = {
  identityDocumentKind: z.enum(identityDocumentKinds),
  identityDocumentNumber: z.string().min(1).max(30),
  /** The officer compared photo and person and is certain who stands before them. */
  identityChecked: z.literal(true),
};

export function identityFormFields(): FieldSpec[] {
  return [
    {
      name: 'identityDocumentKind', kind: 'select', required: true,
      label: { de: 'Vorgelegtes Ausweisdokument', en: 'Identity document presented' },
      options: identityDocumentKinds.map((value) => ({ value, label: identityDocumentLabels[value] })),
    },
    { name: 'identityDocumentNumber', kind: 'text', required: true, label: { de: 'Dokumentennummer', en: 'Document number' } },
    {
      name: 'identityChecked', kind: 'boolean', required: true,
      label: { de: 'Lichtbild und Person verglichen: die Person ist zweifelsfrei identifiziert', en: 'Photo and person compared: the person is identified beyond doubt' },
    },
  ];
}

function normaliseSerial(value: string): string {
  return value.toUpperCase().replace(/[\s-]/g, '');
}

/** The register's record of the presented document, if it is one of the person's German documents. */
function registerDocument(person: PersonFacts, kind: string, number: string): PersonFacts['documents'][number] | undefined {
  const wanted = normaliseSerial(number);
  // Register serials carry the check digit; officers often type the nine characters without it.
  return person.documents.find((d) => d.kind === kind && (normaliseSerial(d.serialNumber) === wanted || (wanted.length === 9 && normaliseSerial(d.serialNumber).startsWith(wanted))));
}

const invalidStatusTexts: Record<string, Text> = {
  lost: { de: 'als verloren gemeldet', en: 'reported lost' },
  stolen: { de: 'als gestohlen gemeldet', en: 'reported stolen' },
  invalidated: { de: 'für ungültig erklärt', en: 'invalidated' },
  handed_over_old: { de: 'bereits gegen ein neues Dokument abgegeben', en: 'already handed in for a new document' },
};

export function validateIdentity(data: { identityDocumentKind?: unknown; identityDocumentNumber?: unknown; identityChecked?: unknown }, person: PersonFacts | null, today: string): Violation[] {
  const result: Violation[] = [];
  const kind = data.identityDocumentKind;
  const number = text(data.identityDocumentNumber);
  if (!(identityDocumentKinds as readonly unknown[]).includes(kind)) {
    result.push(violation('IDENTITY_DOCUMENT_KIND_REQUIRED', 'identityDocumentKind', 'Wählen Sie das vorgelegte Ausweisdokument aus.', 'Choose the identity document presented.'));
  }
  if (number === '') {
    result.push(violation('IDENTITY_DOCUMENT_NUMBER_REQUIRED', 'identityDocumentNumber', 'Tragen Sie die Nummer des vorgelegten Ausweisdokuments ein.', 'Enter the number of the identity document presented.'));
  }
  if (data.identityChecked !== true) {
    result.push(violation('IDENTITY_NOT_CHECKED', 'identityChecked',
      'Vergleichen Sie Lichtbild und Person und bestätigen Sie, dass die Person zweifelsfrei identifiziert ist.',
      'Compare the photo with the person and confirm that the person is identified beyond doubt.'));
  }
  if (person && number !== '' && typeof kind === 'string' && (registerDocumentKinds as readonly string[]).includes(kind)) {
    const record = registerDocument(person, kind, number);
    if (record && record.status !== 'valid') {
      const status = invalidStatusTexts[record.status] ?? { de: `im Status „${record.status}“`, en: `in status "${record.status}"` };
      result.push(violation('IDENTITY_DOCUMENT_INVALID', 'identityDocumentNumber',
        `Das vorgelegte Dokument ${record.serialNumber} ist im Melderegister ${status.de}; es weist die Person nicht aus. Lassen Sie ein gültiges Dokument vorlegen.`,
        `The document ${record.serialNumber} presented is ${status.en} in the register; it does not prove identity. Ask for a valid document.`));
    } else if (record && record.validUntil < today) {
      result.push(violation('IDENTITY_DOCUMENT_EXPIRED', 'identityDocumentNumber',
        `Das vorgelegte Dokument ist seit dem ${germanDate(record.validUntil)} abgelaufen. Lassen Sie ein gültiges Ausweisdokument vorlegen.`,
        `The document presented expired on ${germanDate(record.validUntil)}. Ask for a valid identity document.`));
    }
  }
  return result;
}

export function identityNotices(data: { identityDocumentKind?: unknown; identityDocumentNumber?: unknown }, person: PersonFacts | null): Notice[] {
  const kind = data.identityDocumentKind;
  const number = text(data.identityDocumentNumber);
  if (!person || number === '' || typeof kind !== 'string' || !(registerDocumentKinds as readonly string[]).includes(kind)) return [];
  if (registerDocument(person, kind, number)) return [];
  return [notice('IDENTITY_DOCUMENT_NOT_IN_REGISTER',
    'Das vorgelegte Dokument ist im Melderegister nicht zu dieser Person gespeichert. Prüfen Sie Nummer und Lichtbild besonders sorgfältig.',
    'The document presented is not recorded for this person in the register. Check its number and photo with particular care.')];
}

export function identityLine(data: { identityDocumentKind: IdentityDocumentKind; identityDocumentNumber: string }): string {
  return `${identityDocumentLabels[data.identityDocumentKind].de} Nr. ${data.identityDocumentNumber.trim()}`;
}

// ——— printing register data ———

/** Vornamen unter Kennzeichnung des gebräuchlichen Vornamens (BMG § 18 Abs. 1, § 24 Abs. 2). */
export function givenNamesLine(person: PersonFacts): string {
  const names = person.givenNames.join(' ');
  const preferred = person.preferredGivenName === null ? undefined : person.givenNames[person.preferredGivenName];
  return preferred && person.givenNames.length > 1 ? `${names} (gebräuchlicher Vorname: ${preferred})` : names;
}

import { fullName } from '../text.ts';

export { fullName };

/**
 * The person as a Vermerk names them, compactly (so Vermerk and verification block fit one
 * page): name, Geburtsname, birth date and place, and the current Hauptwohnung unless blocked.
 */
export function personIdentificationFields(person: PersonFacts, today: string, options: { withAddress: boolean }): DocumentField[] {
  const residence = currentResidences(person, today)[0];
  const born = person.birthPlace ? `${germanDate(person.birthDate)} in ${person.birthPlace}` : germanDate(person.birthDate);
  return [
    { label: 'Name', value: fullName(person) },
    ...(person.birthName && person.birthName !== person.familyName ? [{ label: 'Geburtsname', value: person.birthName }] : []),
    { label: 'Geboren', value: born },
    ...(residence && options.withAddress ? [{ label: 'Anschrift', value: addressLine(residence.address) }] : []),
  ];
}

export function addressLine(address: AddressFacts): string {
  const street = `${address.street} ${address.houseNumber}`.trim();
  return [street, address.addition, `${address.postcode} ${address.city}`].filter(Boolean).join(', ');
}

/** Residences current on `today` (moved out on a later day, as the case facts take them), Hauptwohnung first. */
export function currentResidences(person: PersonFacts, today: string): ResidenceFacts[] {
  return person.residences
    .filter((r) => r.movedIn <= today && (r.movedOut === null || r.movedOut > today))
    .sort((a, b) => (a.kind === b.kind ? a.movedIn.localeCompare(b.movedIn) : a.kind === 'haupt' ? -1 : 1));
}

/** One Wohnung only is the "alleinige Wohnung" (BMG § 21); otherwise Haupt- and Nebenwohnungen. */
export function residenceStatus(residence: ResidenceFacts, all: ResidenceFacts[]): string {
  if (all.length === 1 && residence.kind === 'haupt') return 'alleinige Wohnung';
  return residence.kind === 'haupt' ? 'Hauptwohnung' : 'Nebenwohnung';
}

const maritalStatusLabels: Record<string, string> = {
  LD: 'ledig', VH: 'verheiratet', VW: 'verwitwet', GS: 'geschieden', EA: 'Ehe aufgehoben', LP: 'in eingetragener Lebenspartnerschaft',
  LA: 'Lebenspartnerschaft aufgehoben', LV: 'Lebenspartnerin/Lebenspartner verstorben', LE: 'Lebenspartnerschaft durch Todeserklärung aufgelöst', NB: 'nicht bekannt',
};

export function maritalStatusLabel(code: string): string {
  return maritalStatusLabels[code] ?? code;
}

const sexLabels: Record<string, string> = { m: 'männlich', w: 'weiblich', d: 'divers', x: 'ohne Angabe' };

export function sexLabel(code: string): string {
  return sexLabels[code] ?? code;
}

const regionNames = new Intl.DisplayNames(['de'], { type: 'region' });

/** ISO 3166-1 alpha-2 → German country name (the Staatsangehörigkeit as the state it belongs to). */
export function countryName(code: string): string {
  try {
    return regionNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

// ——— dates ———

/** The calendar day in Germany of an ISO timestamp: the day of the Beglaubigung, YYYY-MM-DD. */
export function berlinDate(isoTimestamp: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(isoTimestamp));
}

// ——— scanner ———

export const scanSchema = z.object({
  /** Attachment ids of the scanned pages, in page order. */
  attachmentIds: z.array(z.string().min(1)).min(1),
  pageCount: z.number().int().min(1),
  dpi: z.number().int(),
  colour: z.boolean(),
  scannedAt: z.string(),
});
export type ScanRecord = z.infer<typeof scanSchema>;

const scanInputSchema = z.object({
  pages: z.number().int().min(1).max(50).optional(),
  dpi: z.number().int().optional(),
  colour: z.boolean().optional(),
  source: z.enum(['flatbed', 'feeder']).optional(),
}).strict();

/** A certified copy must be legible with stamps and seals in colour: 300 dpi colour by default. */
export const defaultScan = { dpi: 300, colour: true } as const;

/**
 * A scanner action that stores every page as a 'scan' attachment and records the page ids under
 * `field` (replacing an earlier scan, as arrays are replaced on merge).
 */
export function scanAction<TData>(label: Text, field: string, defaultPages: (data: Partial<TData>) => number): DeviceAction<TData> {
  return {
    label,
    async run(devices, input, data, facts) {
      const parsed = scanInputSchema.safeParse(input);
      if (!parsed.success) {
        throw new AppError('SCAN_INPUT_INVALID', `The scan settings are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}. Use pages 1–50, dpi 75–600, colour true/false, source flatbed or feeder.`, 400);
      }
      const pages = parsed.data.pages ?? defaultPages(data);
      const dpi = parsed.data.dpi ?? defaultScan.dpi;
      const colour = parsed.data.colour ?? defaultScan.colour;
      const source = parsed.data.source ?? (pages > 1 ? 'feeder' : 'flatbed');
      let scanned;
      try {
        scanned = await devices.scanner.scan({ pages, dpi, colour, source });
      } catch (error) {
        throw new AppError('SCANNER_FAILED', `The scanner did not deliver the pages (${error instanceof Error ? error.message : String(error)}). Check the paper and the connection, then scan again.`, 502);
      }
      if (scanned.length !== pages) {
        throw new AppError('SCANNER_FAILED', `The scanner delivered ${scanned.length} of ${pages} pages. Check the feeder and scan again.`, 502);
      }
      const record: ScanRecord = {
        attachmentIds: scanned.map((_, index) => `$attachment:${index}`),
        pageCount: scanned.length,
        dpi,
        colour,
        scannedAt: facts.now,
      };
      return {
        dataPatch: { [field]: record },
        attachments: scanned.map((page) => ({ kind: 'scan', mediaType: page.mediaType, content: page.content, biometric: false })),
      };
    },
  };
}

/** The scan exists, and each of its pages is a stored, undeleted scan attachment of this case. */
export function validateScan(scan: unknown, field: string, facts: CaseFacts, what: Text): Violation[] {
  const parsed = scanSchema.safeParse(scan);
  if (!parsed.success) {
    return [violation('SCAN_REQUIRED', field, `Scannen Sie ${what.de} ein.`, `Scan ${what.en}.`)];
  }
  const missing = parsed.data.attachmentIds.filter((id) => !facts.attachments.some((a) => a.id === id && a.kind === 'scan' && !a.deleted));
  if (missing.length > 0 || parsed.data.attachmentIds.length !== parsed.data.pageCount) {
    return [violation('SCAN_MISSING_PAGES', field,
      `Der Scan ist unvollständig (${missing.length} Seite(n) fehlen im Vorgang). Scannen Sie ${what.de} erneut ein.`,
      `The scan is incomplete (${missing.length} page(s) missing from the case). Scan ${what.en} again.`)];
  }
  // The certified copy embeds the scans as images; a scanner set to PDF output cannot be printed before the Vermerk.
  const notImages = parsed.data.attachmentIds.filter((id) => facts.attachments.some((a) => a.id === id && a.mediaType !== 'image/png' && a.mediaType !== 'image/jpeg'));
  if (notImages.length > 0) {
    return [violation('SCAN_FORMAT_UNSUPPORTED', field,
      `${notImages.length} gescannte Seite(n) sind kein Bild (PNG oder JPEG). Stellen Sie den Scanner auf Bildausgabe und scannen Sie ${what.de} erneut ein.`,
      `${notImages.length} scanned page(s) are not images (PNG or JPEG). Set the scanner to image output and scan ${what.en} again.`)];
  }
  return [];
}

// ——— completion guard ———

/**
 * complete() runs only on captured data; checking again here keeps a caller that skipped
 * validateCapture from printing a refused certificate or blocked data.
 */
export function assertCaptured(violations: Violation[]): void {
  if (violations.length === 0) return;
  throw new AppError('CASE_NOT_CAPTURED',
    `The case cannot be completed: ${violations.map((v) => `${v.field ?? 'case'}: ${v.message.en}`).join(' ')}`, 409, { violations });
}

/** Every certificate closes with place, day, officer and the Dienstsiegel. */
export function certificateSignature(facts: CaseFacts, completedAt: string, officerName: string): NonNullable<DocumentRequest['signature']> {
  return { place: facts.municipality.name, date: germanDate(berlinDate(completedAt)), officerName, seal: true };
}

export function field(label: string, value: string): DocumentField {
  return { label, value };
}

/**
 * Type errors the rule checks did not already report (a number typed as text, an unknown option),
 * one per field, so the officer still learns where the draft is wrong.
 */
export function schemaViolations(schema: z.ZodType, data: unknown, reported: Violation[]): Violation[] {
  const parsed = schema.safeParse(data);
  if (parsed.success) return [];
  const seen = new Set(reported.map((v) => v.field));
  const out: Violation[] = [];
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.');
    const top = issue.path[0] === undefined ? undefined : String(issue.path[0]);
    if (seen.has(path) || (top !== undefined && seen.has(top))) continue;
    seen.add(path);
    out.push(violation('FIELD_INVALID', path || undefined,
      `Das Feld „${path || 'Daten'}“ ist nicht gültig ausgefüllt (${issue.message}). Bitte korrigieren.`,
      `The field "${path || 'data'}" is not filled in validly (${issue.message}). Please correct it.`));
  }
  return out;
}
