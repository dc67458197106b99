/**
 * Lebensbescheinigung: the authority confirms that a person appeared in person and is alive,
 * mostly for a pension fund at home or abroad. Nobody can appear for someone else (the home
 * visit is exactly what lets a bedridden person appear); the identity is checked against a
 * presented document. Either on the municipality's own form, or on the form the citizen brings:
 * that form is scanned and the confirmation is printed as a Vermerk page after it, so the pension
 * fund receives its own form with the authority's confirmation.
 */
import { z } from 'zod';
import type { CaseFacts, DocumentRequest, FormStep, Notice, PersonFacts, Text, Violation, Workflow } from '../../workflow.ts';
import { germanDate, notice, violation } from '../text.ts';
import {
  assertCaptured, certificateSignature, currentResidences, field, identityFields, identityFormFields, identityLine, identityNotices, integer, isBlocked,
  personIdentificationFields, purposeFields, purposeFormFields, purposeLine, purposeWaiver, scanAction, scanSchema, schemaViolations, text, validateIdentity,
  validateInPerson, validatePurpose, validateScan, validateSubject,
} from './common.ts';

export const lebensbescheinigungForms = ['municipal', 'citizen_form'] as const;

export const lebensbescheinigungSchema = z.object({
  ...identityFields,
  /** The officer confirms the person is present before them (in the office or at the home visit). */
  personallyAppeared: z.literal(true),
  form: z.enum(lebensbescheinigungForms),
  /** The citizen's form: who issued it (e.g. "Deutsche Rentenversicherung", "ZUS Warschau"). */
  formIssuer: z.string().max(200).default(''),
  /** Pension or insurance number printed on the form, when it has one. */
  formReference: z.string().max(100).default(''),
  formPages: z.number().int().min(1).max(20).default(1),
  formScan: scanSchema.optional(),
  ...purposeFields,
});
export type LebensbescheinigungData = z.infer<typeof lebensbescheinigungSchema>;

const formLabels: Record<(typeof lebensbescheinigungForms)[number], Text> = {
  municipal: { de: 'Vordruck der Gemeinde', en: 'the municipality\'s form' },
  citizen_form: { de: 'mitgebrachtes Formular (Rentenstelle, ausländischer Rententräger)', en: 'form brought by the citizen (pension office, foreign pension fund)' },
};

const scanWhat: Text = { de: 'alle Seiten des mitgebrachten Formulars', en: 'every page of the form brought' };

const form: FormStep[] = [
  {
    id: 'person',
    title: { de: 'Persönliche Vorsprache', en: 'Personal appearance' },
    fields: [
      ...identityFormFields(),
      { name: 'personallyAppeared', kind: 'boolean', required: true, label: { de: 'Die Person ist persönlich anwesend', en: 'The person is present in person' } },
    ],
  },
  {
    id: 'form',
    title: { de: 'Formular', en: 'Form' },
    fields: [
      { name: 'form', kind: 'select', required: true, label: { de: 'Bescheinigung auf', en: 'Certificate on' }, options: lebensbescheinigungForms.map((value) => ({ value, label: formLabels[value] })) },
      { name: 'formIssuer', kind: 'text', label: { de: 'Formular von', en: 'Form issued by' }, visibleWhen: { field: 'form', equals: ['citizen_form'] } },
      { name: 'formReference', kind: 'text', label: { de: 'Renten- oder Versicherungsnummer auf dem Formular', en: 'Pension or insurance number on the form' }, visibleWhen: { field: 'form', equals: ['citizen_form'] } },
      { name: 'formPages', kind: 'number', min: 1, max: 20, label: { de: 'Seitenzahl des Formulars', en: 'Pages of the form' }, visibleWhen: { field: 'form', equals: ['citizen_form'] } },
      { name: 'formScan', kind: 'device', action: 'scan_form', label: { de: 'Formular scannen', en: 'Scan the form' }, visibleWhen: { field: 'form', equals: ['citizen_form'] } },
      ...purposeFormFields(),
    ],
  },
];

function validate(data: Partial<LebensbescheinigungData>, facts: CaseFacts): Violation[] {
  const { subject, violations: result } = validateSubject(facts);
  result.push(...validateInPerson(facts,
    'Eine Lebensbescheinigung setzt voraus, dass die Person selbst vorspricht; eine Vertretung ist nicht möglich. Kann sie nicht kommen, vereinbaren Sie einen Hausbesuch.',
    'A life certificate requires the person to appear in person; nobody can appear for them. If they cannot come, arrange a home visit.'));
  if (subject?.dateOfDeath) {
    result.push(violation('SUBJECT_DECEASED', 'subject',
      `Im Melderegister ist für diese Person ein Sterbedatum (${germanDate(subject.dateOfDeath)}) gespeichert. Prüfen Sie die Personenauswahl; bei einem Registerfehler klären Sie ihn vor der Bescheinigung.`,
      `The register records a date of death (${germanDate(subject.dateOfDeath)}) for this person. Check the person selected; if the register is wrong, correct it before certifying.`));
  }
  if (subject && currentResidences(subject, facts.today).length === 0) {
    result.push(violation('NO_CURRENT_RESIDENCE', 'subject',
      'Die Person ist derzeit in dieser Gemeinde nicht gemeldet. Die Lebensbescheinigung stellt die Meldebehörde des Wohnorts aus; prüfen Sie die Personenauswahl oder die Anmeldung.',
      'The person is not registered in this municipality at present. The life certificate is issued where the person lives; check the person selected or the registration.'));
  }
  result.push(...validateIdentity(data, subject, facts.today));
  if (data.personallyAppeared !== true) {
    result.push(violation('NOT_PERSONALLY_PRESENT', 'personallyAppeared',
      'Bestätigen Sie, dass die Person persönlich vor Ihnen steht. Ohne persönliche Vorsprache wird keine Lebensbescheinigung erteilt.',
      'Confirm that the person is present before you. Without a personal appearance no life certificate is issued.'));
  }
  if (data.form === 'citizen_form') {
    if (text(data.formIssuer).length < 2) {
      result.push(violation('FORM_ISSUER_REQUIRED', 'formIssuer', 'Tragen Sie ein, von wem das mitgebrachte Formular stammt (z. B. „Deutsche Rentenversicherung“).', 'Enter who issued the form brought (e.g. "Deutsche Rentenversicherung").'));
    }
    const pages = integer(data.formPages);
    if (pages === null || pages < 1 || pages > 20) {
      result.push(violation('FORM_PAGES_REQUIRED', 'formPages', 'Tragen Sie die Seitenzahl des Formulars ein (1 bis 20).', 'Enter the number of pages of the form (1 to 20).'));
    }
    const scanViolations = validateScan(data.formScan, 'formScan', facts, scanWhat);
    result.push(...scanViolations);
    if (scanViolations.length === 0 && pages !== null && data.formScan && data.formScan.pageCount !== pages) {
      result.push(violation('SCAN_PAGES_MISMATCH', 'formScan',
        `Gescannt wurden ${data.formScan.pageCount} Seite(n), das Formular hat ${pages}. Scannen Sie alle Seiten (oder korrigieren Sie die Seitenzahl).`,
        `${data.formScan.pageCount} page(s) were scanned, the form has ${pages}. Scan every page (or correct the page count).`));
    }
  } else if (data.form !== 'municipal') {
    result.push(violation('FORM_REQUIRED', 'form', 'Wählen Sie, ob die Bescheinigung auf dem Vordruck der Gemeinde oder auf dem mitgebrachten Formular erteilt wird.', 'Choose whether the certificate is issued on the municipality\'s form or on the form brought.'));
  }
  result.push(...validatePurpose(data));
  return [...result, ...schemaViolations(lebensbescheinigungSchema, data, result)];
}

export function lebensbescheinigungDocument(data: LebensbescheinigungData, facts: CaseFacts, context: { caseNumber: string; completedAt: string; officer: { name: string }; fee: { waived: unknown } }): DocumentRequest {
  const person = facts.subject as PersonFacts;
  const appeared = germanDate(facts.today);
  // The person receives the certificate: the address is printed (for the fund), but kept off the verify page when blocked.
  const fields = personIdentificationFields(person, facts.today, { withAddress: true });
  // The day of issue is in the signature block and on the verify page; the day of appearance is what the fund needs.
  const confirmation = [field('Persönlich vorgesprochen am', appeared)];
  const remarks = [
    ...[purposeLine(data, context.fee.waived)].filter((line): line is string => line !== null),
  ];
  // The verify page confirms who was alive when; a blocked person's address stays off it (BMG §§ 51, 52).
  const certified = new Set(['Name', 'Geburtsname', 'Geboren', ...(isBlocked(person) ? [] : ['Anschrift']), 'Persönlich vorgesprochen am']);
  const certifies = [...fields, ...confirmation].filter((f) => certified.has(f.label));
  const signature = certificateSignature(facts, context.completedAt, context.officer.name);
  if (data.form === 'citizen_form' && data.formScan) {
    const scan = data.formScan;
    const pages = scan.pageCount === 1 ? '1 Seite' : `${scan.pageCount} Seiten`;
    const reference = data.formReference.trim();
    const formFields = [
      field('Formular von', data.formIssuer.trim()),
      field('Umfang', reference ? `${pages}, Nr. ${reference}` : pages),
    ];
    return {
      kind: 'lebensbescheinigung_vermerk',
      title: 'Lebensbescheinigung',
      // Kept to one page with the verification block: the statement first, then the fields it refers to.
      sections: [
        {
          paragraphs: [
            `Es wird amtlich bestätigt: Die nachstehend bezeichnete Person hat am ${appeared} persönlich bei der Meldebehörde ${facts.municipality.authorityName} vorgesprochen und sich durch ${identityLine(data)} ausgewiesen. Sie lebt. Dieser Vermerk ist mit dem vorstehenden Formular verbunden.`,
            ...remarks,
          ],
        },
        { fields: [...formFields, ...fields, ...confirmation] },
      ],
      verifiable: true,
      certifies: [...certifies, ...formFields.filter((f) => f.label === 'Formular von')],
      signature,
      pages: scan.attachmentIds.map((attachmentId) => ({ attachmentId, placement: 'before' as const })),
    };
  }
  return {
    kind: 'lebensbescheinigung',
    title: 'Lebensbescheinigung',
    sections: [
      {
        paragraphs: [
          `Es wird amtlich bescheinigt, dass die nachstehend bezeichnete Person am ${appeared} persönlich bei der Meldebehörde ${facts.municipality.authorityName} vorgesprochen hat und lebt. Sie hat sich durch ${identityLine(data)} ausgewiesen.`,
          ...remarks,
        ],
      },
      { fields: [...fields, ...confirmation] },
    ],
    verifiable: true,
    certifies,
    signature,
  };
}

export const lebensbescheinigung: Workflow<LebensbescheinigungData> = {
  serviceId: 'lebensbescheinigung',
  dataSchema: lebensbescheinigungSchema,
  form,
  initialData: () => ({ form: 'municipal', formIssuer: '', formReference: '', formPages: 1, purpose: 'pension', purposeDetail: '' }),
  feeInput(data, facts) {
    const waiver = purposeWaiver(data);
    return {
      serviceId: 'lebensbescheinigung',
      applicationDate: facts.today,
      birthDate: facts.subject?.birthDate ?? null,
      ...(waiver ? { waiver } : {}),
    };
  },
  validateCapture: validate,
  notices(data, facts) {
    const out: Notice[] = [...identityNotices(data, facts.subject)];
    if (data.form === 'citizen_form') {
      out.push(notice('FILL_CITIZEN_FORM',
        'Füllen Sie auf dem mitgebrachten Formular die Felder der Behörde aus, soweit es sie vorsieht, und siegeln Sie über die Verbindung mit dem Vermerk.',
        'Fill in the authority\'s fields on the form brought, where it has them, and seal across its binding with the Vermerk.'));
    }
    return out;
  },
  complete(data, facts, context) {
    assertCaptured(validate(data, facts));
    return { documents: [lebensbescheinigungDocument(data, facts, context)], messages: [], registerChanges: [] };
  },
  deviceActions: {
    scan_form: scanAction<LebensbescheinigungData>({ de: 'Formular scannen', en: 'Scan the form' }, 'formScan', (data) => integer(data.formPages) ?? 1),
  },
};
