/**
 * Beglaubigung einer Unterschrift (§ 34 VwVfG).
 *
 * - Abs. 1 Satz 1: only when the signed document is needed for submission to an authority, or to
 *   another body to which it must be submitted by law — so the recipient is always named.
 * - Abs. 1 Satz 2: never a signature without accompanying text (a blank sheet), never one that
 *   needs öffentliche Beglaubigung (§ 129 BGB: Grundbuch, Handels- and Vereinsregister,
 *   Erbausschlagung …) — that is the notary's.
 * - Abs. 2: signed or acknowledged in the officer's presence.
 * - Abs. 3: the Vermerk confirms the signature is genuine, names the signer exactly, says whether
 *   the officer made sure who the person is and whether the signature was made or acknowledged in
 *   their presence, limits the use to the named recipient, and carries place, day, signature and
 *   Dienstsiegel. It is attached immediately at the signature.
 */
import { z } from 'zod';
import type { CaseFacts, DocumentRequest, FormStep, Notice, PersonFacts, Text, Violation, Workflow } from '../../workflow.ts';
import { germanDate, notice, violation } from '../text.ts';
import {
  assertCaptured, certificateSignature, field, identityFields, identityFormFields, identityLine, identityNotices, integer, isBlocked,
  personIdentificationFields, purposeFields, purposeFormFields, purposeWaiver, schemaViolations, text, validateIdentity, validateInPerson,
  validatePurpose, validateSubject, waiverNote,
} from './common.ts';

export const signatureModes = ['vollzogen', 'anerkannt'] as const;

const signatureModeLabels: Record<(typeof signatureModes)[number], Text> = {
  vollzogen: { de: 'vor der Bediensteten / dem Bediensteten vollzogen', en: 'signed in the officer\'s presence' },
  anerkannt: { de: 'vor der Bediensteten / dem Bediensteten als eigene anerkannt', en: 'acknowledged as own in the officer\'s presence' },
};

export const recipientKinds = ['authority', 'statutory_body', 'private'] as const;

const recipientKindLabels: Record<(typeof recipientKinds)[number], Text> = {
  authority: { de: 'Behörde', en: 'authority' },
  statutory_body: { de: 'Stelle, der das Schriftstück durch Rechtsvorschrift vorzulegen ist', en: 'body to which the document must be submitted by law' },
  private: { de: 'private Stelle ohne Vorlagepflicht (Bank, Arbeitgeber, Vermieter …)', en: 'private body without a legal requirement (bank, employer, landlord …)' },
};

/**
 * Matters where the law requires öffentliche Beglaubigung (§ 129 BGB), which § 34 Abs. 1 Satz 2
 * Nr. 2 VwVfG leaves to the notary (and, for Vorsorgevollmachten, the Betreuungsbehörde).
 */
export const reservedMatters = ['none', 'grundbuch', 'handelsregister', 'vereinsregister', 'genossenschafts_partnerschaftsregister', 'gueterrechtsregister', 'erbrecht', 'other_public_certification'] as const;
export type ReservedMatter = (typeof reservedMatters)[number];

const reservedMatterLabels: Record<ReservedMatter, Text & { basis: string }> = {
  none: { de: 'keine öffentliche Beglaubigung vorgeschrieben', en: 'no public certification required', basis: '' },
  grundbuch: { de: 'Erklärung gegenüber dem Grundbuchamt', en: 'declaration to the land registry', basis: '§ 29 GBO' },
  handelsregister: { de: 'Anmeldung zum Handelsregister', en: 'filing with the commercial register', basis: '§ 12 HGB' },
  vereinsregister: { de: 'Anmeldung zum Vereinsregister', en: 'filing with the register of associations', basis: '§ 77 BGB' },
  genossenschafts_partnerschaftsregister: { de: 'Anmeldung zum Genossenschafts- oder Partnerschaftsregister', en: 'filing with the cooperative or partnership register', basis: '§ 157 GenG, § 5 PartGG' },
  gueterrechtsregister: { de: 'Antrag zum Güterrechtsregister', en: 'application to the matrimonial property register', basis: '§ 1560 BGB' },
  erbrecht: { de: 'Erbausschlagung oder andere Erklärung gegenüber dem Nachlassgericht', en: 'disclaimer of an inheritance or other declaration to the probate court', basis: '§ 1945 BGB' },
  other_public_certification: { de: 'andere Erklärung, für die öffentliche Beglaubigung vorgeschrieben ist', en: 'another declaration that must be publicly certified', basis: '§ 129 BGB' },
};

export const beglaubigungUnterschriftSchema = z.object({
  ...identityFields,
  signatureMode: z.enum(signatureModes),
  /** The exact designation of the signed document, e.g. "Antrag auf Altersrente vom 28.11.2026". */
  documentTitle: z.string().min(3).max(200),
  documentDate: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/).default(''),
  documentPages: z.number().int().min(1).max(100),
  /** § 34 Abs. 1 Satz 2 Nr. 1: the signature stands under a text (no blank signatures). */
  documentHasText: z.literal(true),
  reservedMatter: z.enum(reservedMatters),
  recipientName: z.string().min(2).max(200),
  recipientKind: z.enum(recipientKinds),
  /** Each certified signature gets its own Vermerk at the signature, and the fee counts each. */
  signatures: z.number().int().min(1).max(20).default(1),
  ...purposeFields,
});
export type BeglaubigungUnterschriftData = z.infer<typeof beglaubigungUnterschriftSchema>;

const form: FormStep[] = [
  {
    id: 'signer',
    title: { de: 'Unterzeichnende Person', en: 'Signer' },
    fields: [
      ...identityFormFields(),
      { name: 'signatureMode', kind: 'select', required: true, label: { de: 'Unterschrift', en: 'Signature' }, options: signatureModes.map((value) => ({ value, label: signatureModeLabels[value] })) },
    ],
  },
  {
    id: 'document',
    title: { de: 'Schriftstück', en: 'Document' },
    fields: [
      { name: 'documentTitle', kind: 'text', required: true, label: { de: 'Genaue Bezeichnung des Schriftstücks', en: 'Exact title of the document' } },
      { name: 'documentDate', kind: 'date', label: { de: 'Datum des Schriftstücks', en: 'Date of the document' } },
      { name: 'documentPages', kind: 'number', required: true, min: 1, max: 100, label: { de: 'Seitenzahl', en: 'Pages' } },
      { name: 'documentHasText', kind: 'boolean', required: true, label: { de: 'Über der Unterschrift steht ein Text (keine Blankounterschrift)', en: 'There is text above the signature (no blank signature)' } },
      {
        name: 'reservedMatter', kind: 'select', required: true,
        label: { de: 'Ist öffentliche Beglaubigung (§ 129 BGB) vorgeschrieben?', en: 'Is public certification (§ 129 BGB) required?' },
        options: reservedMatters.map((value) => ({ value, label: reservedMatterLabels[value] })),
      },
      { name: 'signatures', kind: 'number', required: true, min: 1, max: 20, label: { de: 'Anzahl zu beglaubigender Unterschriften', en: 'Number of signatures to certify' } },
    ],
  },
  {
    id: 'use',
    title: { de: 'Verwendung', en: 'Use' },
    fields: [
      { name: 'recipientName', kind: 'text', required: true, label: { de: 'Vorlage bei (Behörde oder Stelle)', en: 'For submission to (authority or body)' } },
      { name: 'recipientKind', kind: 'select', required: true, label: { de: 'Art der Stelle', en: 'Kind of recipient' }, options: recipientKinds.map((value) => ({ value, label: recipientKindLabels[value] })) },
      ...purposeFormFields(),
    ],
  },
];

function validate(data: Partial<BeglaubigungUnterschriftData>, facts: CaseFacts): Violation[] {
  const { subject, violations: result } = validateSubject(facts);
  result.push(...validateInPerson(facts,
    'Eine Unterschrift wird nur beglaubigt, wenn die unterzeichnende Person selbst vor der Bediensteten / dem Bediensteten unterschreibt oder ihre Unterschrift anerkennt (§ 34 Abs. 2 VwVfG). Eine Vertretung ist nicht möglich.',
    'A signature is certified only when the signer personally signs or acknowledges it before the officer (§ 34(2) VwVfG). Nobody can do this for them.'));
  if (subject?.dateOfDeath) {
    result.push(violation('SUBJECT_DECEASED', 'subject', 'Im Melderegister ist für diese Person ein Sterbedatum gespeichert. Prüfen Sie die Personenauswahl.', 'The register records a date of death for this person. Check the person selected.'));
  }
  result.push(...validateIdentity(data, subject, facts.today));
  if (!(signatureModes as readonly unknown[]).includes(data.signatureMode)) {
    result.push(violation('SIGNATURE_NOT_IN_PRESENCE', 'signatureMode',
      'Die Unterschrift muss vor Ihnen vollzogen oder als eigene anerkannt werden (§ 34 Abs. 2 VwVfG). Wählen Sie aus, was geschehen ist.',
      'The signature must be made or acknowledged as own before you (§ 34(2) VwVfG). Choose which happened.'));
  }
  if (text(data.documentTitle).length < 3) {
    result.push(violation('DOCUMENT_TITLE_REQUIRED', 'documentTitle', 'Tragen Sie die genaue Bezeichnung des unterschriebenen Schriftstücks ein.', 'Enter the exact title of the signed document.'));
  }
  const date = text(data.documentDate);
  if (date !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    result.push(violation('DOCUMENT_DATE_INVALID', 'documentDate', 'Das Datum des Schriftstücks ist kein gültiges Datum.', 'The date of the document is not a valid date.'));
  } else if (date > facts.today) {
    result.push(violation('DOCUMENT_DATE_IN_FUTURE', 'documentDate', 'Das Datum des Schriftstücks liegt in der Zukunft; prüfen Sie die Eingabe.', 'The date of the document is in the future; check the entry.'));
  }
  const pages = integer(data.documentPages);
  if (pages === null || pages < 1 || pages > 100) {
    result.push(violation('DOCUMENT_PAGES_REQUIRED', 'documentPages', 'Tragen Sie die Seitenzahl des Schriftstücks ein (1 bis 100).', 'Enter the number of pages of the document (1 to 100).'));
  }
  if (data.documentHasText !== true) {
    result.push(violation('SIGNATURE_WITHOUT_TEXT', 'documentHasText',
      'Unterschriften ohne zugehörigen Text werden nicht beglaubigt (§ 34 Abs. 1 Satz 2 Nr. 1 VwVfG). Bestätigen Sie, dass über der Unterschrift der Text des Schriftstücks steht.',
      'Signatures without accompanying text are not certified (§ 34(1) sentence 2 no. 1 VwVfG). Confirm that the document\'s text stands above the signature.'));
  }
  const matter = data.reservedMatter;
  if (!(reservedMatters as readonly unknown[]).includes(matter)) {
    result.push(violation('RESERVED_MATTER_REQUIRED', 'reservedMatter', 'Klären Sie, ob für das Schriftstück öffentliche Beglaubigung (§ 129 BGB) vorgeschrieben ist, und wählen Sie aus.', 'Find out whether the document needs public certification (§ 129 BGB) and choose.'));
  } else if (matter !== 'none') {
    const label = reservedMatterLabels[matter as ReservedMatter];
    result.push(violation('PUBLIC_CERTIFICATION_REQUIRED', 'reservedMatter',
      `${label.de} (${label.basis}) braucht die öffentliche Beglaubigung nach § 129 BGB; sie ist der Behörde verwehrt (§ 34 Abs. 1 Satz 2 Nr. 2 VwVfG). Verweisen Sie an eine Notarin oder einen Notar.`,
      `A ${label.en} (${label.basis}) needs public certification under § 129 BGB, which the authority may not do (§ 34(1) sentence 2 no. 2 VwVfG). Refer the citizen to a notary.`));
  }
  if (text(data.recipientName).length < 2) {
    result.push(violation('RECIPIENT_REQUIRED', 'recipientName',
      'Tragen Sie die Behörde oder Stelle ein, bei der das Schriftstück vorgelegt wird; der Vermerk beschränkt die Beglaubigung auf sie (§ 34 Abs. 3 Nr. 3 VwVfG).',
      'Enter the authority or body the document is submitted to; the Vermerk limits the certification to it (§ 34(3) no. 3 VwVfG).'));
  }
  if (data.recipientKind === 'private') {
    result.push(violation('RECIPIENT_NOT_ENTITLED', 'recipientKind',
      'Die Behörde beglaubigt Unterschriften nur für die Vorlage bei einer Behörde oder einer Stelle, der das Schriftstück durch Rechtsvorschrift vorzulegen ist (§ 34 Abs. 1 Satz 1 VwVfG). Für private Stellen verweisen Sie an eine Notarin oder einen Notar.',
      'The authority certifies signatures only for submission to an authority or a body to which the document must be submitted by law (§ 34(1) sentence 1 VwVfG). For private recipients refer the citizen to a notary.'));
  } else if (!(recipientKinds as readonly unknown[]).includes(data.recipientKind)) {
    result.push(violation('RECIPIENT_KIND_REQUIRED', 'recipientKind', 'Wählen Sie aus, ob die Empfängerin eine Behörde oder eine Stelle mit gesetzlicher Vorlagepflicht ist.', 'Choose whether the recipient is an authority or a body with a legal submission requirement.'));
  }
  // Absent means one signature (the schema's default).
  const signatures = data.signatures === undefined ? 1 : integer(data.signatures);
  if (signatures === null || signatures < 1 || signatures > 20) {
    result.push(violation('SIGNATURES_INVALID', 'signatures', 'Tragen Sie die Anzahl der zu beglaubigenden Unterschriften ein (1 bis 20).', 'Enter the number of signatures to certify (1 to 20).'));
  }
  result.push(...validatePurpose(data));
  return [...result, ...schemaViolations(beglaubigungUnterschriftSchema, data, result)];
}

export function unterschriftsbeglaubigung(data: BeglaubigungUnterschriftData, facts: CaseFacts, context: { caseNumber: string; completedAt: string; officer: { name: string }; fee: { waived: unknown } }, index: number): DocumentRequest {
  const person = facts.subject as PersonFacts;
  const how = data.signatureMode === 'vollzogen' ? 'heute vor mir vollzogen' : 'heute vor mir als eigene anerkannt';
  const recipient = data.recipientName.trim();
  // The Vermerk goes to the named recipient: a blocked address stays off it (BMG §§ 51, 52).
  const signer = personIdentificationFields(person, facts.today, { withAddress: !isBlocked(person) });
  const pages = data.documentPages === 1 ? '1 Seite' : `${data.documentPages} Seiten`;
  const document = [field('Schriftstück', `${data.documentTitle.trim()}${data.documentDate ? ` vom ${germanDate(data.documentDate)}` : ''} (${pages})`)];
  // The day is in the closing block and on the verify page; the recipient is certified as printed.
  const certification = [field('Nur zur Vorlage bei', recipient)];
  const certified = new Set(['Name', 'Geboren', 'Schriftstück', 'Nur zur Vorlage bei']);
  return {
    kind: 'unterschriftsbeglaubigung',
    title: 'Unterschriftsbeglaubigung',
    // Kept to one page with the verification block: the statements first, then the fields they refer to.
    sections: [
      {
        paragraphs: [
          `Die vorstehende Unterschrift ist echt. Sie wurde ${how} von der nachstehend bezeichneten Person, die sich durch ${identityLine(data)} ausgewiesen hat; ich habe mir Gewissheit über die Person verschafft.`,
          // § 34 Abs. 3 Nr. 3 in its own words; the field below names the authority or body (and is certified).
          `Die Beglaubigung ist nur zur Vorlage bei der angegebenen Behörde oder Stelle bestimmt; sie gilt nicht dem Inhalt des Schriftstücks.${data.signatures > 1 ? ` Beglaubigung ${index} von ${data.signatures}.` : ''}${waiverNote(data, context.fee.waived)}`,
        ],
      },
      { fields: [...signer, ...document, ...certification] },
    ],
    verifiable: true,
    certifies: [...signer, ...document, ...certification].filter((f) => certified.has(f.label)),
    signature: certificateSignature(facts, context.completedAt, context.officer.name),
  };
}

export const beglaubigungUnterschrift: Workflow<BeglaubigungUnterschriftData> = {
  serviceId: 'beglaubigung_unterschrift',
  dataSchema: beglaubigungUnterschriftSchema,
  form,
  initialData: () => ({ signatures: 1, documentPages: 1, documentDate: '', reservedMatter: 'none', purpose: 'general', purposeDetail: '' }),
  feeInput(data, facts) {
    const waiver = purposeWaiver(data);
    return {
      serviceId: 'beglaubigung_unterschrift',
      applicationDate: facts.today,
      birthDate: facts.subject?.birthDate ?? null,
      signatures: integer(data.signatures) ?? 1,
      ...(waiver ? { waiver } : {}),
    };
  },
  validateCapture: validate,
  notices(data, facts) {
    const out: Notice[] = [
      ...identityNotices(data, facts.subject),
      // § 34 Abs. 3 VwVfG: the Vermerk belongs at the signature; the paper one is joined to the document there.
      notice('ATTACH_AT_SIGNATURE',
        'Verbinden Sie den Vermerk unmittelbar bei der beglaubigten Unterschrift fest mit dem Schriftstück und siegeln Sie über die Verbindung (§ 34 Abs. 3 VwVfG).',
        'Join the Vermerk firmly to the document right at the certified signature and seal across the join (§ 34(3) VwVfG).'),
    ];
    if (facts.subject && isBlocked(facts.subject)) {
      out.push(notice('ADDRESS_NOT_PRINTED', 'Für die Person besteht eine Melderegistersperre: Der Vermerk nennt ihre Anschrift nicht.', 'The person\'s register entry is blocked: the Vermerk does not print their address.'));
    }
    return out;
  },
  complete(data, facts, context) {
    assertCaptured(validate(data, facts));
    const documents = Array.from({ length: data.signatures }, (_, i) => unterschriftsbeglaubigung(data, facts, context, i + 1));
    return { documents, messages: [], registerChanges: [] };
  },
};
