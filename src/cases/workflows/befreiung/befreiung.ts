/**
 * Befreiung von der Ausweispflicht (PAuswG § 1 Abs. 3): the Personalausweisbehörde may exempt a
 * German who must hold an ID (16 and over, registered, § 1 Abs. 1) when
 *   Nr. 1 a Betreuer is appointed (not only by interim order) or they cannot act for themselves and
 *          are represented under a publicly certified power of attorney,
 *   Nr. 2 they are expected to stay permanently in a hospital, care home or similar institution, or
 *   Nr. 3 a permanent disability keeps them from moving in public on their own.
 * It is a discretionary decision of the officer, on evidence, effective from a day and open-ended
 * or limited. The certificate shows what a bank or authority needs — who, the ground in general
 * words, how long — and never the health details or evidence behind it.
 */
import { z } from 'zod';
import { ageOn } from '../../../platform/periods.ts';
import type { CaseFacts, DocumentField, DocumentRequest, Notice, Violation, Workflow } from '../../workflow.ts';
import { germanDate, notice, violation } from '../text.ts';

export const befreiungGrounds = ['betreuung', 'unterbringung', 'behinderung'] as const;
export type BefreiungGround = (typeof befreiungGrounds)[number];

export const institutionKinds = ['krankenhaus', 'pflegeheim', 'justizvollzugsanstalt', 'andere_einrichtung'] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const befreiungDataSchema = z.strictObject({
  ground: z.enum(befreiungGrounds),
  /** Ground Nr. 2: where the person is placed (kept in the case, never printed). */
  institution: z.strictObject({ kind: z.enum(institutionKinds).nullish(), name: z.string().max(200).nullish() }).nullish(),
  /** What the decision rests on: a scan (attachment) and/or a description (e.g. "Betreuerausweis AG Bochum 12 XVII 34/25"). */
  evidence: z.strictObject({ attachmentId: z.string().nullish(), description: z.string().max(1000).nullish() }),
  /** The officer's discretionary decision (§ 1 Abs. 3: "kann … befreien") and its reasons. */
  decision: z.strictObject({ granted: z.literal(true), reason: z.string().trim().min(1).max(2000) }),
  validFrom: isoDate,
  validity: z.enum(['unlimited', 'limited']),
  validUntil: isoDate.nullish(),
});
export type BefreiungData = z.infer<typeof befreiungDataSchema>;

/** The ground as the certificate states it: the legal basis in general words, no health details. */
export const groundWording: Record<BefreiungGround, { certificate: string; label: { de: string; en: string } }> = {
  betreuung: {
    certificate: '§ 1 Abs. 3 Nr. 1 PAuswG (rechtliche Betreuung oder Vertretung)',
    label: { de: 'Betreuer bestellt oder Person kann nicht selbst handeln (Vertretung mit beglaubigter Vollmacht)', en: 'A Betreuer is appointed, or the person cannot act and is represented under a certified power of attorney' },
  },
  unterbringung: {
    certificate: '§ 1 Abs. 3 Nr. 2 PAuswG (dauerhafte Unterbringung in einer Einrichtung)',
    label: { de: 'Voraussichtlich dauerhaft in Krankenhaus, Pflegeheim oder ähnlicher Einrichtung (auch Justizvollzug)', en: 'Expected to stay permanently in a hospital, care home or similar institution (also prison)' },
  },
  behinderung: {
    certificate: '§ 1 Abs. 3 Nr. 3 PAuswG (dauerhafte Einschränkung der Bewegung in der Öffentlichkeit)',
    label: { de: 'Kann sich wegen dauerhafter Behinderung nicht allein in der Öffentlichkeit bewegen (auch: Wohnung dauerhaft nicht verlassen)', en: 'Cannot move in public alone because of a permanent disability (also: cannot leave home permanently)' },
  },
};

const institutionLabels: Record<(typeof institutionKinds)[number], { de: string; en: string }> = {
  krankenhaus: { de: 'Krankenhaus', en: 'Hospital' },
  pflegeheim: { de: 'Pflegeheim', en: 'Care home' },
  justizvollzugsanstalt: { de: 'Justizvollzugsanstalt', en: 'Prison' },
  andere_einrichtung: { de: 'Ähnliche Einrichtung', en: 'Similar institution' },
};

/** The Ausweispflicht begins at 16 (PAuswG § 1 Abs. 1). */
export const ausweispflichtAge = 16;

type Draft = Partial<{ [K in keyof BefreiungData]: NonNullable<BefreiungData[K]> extends Record<string, unknown> ? Partial<NonNullable<BefreiungData[K]>> | null : BefreiungData[K] | null }>;

const blank = (value: string | null | undefined) => !value || value.trim() === '';

function personViolations(facts: CaseFacts): Violation[] {
  const subject = facts.subject;
  if (!subject) {
    return [violation('BEFREIUNG_SUBJECT_REQUIRED', undefined,
      'Wählen Sie die Person aus dem Melderegister, die befreit werden soll.', 'Choose the person from the register to be exempted.')];
  }
  const out: Violation[] = [];
  if (!subject.nationalities.includes('DE')) {
    out.push(violation('BEFREIUNG_NOT_GERMAN', undefined,
      `Ausweispflichtig sind nur Deutsche (§ 1 Abs. 1 PAuswG); laut Register: ${subject.nationalities.join(', ') || 'keine Staatsangehörigkeit eingetragen'}. Eine Befreiung ist nicht nötig; brechen Sie den Vorgang ab oder berichtigen Sie das Register.`,
      `Only Germans must hold an ID card (PAuswG § 1(1)); the register says: ${subject.nationalities.join(', ') || 'no nationality recorded'}. No exemption is needed; cancel the case or correct the register.`));
  }
  const age = ageOn(subject.birthDate, facts.today);
  if (age === null) {
    out.push(violation('BEFREIUNG_BIRTH_DATE_UNKNOWN', undefined,
      'Das Geburtsdatum ist im Register unbekannt; die Ausweispflicht beginnt mit 16. Klären Sie das Geburtsdatum und berichtigen Sie das Register.',
      'The birth date is unknown in the register; the duty to hold an ID begins at 16. Check the birth date and correct the register.'));
  } else if (age < ausweispflichtAge) {
    out.push(violation('BEFREIUNG_UNDER_16', undefined,
      `Die Person ist ${age} Jahre alt; die Ausweispflicht beginnt erst mit 16 (§ 1 Abs. 1 PAuswG). Eine Befreiung ist noch nicht nötig.`,
      `The person is ${age}; the duty to hold an ID begins at 16 (PAuswG § 1(1)). No exemption is needed yet.`));
  }
  if (subject.residences.length === 0) {
    out.push(violation('BEFREIUNG_NOT_REGISTERED', undefined,
      'Die Person ist im Melderegister ohne Wohnung; ausweispflichtig ist, wer der Meldepflicht unterliegt. Nehmen Sie zuerst die Anmeldung auf.',
      'The person has no residence in the register; the duty applies to those who must register. Register the person first.'));
  }
  return out;
}

function groundViolations(data: Draft): Violation[] {
  if (!data.ground || !(befreiungGrounds as readonly string[]).includes(data.ground)) {
    return [violation('BEFREIUNG_GROUND_MISSING', 'ground',
      'Wählen Sie den Befreiungsgrund nach § 1 Abs. 3 PAuswG.', 'Choose the ground for the exemption under PAuswG § 1(3).')];
  }
  if (data.ground !== 'unterbringung') return [];
  const out: Violation[] = [];
  if (!data.institution?.kind) {
    out.push(violation('BEFREIUNG_INSTITUTION_KIND_MISSING', 'institution.kind',
      'Wählen Sie die Art der Einrichtung, in der die Person untergebracht ist.', 'Choose the kind of institution the person stays in.'));
  }
  if (blank(data.institution?.name)) {
    out.push(violation('BEFREIUNG_INSTITUTION_NAME_MISSING', 'institution.name',
      'Tragen Sie den Namen der Einrichtung ein (für die Akte; er erscheint nicht auf der Bescheinigung).',
      'Enter the name of the institution (for the file; it does not appear on the certificate).'));
  }
  return out;
}

function evidenceViolations(data: Draft, facts: CaseFacts): Violation[] {
  const named = data.evidence?.attachmentId;
  if (named) {
    const attachment = facts.attachments.find((candidate) => candidate.id === named);
    if (!attachment || attachment.deleted) {
      return [violation('BEFREIUNG_EVIDENCE_ATTACHMENT_UNKNOWN', 'evidence.attachmentId',
        'Die angegebene Anlage gehört nicht zu diesem Vorgang. Laden Sie den Nachweis erneut hoch.',
        'The attachment named is not part of this case. Upload the evidence again.')];
    }
    return [];
  }
  if (!blank(data.evidence?.description)) return [];
  const examples: Record<BefreiungGround, { de: string; en: string }> = {
    betreuung: { de: 'Betreuerausweis oder Beschluss des Betreuungsgerichts, bzw. öffentlich beglaubigte Vollmacht', en: 'the Betreuer\'s card or the court\'s order, or the certified power of attorney' },
    unterbringung: { de: 'Bescheinigung der Einrichtung über die dauerhafte Unterbringung', en: 'the institution\'s confirmation of the permanent stay' },
    behinderung: { de: 'ärztliches Attest oder Schwerbehindertenausweis', en: 'a medical certificate or the severe-disability card' },
  };
  const example = data.ground ? examples[data.ground] : { de: 'Nachweis des Grundes', en: 'evidence of the ground' };
  return [violation('BEFREIUNG_EVIDENCE_MISSING', 'evidence',
    `Die Entscheidung braucht einen Nachweis: Laden Sie ihn hoch oder beschreiben Sie ihn (z. B. ${example.de}).`,
    `The decision needs evidence: upload it or describe it (e.g. ${example.en}).`)];
}

function decisionViolations(data: Draft, facts: CaseFacts): Violation[] {
  const out: Violation[] = [];
  if (data.decision?.granted !== true) {
    out.push(violation('BEFREIUNG_NOT_DECIDED', 'decision.granted',
      'Entscheiden Sie über die Befreiung. Liegen die Voraussetzungen nicht vor, brechen Sie den Vorgang mit Begründung ab.',
      'Decide on the exemption. If the conditions are not met, cancel the case with a reason.'));
  }
  if (blank(data.decision?.reason)) {
    out.push(violation('BEFREIUNG_REASON_MISSING', 'decision.reason',
      'Halten Sie die Gründe der Ermessensentscheidung fest (warum die Voraussetzungen vorliegen).',
      'Record the reasons for the discretionary decision (why the conditions are met).'));
  }
  if (!data.validFrom) {
    out.push(violation('BEFREIUNG_VALID_FROM_MISSING', 'validFrom', 'Tragen Sie ein, ab wann die Befreiung gilt.', 'Enter the day the exemption starts.'));
  } else if (data.validFrom < facts.today) {
    out.push(violation('BEFREIUNG_VALID_FROM_PAST', 'validFrom',
      `Die Befreiung kann nicht rückwirkend gelten: Wählen Sie heute (${germanDate(facts.today)}) oder einen späteren Tag.`,
      `The exemption cannot apply retroactively: choose today (${facts.today}) or a later day.`));
  }
  if (data.validity !== 'unlimited' && data.validity !== 'limited') {
    out.push(violation('BEFREIUNG_VALIDITY_MISSING', 'validity', 'Wählen Sie, ob die Befreiung unbefristet oder befristet gilt.', 'Choose whether the exemption is open-ended or limited.'));
  } else if (data.validity === 'limited') {
    if (!data.validUntil) {
      out.push(violation('BEFREIUNG_VALID_UNTIL_MISSING', 'validUntil', 'Tragen Sie ein, bis wann die befristete Befreiung gilt.', 'Enter the last day of the limited exemption.'));
    } else if (data.validFrom && data.validUntil <= data.validFrom) {
      out.push(violation('BEFREIUNG_VALID_UNTIL_BEFORE_START', 'validUntil',
        `Das Ende (${germanDate(data.validUntil)}) muss nach dem Beginn (${germanDate(data.validFrom)}) liegen.`,
        `The end (${data.validUntil}) must be after the start (${data.validFrom}).`));
    }
  }
  return out;
}

/** The certificate: verifiable; address only when no block stands against showing it to others. */
export function befreiungCertificate(data: BefreiungData, facts: CaseFacts, context: { caseNumber: string; officerName: string }): DocumentRequest {
  const subject = facts.subject!;
  const validUntil = data.validity === 'limited' && data.validUntil ? germanDate(data.validUntil) : 'unbefristet';
  const ground = groundWording[data.ground].certificate;
  const residence = subject.residences[0];
  // The certificate is shown to banks and authorities: under an Auskunftssperre or a bedingter
  // Sperrvermerk the address is left off (BMG §§ 51, 52), the identity is shown by name and birth.
  const showAddress = subject.blocks.length === 0 && residence !== undefined;
  const personFields: DocumentField[] = [
    { label: 'Familienname', value: subject.familyName },
    ...(subject.birthName && subject.birthName !== subject.familyName ? [{ label: 'Geburtsname', value: subject.birthName }] : []),
    { label: 'Vornamen', value: subject.givenNames.join(' ') },
    ...(subject.doctoralDegree ? [{ label: 'Doktorgrad', value: subject.doctoralDegree }] : []),
    { label: 'Geburtsdatum', value: germanDate(subject.birthDate) },
    ...(showAddress ? [{ label: 'Anschrift', value: `${residence.address.street} ${residence.address.houseNumber}${residence.address.addition ? `, ${residence.address.addition}` : ''}, ${residence.address.postcode} ${residence.address.city}` }] : []),
  ];
  return {
    kind: 'befreiung_ausweispflicht',
    title: 'Bescheinigung über die Befreiung von der Ausweispflicht',
    verifiable: true,
    sections: [
      {
        paragraphs: [
          'Die nachstehend bezeichnete Person ist nach § 1 Abs. 3 des Personalausweisgesetzes (PAuswG) von der Pflicht befreit, einen gültigen Personalausweis zu besitzen und ihn auf Verlangen einer zur Feststellung der Identität berechtigten Behörde vorzulegen.',
        ],
      },
      { heading: 'Person', fields: personFields },
      {
        heading: 'Befreiung',
        fields: [
          { label: 'Rechtsgrundlage', value: ground },
          { label: 'Gültig ab', value: germanDate(data.validFrom) },
          { label: 'Gültig bis', value: validUntil },
          { label: 'Aktenzeichen', value: context.caseNumber },
        ],
      },
      {
        paragraphs: [
          'Diese Bescheinigung ist kein Ausweis und berechtigt nicht zum Grenzübertritt. Die Befreiung endet, wenn für die Person ein Personalausweis ausgestellt wird, oder mit ihrem Widerruf.',
        ],
      },
    ],
    // The verify page shows exactly these printed rows (documents/validate-request.ts): no address.
    certifies: [
      { label: 'Familienname', value: subject.familyName },
      { label: 'Vornamen', value: subject.givenNames.join(' ') },
      ...(subject.doctoralDegree ? [{ label: 'Doktorgrad', value: subject.doctoralDegree }] : []),
      { label: 'Geburtsdatum', value: germanDate(subject.birthDate) },
      { label: 'Rechtsgrundlage', value: ground },
      { label: 'Gültig ab', value: germanDate(data.validFrom) },
      { label: 'Gültig bis', value: validUntil },
    ],
    signature: { place: facts.municipality.name, date: germanDate(facts.today), officerName: context.officerName, seal: true },
  };
}

export const befreiungWorkflow: Workflow<BefreiungData> = {
  serviceId: 'befreiung_ausweispflicht',
  dataSchema: befreiungDataSchema,
  form: [
    {
      id: 'ground',
      title: { de: 'Befreiungsgrund', en: 'Ground' },
      fields: [
        {
          name: 'ground', kind: 'select', required: true, label: { de: 'Grund nach § 1 Abs. 3 PAuswG', en: 'Ground under PAuswG § 1(3)' },
          options: befreiungGrounds.map((ground) => ({ value: ground, label: groundWording[ground].label })),
        },
        {
          name: 'institution.kind', kind: 'select', required: true, label: { de: 'Art der Einrichtung', en: 'Kind of institution' },
          visibleWhen: { field: 'ground', equals: ['unterbringung'] },
          options: institutionKinds.map((kind) => ({ value: kind, label: institutionLabels[kind] })),
        },
        { name: 'institution.name', kind: 'text', required: true, label: { de: 'Name der Einrichtung', en: 'Name of the institution' }, visibleWhen: { field: 'ground', equals: ['unterbringung'] } },
      ],
    },
    {
      id: 'evidence',
      title: { de: 'Nachweis', en: 'Evidence' },
      fields: [
        { name: 'evidence.attachmentId', kind: 'upload', label: { de: 'Nachweis hochladen', en: 'Upload evidence' } },
        {
          name: 'evidence.description', kind: 'textarea', label: { de: 'Nachweis beschreiben', en: 'Describe the evidence' },
          help: { de: 'z. B. „Betreuerausweis AG Bochum 12 XVII 34/25 eingesehen“. Bleibt in der Akte, nicht auf der Bescheinigung.', en: 'e.g. "Betreuer\'s card AG Bochum 12 XVII 34/25 seen". Stays in the file, not on the certificate.' },
        },
      ],
    },
    {
      id: 'decision',
      title: { de: 'Entscheidung', en: 'Decision' },
      fields: [
        { name: 'decision.granted', kind: 'boolean', required: true, label: { de: 'Befreiung wird erteilt', en: 'The exemption is granted' } },
        { name: 'decision.reason', kind: 'textarea', required: true, label: { de: 'Gründe der Entscheidung', en: 'Reasons for the decision' } },
        { name: 'validFrom', kind: 'date', required: true, label: { de: 'Gültig ab', en: 'Valid from' } },
        {
          name: 'validity', kind: 'select', required: true, label: { de: 'Dauer', en: 'Duration' },
          options: [{ value: 'unlimited', label: { de: 'unbefristet', en: 'open-ended' } }, { value: 'limited', label: { de: 'befristet', en: 'limited' } }],
        },
        { name: 'validUntil', kind: 'date', required: true, label: { de: 'Gültig bis', en: 'Valid until' }, visibleWhen: { field: 'validity', equals: ['limited'] } },
      ],
    },
  ],
  initialData(facts) {
    const hasBetreuer = facts.subject?.relations.some((relation) => relation.kind === 'betreuer') ?? false;
    return { validFrom: facts.today, validity: 'unlimited', ...(hasBetreuer ? { ground: 'betreuung' as const } : {}) };
  },
  feeInput(_data, facts) {
    return { serviceId: 'befreiung_ausweispflicht', applicationDate: facts.today, birthDate: facts.subject?.birthDate ?? null };
  },
  validateCapture(data, facts) {
    const draft: Draft = data;
    return [...personViolations(facts), ...groundViolations(draft), ...evidenceViolations(draft, facts), ...decisionViolations(draft, facts)];
  },
  notices(data, facts) {
    const out: Notice[] = [];
    const subject = facts.subject;
    if (!subject) return out;
    const valid = subject.documents.filter((document) => ['personalausweis', 'reisepass'].includes(document.kind) && document.status === 'valid' && document.validUntil >= facts.today);
    if (valid.length > 0) {
      const list = valid.map((document) => `${document.kind === 'reisepass' ? 'Reisepass' : 'Personalausweis'} gültig bis ${germanDate(document.validUntil)}`).join(', ');
      out.push(notice('BEFREIUNG_DOCUMENT_VALID',
        `Die Person besitzt einen gültigen Ausweis (${list}); die Ausweispflicht ist derzeit erfüllt. Wählen Sie „Gültig ab“ passend, z. B. ab Ablauf des Ausweises.`,
        `The person holds a valid document (${list}); the duty is met for now. Choose the start accordingly, e.g. when the document expires.`));
    }
    const betreuer = subject.relations.filter((relation) => relation.kind === 'betreuer');
    if (data.ground === 'betreuung' && betreuer.length > 0) {
      const names = betreuer.map((relation) => {
        const other = relation.relatedPersonId ? facts.others[relation.relatedPersonId] : undefined;
        const name = other ? `${other.givenNames.join(' ')} ${other.familyName}` : relation.externalName ?? 'unbekannt';
        return relation.scope?.length ? `${name} (${relation.scope.join(', ')})` : name;
      }).join('; ');
      out.push(notice('BEFREIUNG_BETREUER_IN_REGISTER', `Im Melderegister ist als Betreuer eingetragen: ${names}.`, `The register records as Betreuer: ${names}.`));
    }
    out.push(notice('BEFREIUNG_CERTIFICATE_PRIVACY',
      'Die Bescheinigung nennt den Grund nur allgemein (Rechtsgrundlage); Nachweise, Einrichtung und Gründe der Entscheidung bleiben in der Akte.',
      'The certificate states the ground only in general terms (legal basis); evidence, institution and reasons stay in the file.'));
    return out;
  },
  complete(data, facts, context) {
    return {
      documents: [befreiungCertificate(data, facts, { caseNumber: context.caseNumber, officerName: context.officer.name })],
      messages: [],
      registerChanges: [],
    };
  },
};
