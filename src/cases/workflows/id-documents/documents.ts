/**
 * The documents of an ID document case, as content (German): the application summary the holder
 * signs, the PIN-letter receipt and the hand-over record (PAuswV § 4: date and time). None of them
 * carries fingerprint images or scores; the summary names the fingers only. Blocked register data
 * (Auskunftssperre, bedingter Sperrvermerk) is printed only for a recipient entitled to it.
 */
import type { Applicant, CaseFacts, DocumentField, DocumentRequest, DocumentSection, PersonFacts } from '../../workflow.ts';
import type { FeeQuote } from '../../../fees/types.ts';
import { germanDate, germanDateTime } from '../text.ts';
import type { IdDocumentData } from './data.ts';
import { assessFingerprints, fingerName } from './fingerprints.ts';
import { derive, signatureAttachmentOf, type IdDocumentKind } from './rules.ts';

/** The calendar day (YYYY-MM-DD) of a timestamp in Germany. */
function berlinDay(isoTimestamp: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(isoTimestamp));
}

import { fullName } from '../text.ts';

export { fullName };

/** Given names with the gebräuchlicher Vorname marked, as the application lists them. */
function givenNamesWithPreferred(person: PersonFacts): string {
  return person.givenNames.map((name, index) => (index === person.preferredGivenName && person.givenNames.length > 1 ? `${name} (gebräuchlich)` : name)).join(' ');
}

export function formatAddress(address: { street?: string | null; houseNumber?: string | null; addition?: string | null; postcode?: string | null; city?: string | null }): string {
  return `${address.street ?? ''} ${address.houseNumber ?? ''}${address.addition ? ` ${address.addition}` : ''}, ${address.postcode ?? ''} ${address.city ?? ''}`.trim();
}

/**
 * Who may read the holder's blocked data on paper: the holder, the gesetzliche Vertretung and a
 * Bevollmächtigte with certified power of attorney act for the holder; a care home's head or
 * someone collecting the document does not.
 */
export type DocumentRecipient = 'holder' | 'legal_representative' | 'betreuer' | 'parent' | 'authorised_person' | 'care_home_head' | 'collector' | 'postal';

export function recipientOfApplicant(applicant: Applicant | undefined): DocumentRecipient {
  return !applicant || applicant.kind === 'self' ? 'holder' : applicant.kind;
}

export function mayPrintBlockedData(person: PersonFacts, recipient: DocumentRecipient): boolean {
  if (person.blocks.length === 0) return true;
  return recipient === 'holder' || recipient === 'legal_representative' || recipient === 'betreuer' || recipient === 'parent' || recipient === 'authorised_person';
}

const blockedNote = 'Weitere Angaben zur Person sind wegen einer Auskunftssperre nicht abgedruckt.';

function personFields(person: PersonFacts, printBlocked: boolean): DocumentField[] {
  const fields: DocumentField[] = [
    { label: 'Familienname', value: person.familyName },
  ];
  if (person.birthName && person.birthName !== person.familyName) fields.push({ label: 'Geburtsname', value: person.birthName });
  fields.push({ label: 'Vornamen', value: givenNamesWithPreferred(person) });
  if (person.doctoralDegree) fields.push({ label: 'Doktorgrad', value: person.doctoralDegree });
  if (person.religiousName) fields.push({ label: 'Ordensname', value: person.religiousName });
  if (person.artistName) fields.push({ label: 'Künstlername', value: person.artistName });
  fields.push({ label: 'Geburtsdatum', value: germanDate(person.birthDate) });
  if (!printBlocked) return fields;
  fields.push({ label: 'Geburtsort', value: person.birthPlace ?? 'unbekannt' });
  fields.push({ label: 'Staatsangehörigkeit', value: person.nationalities.includes('DE') ? 'deutsch' : person.nationalities.join(', ') });
  const haupt = person.residences.find((r) => r.kind === 'haupt' && r.movedOut === null);
  fields.push({ label: 'Anschrift (Hauptwohnung)', value: haupt ? formatAddress(haupt.address) : 'keine Hauptwohnung im Register' });
  return fields;
}

function feeSection(fee: FeeQuote | null): DocumentSection | null {
  if (!fee) return null;
  const euro = (cents: number) => `${(cents / 100).toFixed(2).replace('.', ',')} €`;
  return {
    heading: 'Gebühren',
    table: {
      columns: ['Position', 'Rechtsgrundlage', 'Betrag'],
      rows: [...fee.items.map((item) => [item.label, item.legalBasis, euro(item.amountCents)]), ['Summe', '', fee.waived ? `${euro(0)} (erlassen: ${fee.waived.reason})` : euro(fee.totalCents)]],
    },
  };
}

function applicantFields(applicant: Applicant | undefined): DocumentField[] {
  if (!applicant || applicant.kind === 'self') return [{ label: 'Antragstellung', value: 'durch die Person selbst' }];
  const kinds: Record<Exclude<Applicant['kind'], 'self'>, string> = {
    legal_representative: 'gesetzliche Vertretung', betreuer: 'Betreuer/in (Aufenthaltsbestimmung)', parent: 'Elternteil (sorgeberechtigt)',
    care_home_head: 'Leitung der Einrichtung', authorised_person: 'Bevollmächtigte/r (öffentlich beglaubigte Vollmacht)',
  };
  return [
    { label: 'Antragstellung', value: `${kinds[applicant.kind]}: ${applicant.name}` },
    { label: 'Nachweis der Vertretung', value: applicant.evidence },
  ];
}

export interface SummaryInput {
  kind: IdDocumentKind;
  data: IdDocumentData;
  facts: CaseFacts;
  caseNumber: string;
  serialNumber: string | null;
  fee: FeeQuote | null;
  officerName: string;
}

/** The application summary: every captured item the holder confirms with the signature. */
export function applicationSummary(input: SummaryInput): DocumentRequest {
  const { kind, data, facts } = input;
  const person = facts.subject!;
  const derived = derive(kind, data, facts);
  const printBlocked = mayPrintBlockedData(person, recipientOfApplicant(facts.applicant));
  const documentFields: DocumentField[] = [
    { label: 'Dokument', value: kind.title },
    { label: 'Vorgangsnummer', value: input.caseNumber },
    { label: 'Antragsdatum', value: germanDate(facts.today) },
    { label: 'Ausstellende Behörde', value: facts.municipality.authorityName },
  ];
  if (input.serialNumber) documentFields.push({ label: 'Seriennummer', value: input.serialNumber });
  if (derived.validUntil) documentFields.push({ label: 'Gültig bis', value: germanDate(derived.validUntil) });
  if (kind.passportOptions) {
    documentFields.push({ label: 'Seitenzahl', value: data.passport?.pages === '48' ? '48 Seiten' : '32 Seiten' });
    documentFields.push({ label: 'Expressverfahren', value: data.passport?.express ? 'ja' : 'nein' });
  }

  const photo = kind.provisional && data.paperPhoto?.provided
    ? `Papierlichtbild, aufgenommen von ${data.paperPhoto.takenBy ?? 'unbekannt'}`
    : `${data.photo?.source === 'photo_code' ? 'per Lichtbild-Code abgerufen' : 'durch die Behörde aufgenommen'}; lichtbildaufnehmende Stelle: ${data.photo?.takenBy ?? 'unbekannt'}${data.photo?.takenAt ? `, ${germanDateTime(data.photo.takenAt)}` : ''}`;
  const biometrics: DocumentField[] = [{ label: 'Lichtbild', value: photo }];
  if (kind.fingerprints) biometrics.push({ label: 'Fingerabdrücke', value: fingerprintSummary(data, derived.age) });
  const signature = !derived.signatureRequired
    ? 'entfällt (unter 10 Jahren)'
    : data.signatureImpossible
      ? `nicht möglich: ${data.signatureImpossibleReason ?? ''}`
      : signatureAttachmentOf(data, facts.attachments) ? 'auf dem Unterschriftenfeld geleistet' : 'fehlt';
  biometrics.push({ label: 'Unterschrift', value: signature });
  biometrics.push({ label: 'Größe', value: data.heightCm ? `${data.heightCm} cm` : 'fehlt' });
  biometrics.push({ label: 'Augenfarbe', value: data.eyeColour ?? 'fehlt' });

  const sections: DocumentSection[] = [
    { heading: 'Antrag', fields: documentFields },
    { heading: 'Angaben zur Person', fields: [...personFields(person, printBlocked), ...applicantFields(facts.applicant)] },
    { heading: 'Lichtbild, Fingerabdrücke, Unterschrift, Merkmale', fields: biometrics },
  ];
  if (!printBlocked) sections[1]!.paragraphs = [blockedNote];
  if (kind.eid) {
    sections.push({
      heading: 'Online-Ausweisfunktion',
      fields: [
        { label: 'Online-Ausweisfunktion', value: derived.eIdEnabled ? 'eingeschaltet' : 'ausgeschaltet (unter 16 Jahren)' },
        { label: 'PIN-Brief', value: derived.pinLetter ? 'ja' : 'nein (die Person wird während der Gültigkeit nicht 16)' },
      ],
    });
  }
  if (kind.postalDelivery) {
    const delivery = data.delivery;
    sections.push({
      heading: 'Aushändigung',
      fields: [{
        label: 'Art',
        value: delivery?.kind === 'postal'
          ? `Versand per Post an ${delivery.recipientName ?? fullName(person)}, ${printBlocked ? formatAddress(delivery.address ?? {}) : '(Anschrift nicht abgedruckt)'}`
          : 'Abholung bei der Behörde',
      }],
    });
  }
  const fees = feeSection(input.fee);
  if (fees) sections.push(fees);
  sections.push({
    paragraphs: [
      'Ich habe die vorstehenden Angaben geprüft. Sie sind richtig und vollständig. Mit meiner Unterschrift beantrage ich die Ausstellung des Dokuments.',
      'Die Fingerabdrücke werden nur auf dem Chip gespeichert und bei der Behörde spätestens mit der Aushändigung des Dokuments gelöscht (PAuswG § 26 Abs. 2, PassG § 16 Abs. 2).',
    ],
  });
  return {
    kind: 'antragsuebersicht',
    title: `Antragsübersicht ${kind.title}`,
    recipient: [fullName(person)],
    sections,
    verifiable: false,
    signature: { place: facts.municipality.name, date: facts.today, officerName: input.officerName, seal: false },
  };
}

function fingerprintSummary(data: IdDocumentData, age: number | null): string {
  if (age !== null && age < 6) return 'keine (unter 6 Jahren)';
  const selected = assessFingerprints(data.fingerprints ?? {}).selected;
  const names = selected.map((a) => fingerName(a.finger).de).join(', ');
  if (data.fingerprints?.exempt) return `${names ? `${names}; ` : ''}Befreiung: ${data.fingerprints.exemptionReason ?? ''}`;
  return names || 'keine erfasst';
}

/** Receipt for the PIN letter (PAuswV § 4): handed over sealed, with date and time. */
export function pinLetterReceipt(input: { kind: IdDocumentKind; facts: CaseFacts; caseNumber: string; serialNumber: string | null; at: string; officerName: string }): DocumentRequest {
  const person = input.facts.subject!;
  const receiver = input.facts.applicant && input.facts.applicant.kind !== 'self' ? input.facts.applicant.name : fullName(person);
  return {
    kind: 'pin_letter_receipt',
    title: 'Empfangsbestätigung PIN-Brief',
    recipient: [fullName(person)],
    sections: [{
      fields: [
        { label: 'Ausweisinhaber/in', value: fullName(person) },
        { label: 'Geburtsdatum', value: germanDate(person.birthDate) },
        { label: 'Vorgangsnummer', value: input.caseNumber },
        ...(input.serialNumber ? [{ label: 'Seriennummer des Personalausweises', value: input.serialNumber }] : []),
        { label: 'PIN-Brief ausgehändigt am', value: germanDateTime(input.at) },
        { label: 'Empfangen von', value: receiver },
      ],
      paragraphs: [
        'Der PIN-Brief wurde verschlossen übergeben. Die PIN kennt nur die Ausweisinhaberin oder der Ausweisinhaber; die Behörde hat sie weder gesehen noch gespeichert.',
        'Den PIN-Brief bitte getrennt vom Ausweis aufbewahren.',
      ],
    }],
    verifiable: false,
    signature: { place: input.facts.municipality.name, date: berlinDay(input.at), officerName: input.officerName, seal: false },
  };
}

export interface HandOverRecordInput {
  kind: IdDocumentKind;
  facts: CaseFacts;
  caseNumber: string;
  serialNumber: string;
  validUntil: string;
  handedOverOn: string;
  handedOverTime: string;
  recipient: DocumentRecipient;
  receiverName: string | null;
  receiverEvidence: string | null;
  oldDocument: { serialNumber: string; outcome: string } | null;
  fingerprintsDeleted: boolean;
  officerName: string;
}

const outcomeText: Record<string, string> = {
  invalidated_returned: 'entwertet und der Person zurückgegeben',
  handed_in: 'abgegeben und einbehalten',
  not_presented: 'nicht vorgelegt; im Register für ungültig erklärt',
};

/** The hand-over record (PAuswV § 4): who received which document when; fingerprints deleted. */
export function handOverRecord(input: HandOverRecordInput): DocumentRequest {
  const person = input.facts.subject!;
  const printBlocked = mayPrintBlockedData(person, input.recipient);
  const received = input.recipient === 'holder'
    ? `die Ausweisinhaberin/der Ausweisinhaber persönlich`
    : input.recipient === 'postal'
      ? 'Versand per Post an die Person'
      : `${input.receiverName ?? ''} (${input.recipient === 'collector' ? 'abholberechtigte Person' : 'gesetzliche Vertretung'}; Nachweis: ${input.receiverEvidence ?? ''})`;
  const fields: DocumentField[] = [
    { label: 'Dokument', value: input.kind.title },
    { label: 'Seriennummer', value: input.serialNumber },
    { label: 'Gültig bis', value: germanDate(input.validUntil) },
    { label: 'Vorgangsnummer', value: input.caseNumber },
    { label: 'Ausweisinhaber/in', value: fullName(person) },
  ];
  if (printBlocked) {
    fields.push({ label: 'Geburtsdatum', value: germanDate(person.birthDate) });
    const haupt = person.residences.find((r) => r.kind === 'haupt' && r.movedOut === null);
    if (haupt) fields.push({ label: 'Anschrift', value: formatAddress(haupt.address) });
  }
  fields.push({ label: 'Ausgehändigt am', value: `${germanDate(input.handedOverOn)}, ${input.handedOverTime} Uhr` });
  fields.push({ label: 'Empfangen durch', value: received });
  if (input.oldDocument) {
    fields.push({ label: 'Bisheriges Dokument', value: `${input.oldDocument.serialNumber}: ${outcomeText[input.oldDocument.outcome] ?? input.oldDocument.outcome}` });
  }
  const paragraphs = input.kind.fingerprints
    ? [input.fingerprintsDeleted
      ? 'Die bei der Antragstellung erfassten Fingerabdrücke wurden mit der Aushändigung bei der Behörde gelöscht (PAuswG § 26 Abs. 2, PassG § 16 Abs. 2).'
      : 'Bei der Antragstellung wurden keine Fingerabdrücke erfasst.']
    : [];
  if (!printBlocked) paragraphs.push(blockedNote);
  return {
    kind: 'handover_record',
    title: `Aushändigungsnachweis ${input.kind.title}`,
    recipient: [fullName(person)],
    sections: [{ fields, paragraphs }],
    verifiable: false,
    signature: { place: input.facts.municipality.name, date: input.handedOverOn, officerName: input.officerName, seal: false },
  };
}
