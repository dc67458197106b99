/**
 * Führungszeugnis (Auskunft aus dem Bundeszentralregister, BZRG § 30): the Meldebehörde takes the
 * application, checks identity and the power of representation, and sends it to the Bundesamt für
 * Justiz; the certificate itself comes from the BfJ (to the applicant for type N, straight to the
 * authority for type O). 13 € (JVKostG), of which the Meldebehörde keeps 2/5 and remits 3/5.
 */
import type { BzrApplicationPayload, MessageAddress } from '../../../exchange/messages.ts';
import type { FeeQuote } from '../../../fees/types.ts';
import type { DocumentRequest, DocumentSection, Notice, Workflow } from '../../workflow.ts';
import { fullName, germanDate, messagePerson, notice } from '../text.ts';
import {
  applicantOf, applicantViolations, euNationalities, europeanViolations, feeWaiverViolations, identityHolder,
  identityViolations, kindViolations, subjectViolations, writtenRequestAttachment, writtenRequestViolations,
} from './rules.ts';
import { fuehrungszeugnisDataSchema, identityKinds, type FuehrungszeugnisData, type FuehrungszeugnisDraft } from './schema.ts';

export const bzrRecipientName = 'Bundesamt für Justiz – Bundeszentralregister';



function addressLines(address: MessageAddress): string[] {
  return [`${address.street} ${address.houseNumber}${address.addition ? `, ${address.addition}` : ''}`, `${address.postcode} ${address.city}`];
}

/** "Führungszeugnis zur Vorlage bei einer Behörde (Belegart O), erweitert (§ 30a BZRG)". */
export function certificateDescription(data: Pick<FuehrungszeugnisData, 'type' | 'extended' | 'european'>): string {
  const base = data.european ? 'Europäisches Führungszeugnis' : 'Führungszeugnis';
  const kind = data.type === 'O' ? 'zur Vorlage bei einer Behörde (Belegart O)' : 'für private Zwecke (Belegart N)';
  const extras = [data.extended ? 'erweitert (§ 30a BZRG)' : null, data.european ? 'mit Mitteilung des Herkunftsstaats (§ 30b BZRG)' : null].filter(Boolean);
  return [`${base} ${kind}`, ...extras].join(', ');
}

/** The quote's split, or 2/5 : 3/5 of its total when the quote carries none. */
function feeSplit(fee: FeeQuote): { municipalityCents: number; federalCents: number } {
  if (fee.split) return fee.split;
  const municipalityCents = Math.round((fee.totalCents * 2) / 5);
  return { municipalityCents, federalCents: fee.totalCents - municipalityCents };
}

const euro = (cents: number) => `${(cents / 100).toFixed(2).replace('.', ',')} €`;

function inspectionNotice(): Notice {
  return notice('FZ_INSPECTION_HINT',
    'Hinweis nach § 30 Abs. 5 BZRG: Enthält das Führungszeugnis Eintragungen, kann die antragstellende Person verlangen, dass es zunächst an ein Amtsgericht ihrer Wahl geschickt wird. Dort kann nur sie persönlich es einsehen; danach leitet das Amtsgericht es an die Behörde weiter, oder vernichtet es, wenn sie widerspricht.',
    'Notice under BZRG § 30(5): if the certificate contains entries, the applicant may ask that it first goes to a local court (Amtsgericht) of their choice. Only they can inspect it there in person; the court then forwards it to the authority, or destroys it if they object.',
    'inspectionHintAcknowledged');
}

export const fuehrungszeugnisWorkflow: Workflow<FuehrungszeugnisData> = {
  serviceId: 'fuehrungszeugnis',
  dataSchema: fuehrungszeugnisDataSchema,
  form: [
    {
      id: 'kind',
      title: { de: 'Art des Führungszeugnisses', en: 'Kind of certificate' },
      fields: [
        {
          name: 'type', kind: 'select', required: true, label: { de: 'Belegart', en: 'Type' },
          options: [
            { value: 'N', label: { de: 'N – für private Zwecke (an die antragstellende Person)', en: 'N – private (sent to the applicant)' } },
            { value: 'O', label: { de: 'O – zur Vorlage bei einer Behörde (direkt an die Behörde)', en: 'O – for an authority (sent straight to it)' } },
          ],
        },
        { name: 'extended', kind: 'boolean', label: { de: 'Erweitertes Führungszeugnis (§ 30a BZRG)', en: 'Extended certificate (BZRG § 30a)' } },
        {
          name: 'european', kind: 'boolean', label: { de: 'Europäisches Führungszeugnis (§ 30b BZRG)', en: 'European certificate (BZRG § 30b)' },
          help: { de: 'Nur für Staatsangehörige eines anderen EU-Mitgliedstaats.', en: 'Only for nationals of another EU member state.' },
        },
        { name: 'purpose', kind: 'text', label: { de: 'Verwendungszweck', en: 'Purpose' } },
      ],
    },
    {
      id: 'authority',
      title: { de: 'Empfangende Behörde', en: 'Receiving authority' },
      fields: [
        { name: 'recipientAuthority.name', kind: 'text', required: true, label: { de: 'Behörde', en: 'Authority' }, visibleWhen: { field: 'type', equals: ['O'] } },
        { name: 'recipientAuthority.address', kind: 'textarea', required: true, label: { de: 'Anschrift der Behörde', en: 'Address of the authority' }, visibleWhen: { field: 'type', equals: ['O'] } },
        { name: 'recipientAuthority.reference', kind: 'text', required: true, label: { de: 'Aktenzeichen der Behörde', en: 'Authority\'s reference number' }, visibleWhen: { field: 'type', equals: ['O'] } },
        {
          name: 'inspectionHintAcknowledged', kind: 'boolean', required: true, visibleWhen: { field: 'type', equals: ['O'] },
          label: { de: 'Auf die Einsichtnahme beim Amtsgericht hingewiesen (§ 30 Abs. 5 BZRG)', en: 'Told about inspection at a local court (BZRG § 30(5))' },
        },
        {
          name: 'inspectionCourt', kind: 'text', visibleWhen: { field: 'type', equals: ['O'] },
          label: { de: 'Amtsgericht zur Einsichtnahme (nur auf Wunsch)', en: 'Local court for inspection (only if asked for)' },
          help: { de: 'z. B. „Amtsgericht Bochum“; leer lassen, wenn keine Einsichtnahme gewünscht ist.', en: 'e.g. "Amtsgericht Bochum"; leave empty when no inspection is wanted.' },
        },
      ],
    },
    {
      id: 'written_request',
      title: { de: 'Schriftliche Aufforderung (§ 30a BZRG)', en: 'Written request (BZRG § 30a)' },
      fields: [
        { name: 'writtenRequest.attachmentId', kind: 'upload', required: true, label: { de: 'Scan der Aufforderung', en: 'Scan of the request' }, visibleWhen: { field: 'extended', equals: [true] } },
        { name: 'writtenRequest.issuer', kind: 'text', required: true, label: { de: 'Aussteller der Aufforderung', en: 'Issuer of the request' }, visibleWhen: { field: 'extended', equals: [true] } },
        { name: 'writtenRequest.date', kind: 'date', required: true, label: { de: 'Datum der Aufforderung', en: 'Date of the request' }, visibleWhen: { field: 'extended', equals: [true] } },
        {
          name: 'writtenRequest.confirmsPrerequisites', kind: 'boolean', required: true, visibleWhen: { field: 'extended', equals: [true] },
          label: { de: 'Die Aufforderung bestätigt die Voraussetzungen des § 30a Abs. 1 BZRG', en: 'The request confirms the prerequisites of BZRG § 30a(1)' },
        },
      ],
    },
    {
      id: 'identity',
      title: { de: 'Identitätsprüfung', en: 'Identity check' },
      fields: [
        {
          name: 'identity.source', kind: 'select', required: true, label: { de: 'Vorgelegter Ausweis', en: 'ID presented' },
          options: [
            { value: 'register', label: { de: 'Ausweis aus dem Melderegister', en: 'ID recorded in the register' } },
            { value: 'other', label: { de: 'Anderes Dokument', en: 'Other document' } },
          ],
        },
        { name: 'identity.serialNumber', kind: 'text', required: true, label: { de: 'Ausweisnummer', en: 'Document number' } },
        {
          name: 'identity.kind', kind: 'select', required: true, label: { de: 'Art des Dokuments', en: 'Kind of document' }, visibleWhen: { field: 'identity.source', equals: ['other'] },
          options: identityKinds.map((kind) => ({ value: kind.value, label: kind.label })),
        },
        { name: 'identity.issuingCountry', kind: 'text', required: true, label: { de: 'Ausstellungsstaat (z. B. FR)', en: 'Issuing state (e.g. FR)' }, visibleWhen: { field: 'identity.source', equals: ['other'] } },
        { name: 'identity.validUntil', kind: 'date', required: true, label: { de: 'Gültig bis', en: 'Valid until' }, visibleWhen: { field: 'identity.source', equals: ['other'] } },
      ],
    },
    {
      id: 'fee',
      title: { de: 'Gebühr', en: 'Fee' },
      fields: [
        { name: 'feeWaiver.requested', kind: 'boolean', label: { de: 'Gebührenbefreiung wegen Bedürftigkeit', en: 'Fee waiver on grounds of need' } },
        { name: 'feeWaiver.reason', kind: 'textarea', required: true, label: { de: 'Begründung und Nachweis', en: 'Reason and evidence' }, visibleWhen: { field: 'feeWaiver.requested', equals: [true] } },
      ],
    },
  ],
  initialData(facts) {
    const holder = identityHolder(facts);
    const document = holder?.documents.find((candidate) => candidate.status === 'valid' && candidate.validUntil >= facts.today
      && ['personalausweis', 'reisepass', 'eid_karte'].includes(candidate.kind));
    return {
      type: 'N',
      extended: false,
      european: false,
      ...(document ? { identity: { source: 'register' as const, serialNumber: document.serialNumber } } : {}),
    };
  },
  feeInput(data, facts) {
    const reason = data.feeWaiver?.reason?.trim();
    return {
      serviceId: 'fuehrungszeugnis',
      applicationDate: facts.today,
      birthDate: facts.subject?.birthDate ?? null,
      ...(data.feeWaiver?.requested === true && reason ? { waiver: { kind: 'beduerftigkeit' as const, reason } } : {}),
    };
  },
  validateCapture(data, facts) {
    const draft: FuehrungszeugnisDraft = data;
    return [
      ...subjectViolations(facts),
      ...applicantViolations(facts),
      ...kindViolations(draft, facts),
      ...writtenRequestViolations(draft, facts),
      ...europeanViolations(draft, facts),
      ...identityViolations(draft, facts),
      ...feeWaiverViolations(draft),
    ];
  },
  notices(data, facts) {
    const out: Notice[] = [];
    if (data.type === 'O') out.push(inspectionNotice());
    const eu = facts.subject ? euNationalities(facts.subject) : [];
    if (eu.length > 0 && data.european !== true) {
      out.push(notice('FZ_EUROPEAN_AVAILABLE',
        `Die Person ist Staatsangehörige(r) von ${eu.join(', ')}: Sie kann ein Europäisches Führungszeugnis beantragen, das auch die Auskunft des Herkunftsstaats enthält (§ 30b BZRG).`,
        `The person is a national of ${eu.join(', ')}: they can apply for a European certificate that includes the home state's record (BZRG § 30b).`));
    }
    if (data.european === true && eu.length > 0) {
      out.push(notice('FZ_EUROPEAN_TAKES_LONGER',
        'Beim Europäischen Führungszeugnis fragt das Bundesamt für Justiz das Strafregister des Herkunftsstaats an; die Bearbeitung dauert länger.',
        'For the European certificate the Federal Office of Justice asks the home state\'s criminal record; processing takes longer.'));
    }
    const applicant = applicantOf(facts);
    if (applicant.kind === 'betreuer') {
      out.push(notice('FZ_BETREUER_SCOPE',
        `Prüfen Sie auf dem Betreuerausweis, dass der Aufgabenkreis die Vertretung gegenüber Behörden umfasst (eingetragen: ${applicant.scope?.join(', ') || 'nichts'}).`,
        `Check on the Betreuer's card that their remit covers dealings with authorities (recorded: ${applicant.scope?.join(', ') || 'nothing'}).`));
    }
    if (data.feeWaiver?.requested === true) {
      out.push(notice('FZ_WAIVER_EVIDENCE',
        'Die Gebührenbefreiung braucht einen Nachweis der Bedürftigkeit; vermerken Sie ihn in der Begründung und nehmen Sie eine Kopie zur Akte.',
        'The fee waiver needs evidence of need; note it in the reason and keep a copy on file.'));
    }
    return out;
  },
  complete(data, facts, context) {
    const subject = facts.subject!;
    const residence = subject.residences[0]!;
    const address: MessageAddress = { ...residence.address };
    const applicant = applicantOf(facts);
    const split = feeSplit(context.fee);
    const typeO = data.type === 'O';
    const recipientAuthority = typeO && data.recipientAuthority
      ? { name: data.recipientAuthority.name?.trim() ?? '', address: data.recipientAuthority.address?.trim() ?? '', reference: data.recipientAuthority.reference?.trim() ?? '' }
      : null;
    const inspectionCourt = typeO && data.inspectionCourt?.trim() ? data.inspectionCourt.trim() : null;
    const identityDocument = data.identity.source === 'register'
      ? { kind: identityHolder(facts)?.documents.find((document) => document.serialNumber.toUpperCase() === data.identity.serialNumber.trim().toUpperCase()
        || document.serialNumber.toUpperCase().slice(0, 9) === data.identity.serialNumber.trim().toUpperCase())?.kind ?? 'personalausweis', serialNumber: data.identity.serialNumber.trim().toUpperCase() }
      : { kind: `${data.identity.kind ?? 'sonstiges'} (${(data.identity.issuingCountry ?? '').toUpperCase()})`, serialNumber: data.identity.serialNumber.trim().toUpperCase() };
    const writtenRequestAttachmentId = data.extended ? writtenRequestAttachment(data, facts).id : null;
    const legalRepresentative = applicant.kind === 'self' ? null : { kind: applicant.kind, name: applicant.name, evidence: applicant.evidence };

    const payload: BzrApplicationPayload = {
      kind: 'bzr_application',
      caseNumber: context.caseNumber,
      authority: { ags: facts.municipality.ags, name: facts.municipality.authorityName },
      applicationDate: facts.today,
      certificate: { type: data.type, extended: data.extended, european: data.european },
      recipientAuthority,
      purpose: data.purpose?.trim() || null,
      person: messagePerson(subject),
      address,
      identityDocument,
      writtenRequestAttachmentId,
      writtenRequest: data.extended && data.writtenRequest ? { issuer: data.writtenRequest.issuer?.trim() ?? '', date: data.writtenRequest.date ?? facts.today } : null,
      inspectionCourt,
      legalRepresentative,
      fee: { totalCents: context.fee.totalCents, municipalityCents: split.municipalityCents, federalCents: split.federalCents, waived: context.fee.waived !== null },
    };

    const sections: DocumentSection[] = [
      {
        heading: 'Ihr Antrag',
        fields: [
          { label: 'Aktenzeichen', value: context.caseNumber },
          { label: 'Antragsdatum', value: germanDate(facts.today) },
          { label: 'Beantragt', value: certificateDescription(data) },
          { label: 'Betroffene Person', value: `${fullName(subject)}, geboren am ${germanDate(subject.birthDate)}` },
          ...(legalRepresentative ? [{ label: 'Antragsteller (gesetzliche Vertretung)', value: `${legalRepresentative.name} (${legalRepresentative.evidence})` }] : []),
          ...(payload.purpose ? [{ label: 'Verwendungszweck', value: payload.purpose }] : []),
          ...(recipientAuthority ? [
            { label: 'Empfangende Behörde', value: `${recipientAuthority.name}, ${recipientAuthority.address.replace(/\s*\n\s*/g, ', ')}` },
            { label: 'Aktenzeichen der Behörde', value: recipientAuthority.reference },
          ] : []),
          ...(payload.writtenRequest ? [{ label: 'Schriftliche Aufforderung', value: `${payload.writtenRequest.issuer} vom ${germanDate(payload.writtenRequest.date)}` }] : []),
          { label: 'Identität nachgewiesen durch', value: `${identityDocument.kind}, Nr. ${identityDocument.serialNumber}` },
        ],
      },
      {
        heading: 'Gebühr',
        table: {
          columns: ['Position', 'Betrag'],
          rows: [
            ...context.fee.items.map((item) => [item.label, euro(item.amountCents)]),
            [context.fee.waived ? 'Zu zahlen (Gebührenbefreiung wegen Bedürftigkeit)' : 'Zu zahlen', euro(context.fee.totalCents)],
          ],
        },
      },
      {
        heading: 'Zustellung',
        paragraphs: [
          typeO && recipientAuthority
            ? `Das Bundesamt für Justiz schickt das Führungszeugnis unmittelbar an die Behörde: ${recipientAuthority.name}. Sie selbst erhalten kein Exemplar.`
            : applicant.kind === 'self'
              ? `Das Bundesamt für Justiz schickt Ihnen das Führungszeugnis mit der Post an Ihre Meldeanschrift: ${addressLines(address).join(', ')}.`
              : `Das Bundesamt für Justiz schickt das Führungszeugnis mit der Post an die Meldeanschrift der betroffenen Person: ${addressLines(address).join(', ')}.`,
          ...(inspectionCourt ? [`Enthält das Führungszeugnis Eintragungen, geht es zunächst an das ${inspectionCourt}. Dort können nur Sie persönlich es einsehen; danach wird es an die Behörde weitergeleitet, oder vernichtet, wenn Sie widersprechen.`] : []),
          ...(typeO && !inspectionCourt ? ['Sie wurden darauf hingewiesen, dass Sie die Übersendung an ein Amtsgericht zur Einsichtnahme verlangen können (§ 30 Abs. 5 BZRG).'] : []),
          ...(data.european ? ['Für das Europäische Führungszeugnis fragt das Bundesamt für Justiz auch das Strafregister Ihres Herkunftsstaats an; das kann länger dauern.'] : []),
        ],
      },
    ];
    const recipientPerson = applicant.kind === 'self'
      ? [fullName(subject), ...addressLines(address)]
      : [applicant.name, ...(applicant.address ? applicant.address.split(/\s*(?:\n|,)\s*/).filter(Boolean) : [])];
    const confirmation: DocumentRequest = {
      kind: 'fuehrungszeugnis_antrag',
      title: 'Bestätigung Ihres Antrags auf ein Führungszeugnis',
      recipient: recipientPerson,
      sections,
      verifiable: false,
      signature: { place: facts.municipality.name, date: germanDate(facts.today), officerName: context.officer.name, seal: false },
    };
    return {
      documents: [confirmation],
      messages: [{ payload, recipientName: bzrRecipientName, dueBy: null }],
      registerChanges: [],
    };
  },
};
