/**
 * Meldebescheinigung (BMG § 18).
 *
 * - Abs. 1: the simple certificate holds exactly Familienname, Vornamen (the gebräuchliche
 *   marked), Doktorgrad, Geburtsdatum and the current addresses marked Haupt-/Nebenwohnung.
 * - Abs. 2: on request, further data of § 3 Abs. 1 Nr. 2, 5 to 16 and 17 (not the Sperrkennwort),
 *   and the fact that no date of death is stored — only the items asked for.
 * - It is the betroffene Person's certificate: she, her gesetzliche Vertretung or someone with
 *   her written authority applies. Under an Auskunftssperre (§ 51) or bedingtem Sperrvermerk
 *   (§ 52) only she or her gesetzliche Vertretung receives it, so blocked data never reaches a
 *   third party.
 */
import { z } from 'zod';
import type { Applicant, CaseFacts, DocumentField, DocumentRequest, FormStep, Notice, PersonFacts, Text, Violation, Workflow } from '../../workflow.ts';
import { ageOn } from '../../../platform/periods.ts';
import { germanDate, notice, violation } from '../text.ts';
import {
  addressLine, applicantOf, assertCaptured, berlinDate, certificateSignature, countryName, currentResidences, field, fullName, givenNamesLine, isBlocked, isLegalRepresentative,
  maritalStatusLabel, purposeFields, purposeFormFields, purposeLine, purposeWaiver, residenceStatus, schemaViolations, sexLabel, text, validatePurpose, validateSubject,
} from './common.ts';

/**
 * What an extended certificate may add (§ 18 Abs. 2 BMG with the numbers of § 3 Abs. 1), limited
 * to what the case's register facts carry. Religion (Nr. 11), earlier addresses (Nr. 12) and the
 * minor children (Nr. 16) are not part of the facts yet. The spouse (Nr. 15) and the gesetzliche
 * Vertretung (Nr. 9) come from the person's relations: a relative kept outside the register by
 * name, or one in the register the officer picks (only then are their data read, and logged).
 */
export const extendedFields = [
  'former_names', 'religious_artist_name', 'birth_place', 'sex', 'legal_representatives', 'nationalities', 'move_in_dates', 'marital_status', 'spouse',
  'id_documents', 'no_death_date',
] as const;
export type ExtendedField = (typeof extendedFields)[number];

const extendedFieldLabels: Record<ExtendedField, Text> = {
  former_names: { de: 'frühere Namen (§ 3 Abs. 1 Nr. 2)', en: 'former names' },
  religious_artist_name: { de: 'Ordensname, Künstlername (Nr. 5)', en: 'religious name, artist name' },
  birth_place: { de: 'Geburtsort, bei Geburt im Ausland der Staat (Nr. 6)', en: 'place of birth, and the state when born abroad' },
  sex: { de: 'Geschlecht (Nr. 7)', en: 'sex' },
  legal_representatives: { de: 'gesetzliche Vertretung (Nr. 9)', en: 'legal representative' },
  nationalities: { de: 'Staatsangehörigkeiten (Nr. 10)', en: 'nationalities' },
  move_in_dates: { de: 'Einzugsdaten (Nr. 13)', en: 'move-in dates' },
  marital_status: { de: 'Familienstand (Nr. 14)', en: 'marital status' },
  spouse: { de: 'Ehegatte oder Lebenspartner (Nr. 15)', en: 'spouse or civil partner' },
  id_documents: { de: 'Personalausweis und Pass: Art, Seriennummer, Ausstellungsdatum, Gültigkeit (Nr. 17)', en: 'identity card and passport: kind, serial number, date of issue, validity' },
  no_death_date: { de: 'dass kein Sterbedatum gespeichert ist', en: 'that no date of death is stored' },
};

export const meldebescheinigungKinds = ['simple', 'extended'] as const;

export const meldebescheinigungSchema = z.object({
  kind: z.enum(meldebescheinigungKinds),
  /** Only the items the person asked for; ignored for the simple certificate. */
  extendedFields: z.array(z.enum(extendedFields)).default([]),
  /**
   * Whoever applies for the person: the officer saw the proof (written authority covering this
   * certificate, Betreuerausweis with a fitting Aufgabenkreis, the child's birth certificate).
   */
  authorisationChecked: z.boolean().default(false),
  /** The spouse in the register, picked by the officer when the spouse is requested (register id). */
  spousePersonId: z.string().max(64).default(''),
  /** The Betreuer or other gesetzliche Vertretung in the register, picked likewise. */
  representativePersonId: z.string().max(64).default(''),
  ...purposeFields,
});
export type MeldebescheinigungData = z.infer<typeof meldebescheinigungSchema>;

const form: FormStep[] = [
  {
    id: 'kind',
    title: { de: 'Art der Bescheinigung', en: 'Kind of certificate' },
    fields: [
      {
        name: 'kind', kind: 'select', required: true, label: { de: 'Meldebescheinigung', en: 'Certificate of registration' },
        options: [
          { value: 'simple', label: { de: 'einfach (§ 18 Abs. 1 BMG)', en: 'simple (§ 18(1) BMG)' } },
          { value: 'extended', label: { de: 'erweitert (§ 18 Abs. 2 BMG)', en: 'extended (§ 18(2) BMG)' } },
        ],
      },
      {
        name: 'extendedFields', kind: 'multiselect', label: { de: 'Zusätzlich gewünschte Angaben', en: 'Additional data requested' },
        help: { de: 'Nur die Angaben, die die Person ausdrücklich wünscht.', en: 'Only what the person expressly asks for.' },
        options: extendedFields.map((value) => ({ value, label: extendedFieldLabels[value] })),
        visibleWhen: { field: 'kind', equals: ['extended'] },
      },
      {
        name: 'spousePersonId', kind: 'person', label: { de: 'Ehegatte / Lebenspartner aus dem Melderegister', en: 'Spouse / civil partner from the register' },
        help: { de: 'Nur wenn der Ehegatte aufgenommen werden soll und im Melderegister geführt wird.', en: 'Only when the spouse is to be included and is in the register.' },
        visibleWhen: { field: 'kind', equals: ['extended'] },
      },
      {
        name: 'representativePersonId', kind: 'person', label: { de: 'Gesetzliche Vertretung aus dem Melderegister', en: 'Legal representative from the register' },
        help: { de: 'Nur wenn die Vertretung aufgenommen werden soll und im Melderegister geführt wird.', en: 'Only when the representative is to be included and is in the register.' },
        visibleWhen: { field: 'kind', equals: ['extended'] },
      },
    ],
  },
  {
    id: 'applicant',
    title: { de: 'Antrag', en: 'Application' },
    fields: [
      {
        name: 'authorisationChecked', kind: 'boolean',
        label: { de: 'Nachweis der Vertretung geprüft: Vollmacht oder Vertretungsnachweis deckt diese Meldebescheinigung', en: 'Proof of authority checked: it covers this certificate' },
        help: { de: 'Nur wenn jemand für die Person beantragt.', en: 'Only when someone applies for the person.' },
      },
      ...purposeFormFields(),
    ],
  },
];

const applicantLabels: Record<Exclude<Applicant['kind'], 'self'>, string> = {
  legal_representative: 'gesetzliche Vertretung',
  betreuer: 'rechtliche Betreuung',
  parent: 'Elternteil (gesetzliche Vertretung)',
  care_home_head: 'Leitung der Einrichtung',
  authorised_person: 'bevollmächtigte Person',
};

function requested(data: Partial<MeldebescheinigungData>): ExtendedField[] {
  if (data.kind !== 'extended' || !Array.isArray(data.extendedFields)) return [];
  // In the order of § 3 Abs. 1, whatever order they were ticked in.
  return extendedFields.filter((f) => data.extendedFields?.includes(f));
}

function validateApplicant(applicant: Applicant, subject: PersonFacts | null, data: Partial<MeldebescheinigungData>, today: string): Violation[] {
  const out: Violation[] = [];
  if (applicant.kind === 'self') return out;
  const blocked = subject !== null && isBlocked(subject);
  if (blocked && !isLegalRepresentative(applicant)) {
    // Neither the block nor its kind is named: the officer tells the applicant only that the person must come herself.
    out.push(violation('BLOCKED_THIRD_PARTY', 'applicant',
      'Für diese Person besteht eine Auskunftssperre oder ein bedingter Sperrvermerk (BMG §§ 51, 52): Die Meldebescheinigung erhält nur die Person selbst oder ihre gesetzliche Vertretung, auch nicht mit Vollmacht. Bitten Sie die Person, selbst vorzusprechen (auch beim Hausbesuch).',
      'This person\'s entry is blocked (BMG §§ 51, 52): only the person or their legal representative receives the certificate, not an authorised person. Ask the person to apply in person (a home visit also counts).'));
    return out;
  }
  if (applicant.kind === 'care_home_head') {
    out.push(violation('CARE_HOME_HEAD_NOT_AUTHORISED', 'applicant',
      'Die Leitung einer Einrichtung meldet für Bewohnerinnen und Bewohner an oder ab (§ 32 BMG), erhält aber ohne schriftliche Vollmacht keine Meldebescheinigung. Erfassen Sie die Antragstellerin als bevollmächtigte Person mit der Vollmacht.',
      'The head of an institution registers residents (§ 32 BMG) but gets no certificate without written authority. Record the applicant as an authorised person with the authority.'));
  }
  if (text(applicant.evidence) === '') {
    out.push(violation('APPLICANT_EVIDENCE_REQUIRED', 'applicant.evidence',
      'Tragen Sie ein, wodurch die Vertretung nachgewiesen ist (Vollmacht, Betreuerausweis, Geburtsurkunde des Kindes).',
      'Enter what proves the authority (written authority, Betreuer card, the child\'s birth certificate).'));
  }
  if (applicant.kind !== 'care_home_head' && data.authorisationChecked !== true) {
    // For a blocked person this check is what keeps the address from someone merely claiming to represent her.
    out.push(violation('AUTHORISATION_NOT_CHECKED', 'authorisationChecked',
      applicant.kind === 'authorised_person'
        ? 'Prüfen Sie die schriftliche Vollmacht der betroffenen Person und bestätigen Sie, dass sie diese Meldebescheinigung deckt.'
        : 'Prüfen Sie den Nachweis der gesetzlichen Vertretung (Betreuerausweis mit passendem Aufgabenkreis, Geburtsurkunde des Kindes) und bestätigen Sie ihn.',
      applicant.kind === 'authorised_person'
        ? 'Check the data subject\'s written authority and confirm that it covers this certificate.'
        : 'Check the proof of legal representation (Betreuer card with a fitting scope, the child\'s birth certificate) and confirm it.'));
  }
  if (applicant.kind === 'parent' && subject) {
    const age = ageOn(subject.birthDate, today);
    if (age === null || age >= 18) {
      out.push(violation('PARENT_NOT_REPRESENTATIVE', 'applicant',
        'Eltern vertreten nur minderjährige Kinder. Die Person ist volljährig: Sie beantragt selbst, oder ein Elternteil legt eine schriftliche Vollmacht vor (dann als bevollmächtigte Person erfassen).',
        'Parents represent only minor children. The person is of age: they apply themselves, or a parent brings written authority (record as authorised person).'));
    }
  }
  return out;
}

const relationKinds: Record<'spouse' | 'legal_representatives', { kinds: string[]; field: 'spousePersonId' | 'representativePersonId'; label: string; text: Text }> = {
  spouse: { kinds: ['spouse'], field: 'spousePersonId', label: 'Ehegatte/Lebenspartner', text: { de: 'den Ehegatten / Lebenspartner', en: 'the spouse / civil partner' } },
  legal_representatives: { kinds: ['legal_representative', 'betreuer'], field: 'representativePersonId', label: 'Gesetzliche Vertretung', text: { de: 'die gesetzliche Vertretung', en: 'the legal representative' } },
};

/**
 * A relative named on the certificate (§ 3 Abs. 1 Nr. 9, 15 BMG): name and birth date, never the
 * address — it is the relative's data, and their own block would have to be weighed. A relative
 * under an Auskunftssperre or bedingtem Sperrvermerk is not named at all.
 */
function relativeValues(person: PersonFacts, item: 'spouse' | 'legal_representatives', data: Partial<MeldebescheinigungData>, facts: CaseFacts): { fields: DocumentField[] | null; violations: Violation[] } {
  const spec = relationKinds[item];
  const relations = person.relations.filter((r) => spec.kinds.includes(r.kind));
  const picked = text(data[spec.field]);
  const fields: DocumentField[] = [];
  const violations: Violation[] = [];
  if (picked !== '' && !relations.some((r) => r.relatedPersonId === picked)) {
    violations.push(violation('RELATIVE_NOT_RELATED', spec.field,
      `Die gewählte Person ist im Melderegister nicht als ${spec.label} dieser Person eingetragen. Wählen Sie die richtige Person oder leeren Sie das Feld.`,
      `The person chosen is not recorded as ${spec.text.en} of this person. Choose the right person or clear the field.`));
  }
  for (const relation of relations) {
    if (relation.relatedPersonId === null) {
      if (relation.externalName) fields.push(field(spec.label, relation.externalName));
      continue;
    }
    if (relation.relatedPersonId !== picked) {
      violations.push(violation('RELATIVE_NOT_SELECTED', spec.field,
        `${spec.text.de.charAt(0).toUpperCase()}${spec.text.de.slice(1)} wird im Melderegister geführt: Wählen Sie sie im Feld „${spec.label} aus dem Melderegister“ aus, damit ihre Daten aufgenommen werden können.`,
        `${spec.text.en.charAt(0).toUpperCase()}${spec.text.en.slice(1)} is in the register: choose them in the field for ${spec.text.en} so their data can be included.`));
      continue;
    }
    const relative = facts.others[picked];
    if (!relative || relative.blocks.length > 0) {
      // Hidden from this officer, or blocked: the relative's data stay off the certificate.
      violations.push(violation('RELATIVE_BLOCKED', spec.field,
        `Die Daten von ${spec.text.de} dürfen nicht aufgenommen werden (Melderegistersperre). Nehmen Sie die Angabe aus der Auswahl.`,
        `The data of ${spec.text.en} may not be included (register block). Remove the item from the selection.`));
      continue;
    }
    fields.push(field(spec.label, `${fullName(relative)}${relative.birthName && relative.birthName !== relative.familyName ? `, geb. ${relative.birthName}` : ''}, geboren am ${germanDate(relative.birthDate)}`));
  }
  return { fields: fields.length > 0 ? fields : violations.length > 0 ? [] : null, violations };
}

/** The extended items with the register's values; null where the register holds nothing to certify. */
function extendedItem(person: PersonFacts, item: ExtendedField, data: Partial<MeldebescheinigungData>, facts: CaseFacts): { fields: DocumentField[] | null; violations: Violation[] } {
  if (item === 'spouse' || item === 'legal_representatives') return relativeValues(person, item, data, facts);
  return { fields: extendedValues(person, item, facts.today), violations: [] };
}

function extendedValues(person: PersonFacts, item: Exclude<ExtendedField, 'spouse' | 'legal_representatives'>, today: string): DocumentField[] | null {
  switch (item) {
    case 'former_names':
      return person.birthName && person.birthName !== person.familyName ? [field('Geburtsname', person.birthName)] : null;
    case 'religious_artist_name': {
      const out = [
        ...(person.religiousName ? [field('Ordensname', person.religiousName)] : []),
        ...(person.artistName ? [field('Künstlername', person.artistName)] : []),
      ];
      return out.length > 0 ? out : null;
    }
    case 'birth_place':
      if (!person.birthPlace) return null;
      return [field('Geburtsort', person.birthCountry && person.birthCountry.toUpperCase() !== 'DE' ? `${person.birthPlace} (${countryName(person.birthCountry)})` : person.birthPlace)];
    case 'sex':
      return [field('Geschlecht', sexLabel(person.sex))];
    case 'nationalities':
      return person.nationalities.length > 0 ? [field('Staatsangehörigkeiten', person.nationalities.map(countryName).join(', '))] : null;
    case 'move_in_dates': {
      const residences = currentResidences(person, today);
      return residences.length > 0 ? residences.map((r, i) => field(`Einzugsdatum ${residenceLabel(residences, i)}`, germanDate(r.movedIn))) : null;
    }
    case 'marital_status':
      return [field('Familienstand', maritalStatusLabel(person.maritalStatus))];
    case 'id_documents': {
      const valid = person.documents.filter((d) => d.status === 'valid' && d.validUntil >= today);
      const names: Record<string, string> = {
        personalausweis: 'Personalausweis', reisepass: 'Reisepass', vorlaeufiger_personalausweis: 'vorläufiger Personalausweis',
        vorlaeufiger_reisepass: 'vorläufiger Reisepass', kinderreisepass: 'Kinderreisepass',
      };
      return valid.length > 0
        ? valid.map((d) => field(names[d.kind] ?? d.kind, `Nr. ${d.serialNumber}, ausgestellt am ${germanDate(d.issuedOn)}, gültig bis ${germanDate(d.validUntil)}`))
        : null;
    }
    case 'no_death_date':
      return person.dateOfDeath ? null : [field('Sterbedatum', 'im Melderegister nicht gespeichert')];
  }
}

/** "Hauptwohnung", "Nebenwohnung 2": distinct labels, so every address is its own certifiable field. */
function residenceLabel(residences: ReturnType<typeof currentResidences>, index: number): string {
  const residence = residences[index];
  if (!residence) return '';
  const status = residenceStatus(residence, residences);
  const sameKind = residences.filter((r) => r.kind === residence.kind);
  return sameKind.length > 1 ? `${status} ${sameKind.indexOf(residence) + 1}` : status;
}

function validate(data: Partial<MeldebescheinigungData>, facts: CaseFacts): Violation[] {
  const { subject, violations: result } = validateSubject(facts);
  if (!(meldebescheinigungKinds as readonly unknown[]).includes(data.kind)) {
    result.push(violation('KIND_REQUIRED', 'kind', 'Wählen Sie die einfache oder die erweiterte Meldebescheinigung.', 'Choose the simple or the extended certificate.'));
  }
  if (subject?.dateOfDeath) {
    result.push(violation('SUBJECT_DECEASED', 'subject',
      `Die Person ist laut Melderegister am ${germanDate(subject.dateOfDeath)} verstorben; eine Meldebescheinigung wird nicht mehr erteilt. Angehörige erhalten eine Melderegisterauskunft.`,
      `According to the register the person died on ${germanDate(subject.dateOfDeath)}; no certificate is issued any more. Relatives can get a register information.`));
  }
  if (subject && currentResidences(subject, facts.today).length === 0) {
    result.push(violation('NO_CURRENT_RESIDENCE', 'subject',
      'Die Person ist derzeit in dieser Gemeinde nicht gemeldet; es gibt keine Anschrift zu bescheinigen. Prüfen Sie die Personenauswahl oder die Anmeldung.',
      'The person is not registered in this municipality at present; there is no address to certify. Check the person selected or the registration.'));
  }
  result.push(...validateApplicant(applicantOf(facts), subject, data, facts.today));
  if (data.kind === 'extended') {
    const items = requested(data);
    if (items.length === 0) {
      result.push(violation('EXTENDED_FIELDS_REQUIRED', 'extendedFields',
        'Wählen Sie die Angaben, die die erweiterte Meldebescheinigung zusätzlich enthalten soll, oder stellen Sie die einfache aus.',
        'Choose the data the extended certificate should add, or issue the simple one.'));
    }
    if (subject) {
      for (const item of items) {
        const values = extendedItem(subject, item, data, facts);
        result.push(...values.violations);
        if (values.fields === null) {
          result.push(violation('EXTENDED_FIELD_NO_DATA', 'extendedFields',
            `Zu „${extendedFieldLabels[item].de}“ ist im Melderegister nichts gespeichert, das bescheinigt werden kann. Nehmen Sie die Angabe aus der Auswahl.`,
            `The register holds nothing to certify for "${extendedFieldLabels[item].en}". Remove it from the selection.`));
        }
      }
    }
  }
  result.push(...validatePurpose(data));
  return [...result, ...schemaViolations(meldebescheinigungSchema, data, result)];
}

export function meldebescheinigungDocument(data: MeldebescheinigungData, facts: CaseFacts, context: { caseNumber: string; completedAt: string; officer: { name: string }; fee: { waived: unknown } }): DocumentRequest {
  const person = facts.subject as PersonFacts;
  const applicant = applicantOf(facts);
  const extended = data.kind === 'extended';
  const residences = currentResidences(person, facts.today);
  const personFields = [
    field('Familienname', person.familyName),
    field('Vornamen', givenNamesLine(person)),
    ...(person.doctoralDegree ? [field('Doktorgrad', person.doctoralDegree)] : []),
    field('Geburtsdatum', germanDate(person.birthDate)),
  ];
  const addressFields = residences.map((r, i) => field(residenceLabel(residences, i), addressLine(r.address)));
  const further = extended ? requested(data).flatMap((item) => extendedItem(person, item, data, facts).fields ?? []) : [];
  const issued = [field('Ausgestellt am', germanDate(berlinDate(context.completedAt)))];
  const remarks = [
    ...(applicant.kind !== 'self' ? [`Ausgestellt auf Antrag von ${applicant.name} (${applicantLabels[applicant.kind]}).`] : []),
    ...[purposeLine(data, context.fee.waived)].filter((line): line is string => line !== null),
  ];
  // The verify page confirms who is registered where; a blocked person's addresses stay off it (BMG §§ 51, 52).
  const certified = [
    ...personFields.filter((f) => f.label !== 'Doktorgrad'),
    ...(isBlocked(person) ? [] : addressFields),
    issued[0] as DocumentField,
  ];
  return {
    kind: 'meldebescheinigung',
    title: extended ? 'Erweiterte Meldebescheinigung' : 'Meldebescheinigung',
    sections: [
      {
        paragraphs: [
          `Nach dem Melderegister der Meldebehörde ${facts.municipality.authorityName} ist die nachstehend bezeichnete Person wie folgt gemeldet (§ 18 Abs. 1${extended ? ' und 2' : ''} BMG).`,
        ],
      },
      { heading: 'Person', fields: personFields },
      { heading: 'Derzeitige Anschriften', fields: addressFields },
      ...(further.length > 0 ? [{ heading: 'Weitere Angaben auf Antrag (§ 18 Abs. 2 BMG)', fields: further }] : []),
      { ...(remarks.length > 0 ? { paragraphs: remarks } : {}), fields: issued },
    ],
    verifiable: true,
    certifies: certified,
    signature: certificateSignature(facts, context.completedAt, context.officer.name),
  };
}

export const meldebescheinigung: Workflow<MeldebescheinigungData> = {
  serviceId: 'meldebescheinigung',
  dataSchema: meldebescheinigungSchema,
  form,
  initialData: () => ({ kind: 'simple', extendedFields: [], authorisationChecked: false, spousePersonId: '', representativePersonId: '', purpose: 'general', purposeDetail: '' }),
  feeInput(data, facts) {
    const waiver = purposeWaiver(data);
    return {
      serviceId: 'meldebescheinigung',
      applicationDate: facts.today,
      birthDate: facts.subject?.birthDate ?? null,
      extended: data.kind === 'extended',
      ...(waiver ? { waiver } : {}),
    };
  },
  validateCapture: validate,
  notices(data, facts) {
    const out: Notice[] = [];
    const applicant = applicantOf(facts);
    if (facts.subject && isBlocked(facts.subject) && isLegalRepresentative(applicant)) {
      out.push(notice('BLOCKED_LEGAL_REPRESENTATIVE',
        'Für die Person besteht eine Melderegistersperre. Händigen Sie die Bescheinigung nur der gesetzlichen Vertretung aus, nachdem Sie deren Nachweis geprüft haben.',
        'The person\'s entry is blocked. Hand the certificate only to the legal representative, after checking their proof.'));
    }
    if (data.kind !== 'extended' && Array.isArray(data.extendedFields) && data.extendedFields.length > 0) {
      out.push(notice('EXTENDED_FIELDS_IGNORED', 'Die einfache Meldebescheinigung enthält keine zusätzlichen Angaben; die Auswahl wird nicht gedruckt.', 'The simple certificate holds no additional data; the selection is not printed.'));
    }
    return out;
  },
  complete(data, facts, context) {
    assertCaptured(validate(data, facts));
    return { documents: [meldebescheinigungDocument(data, facts, context)], messages: [], registerChanges: [] };
  },
};
