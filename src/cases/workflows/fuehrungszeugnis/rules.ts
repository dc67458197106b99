/**
 * The rules of the Führungszeugnis application at the Meldebehörde (BZRG §§ 30, 30a, 30b), as pure
 * guards that each return their violations. The workflow (fuehrungszeugnis.ts) runs them all.
 */
import type { Applicant, CaseFacts, PersonFacts, Violation } from '../../workflow.ts';
import { ageOn, dayOfAge } from '../../../platform/periods.ts';
import { germanDate, violation } from '../text.ts';
import type { FuehrungszeugnisDraft } from './schema.ts';

/** § 30 Abs. 1 Satz 1: a Führungszeugnis for every person who has completed the 14th year. */
export const minimumAge = 14;

/** The other member states of the European Union (ISO 3166-1 alpha-2; Greece is GR), for § 30b. */
export const otherEuMemberStates = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const;

/** Register document kinds that prove identity. */
export const identityDocumentKinds = ['personalausweis', 'reisepass', 'vorlaeufiger_personalausweis', 'vorlaeufiger_reisepass', 'kinderreisepass', 'eid_karte'] as const;

const blank = (value: string | null | undefined) => !value || value.trim() === '';
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function applicantOf(facts: CaseFacts): Applicant {
  return facts.applicant ?? { kind: 'self' };
}

/** The nationalities of another EU member state the subject holds (dual nationals included). */
export function euNationalities(person: PersonFacts): string[] {
  return person.nationalities.filter((code) => (otherEuMemberStates as readonly string[]).includes(code.toUpperCase()));
}

export function subjectViolations(facts: CaseFacts): Violation[] {
  const subject = facts.subject;
  if (!subject) {
    return [violation('FZ_SUBJECT_REQUIRED', undefined,
      'Wählen Sie die Person aus dem Melderegister, für die das Führungszeugnis beantragt wird.',
      'Choose the person from the register the certificate of conduct is for.')];
  }
  const out: Violation[] = [];
  if (subject.dateOfDeath) {
    out.push(violation('FZ_SUBJECT_DECEASED', undefined,
      `Die Person ist laut Register am ${germanDate(subject.dateOfDeath)} verstorben; ein Führungszeugnis kann nicht beantragt werden.`,
      `According to the register the person died on ${subject.dateOfDeath}; no certificate of conduct can be applied for.`));
  }
  const age = ageOn(subject.birthDate, facts.today);
  if (age === null) {
    out.push(violation('FZ_BIRTH_DATE_UNKNOWN', undefined,
      `Das Geburtsdatum ist im Register unbekannt; ein Führungszeugnis gibt es erst ab ${minimumAge} Jahren. Klären Sie das Geburtsdatum anhand des Ausweises und berichtigen Sie das Register.`,
      `The birth date is unknown in the register; a certificate of conduct is available from age ${minimumAge} only. Check the birth date on the ID and correct the register.`));
  } else if (age < minimumAge) {
    const from = dayOfAge(subject.birthDate, minimumAge);
    out.push(violation('FZ_UNDER_14', undefined,
      `Die Person ist ${age} Jahre alt. Ein Führungszeugnis wird erst ab ${minimumAge} Jahren erteilt (§ 30 Abs. 1 BZRG), also ab dem ${germanDate(from)}; auch die Eltern können es vorher nicht beantragen.`,
      `The person is ${age}. A certificate of conduct is issued from age ${minimumAge} only (BZRG § 30(1)), i.e. from ${from ?? 'the 14th birthday'}; the parents cannot apply earlier either.`));
  }
  if (!subject.residences[0]) {
    out.push(violation('FZ_NO_ADDRESS', undefined,
      'Im Register ist keine Wohnung der Person eingetragen; das Bundesamt für Justiz braucht die Anschrift. Nehmen Sie zuerst die Anmeldung auf.',
      'The register holds no residence for the person; the Federal Office of Justice needs the address. Register the person first.'));
  }
  return out;
}

/**
 * Who applies (§ 30 Abs. 1 Satz 2, Abs. 2): the person in person, from 14 also a minor himself, or
 * the gesetzliche Vertretung (parents of a minor, a Betreuer, a legal representative) with proof of
 * the power of representation. No Bevollmächtigte.
 */
export function applicantViolations(facts: CaseFacts): Violation[] {
  const applicant = applicantOf(facts);
  if (applicant.kind === 'self') return [];
  if (applicant.kind === 'authorised_person' || applicant.kind === 'care_home_head') {
    const who = applicant.kind === 'authorised_person' ? { de: 'ein Bevollmächtigter', en: 'an authorised person' } : { de: 'die Heimleitung', en: 'the head of the care home' };
    return [violation('FZ_NO_PROXY', 'applicant',
      `Für ein Führungszeugnis ist keine Vertretung zulässig: ${who.de} kann es nicht beantragen, auch nicht mit Vollmacht (§ 30 Abs. 2 BZRG). Die Person muss selbst beantragen, oder ihre gesetzliche Vertretung (Eltern eines Minderjährigen, Betreuer).`,
      `No proxies for a certificate of conduct: ${who.en} cannot apply, not even with a power of attorney (BZRG § 30(2)). The person applies in person, or their legal representative (parents of a minor, a Betreuer).`)];
  }
  const out: Violation[] = [];
  const age = facts.subject ? ageOn(facts.subject.birthDate, facts.today) : null;
  if (applicant.kind === 'parent' && age !== null && age >= 18) {
    out.push(violation('FZ_PARENT_NOT_REPRESENTATIVE', 'applicant',
      `Die Person ist volljährig (${age} Jahre); die Eltern vertreten sie nicht mehr gesetzlich. Die Person muss selbst beantragen, oder ihr Betreuer.`,
      `The person is of age (${age}); the parents are no longer their legal representatives. The person applies themselves, or their Betreuer.`));
  }
  if (blank(applicant.name)) {
    out.push(violation('FZ_REPRESENTATIVE_NAME_MISSING', 'applicant.name',
      'Tragen Sie den Namen der gesetzlichen Vertretung ein.', 'Enter the name of the legal representative.'));
  }
  if (blank(applicant.evidence)) {
    out.push(violation('FZ_REPRESENTATION_EVIDENCE_MISSING', 'applicant.evidence',
      'Die gesetzliche Vertretung muss ihre Vertretungsmacht nachweisen (§ 30 Abs. 2 BZRG): Tragen Sie den Nachweis ein, z. B. Betreuerausweis mit Nummer oder Geburtsurkunde des Kindes.',
      'The legal representative must prove their power of representation (BZRG § 30(2)): enter the evidence, e.g. the Betreuer\'s card with its number or the child\'s birth certificate.'));
  }
  return out;
}

/** The person whose document proves the applicant's identity: the subject, or the representative when in the register. */
export function identityHolder(facts: CaseFacts): PersonFacts | null {
  const applicant = applicantOf(facts);
  if (applicant.kind === 'self') return facts.subject;
  return applicant.personId ? facts.others[applicant.personId] ?? null : null;
}

/** § 30 Abs. 2 Satz 2: the applicant proves their identity — by a valid document of the register, or one presented. */
export function identityViolations(data: FuehrungszeugnisDraft, facts: CaseFacts): Violation[] {
  const identity = data.identity;
  const whose = applicantOf(facts).kind === 'self'
    ? { de: 'der antragstellenden Person', en: 'of the applicant' }
    : { de: 'der gesetzlichen Vertretung', en: 'of the legal representative' };
  if (!identity?.source) {
    return [violation('FZ_IDENTITY_MISSING', 'identity.source',
      `Prüfen Sie die Identität ${whose.de} anhand eines gültigen Ausweises und wählen Sie, ob der Ausweis im Melderegister steht.`,
      `Check the identity ${whose.en} against a valid ID and choose whether the document is in the register.`)];
  }
  const number = identity.serialNumber?.trim().toUpperCase() ?? '';
  if (number === '') {
    return [violation('FZ_IDENTITY_NUMBER_MISSING', 'identity.serialNumber',
      'Tragen Sie die Nummer des vorgelegten Ausweises ein.', 'Enter the number of the ID presented.')];
  }
  if (identity.source === 'register') {
    const holder = identityHolder(facts);
    if (!holder) {
      return [violation('FZ_IDENTITY_HOLDER_NOT_IN_REGISTER', 'identity.source',
        'Die gesetzliche Vertretung steht nicht im Melderegister; erfassen Sie ihren Ausweis als „anderes Dokument“ mit Art, Ausstellungsstaat und Gültigkeit.',
        'The legal representative is not in the register; record their ID as "other document" with kind, issuing state and validity.')];
    }
    const document = holder.documents.find((candidate) => candidate.serialNumber.toUpperCase() === number || candidate.serialNumber.toUpperCase().slice(0, 9) === number);
    if (!document || !(identityDocumentKinds as readonly string[]).includes(document.kind)) {
      const known = holder.documents.filter((candidate) => (identityDocumentKinds as readonly string[]).includes(candidate.kind) && candidate.status === 'valid').map((candidate) => candidate.serialNumber);
      return [violation('FZ_IDENTITY_DOCUMENT_UNKNOWN', 'identity.serialNumber',
        `Die Nummer ${number} gehört zu keinem Ausweis von ${holder.givenNames.join(' ')} ${holder.familyName} im Register${known.length ? ` (gültig: ${known.join(', ')})` : ''}. Prüfen Sie die Nummer oder erfassen Sie den Ausweis als „anderes Dokument“.`,
        `Number ${number} is not an ID of ${holder.givenNames.join(' ')} ${holder.familyName} in the register${known.length ? ` (valid: ${known.join(', ')})` : ''}. Check the number or record the ID as "other document".`)];
    }
    const out: Violation[] = [];
    if (document.status !== 'valid') {
      out.push(violation('FZ_IDENTITY_DOCUMENT_NOT_VALID', 'identity.serialNumber',
        `Der Ausweis ${number} ist im Register als „${document.status}“ eingetragen und weist die Identität nicht nach. Lassen Sie sich einen gültigen Ausweis zeigen.`,
        `ID ${number} is recorded as "${document.status}" and does not prove identity. Ask for a valid ID.`));
    }
    if (document.validUntil < facts.today) {
      out.push(violation('FZ_IDENTITY_DOCUMENT_EXPIRED', 'identity.serialNumber',
        `Der Ausweis ${number} ist seit dem ${germanDate(document.validUntil)} abgelaufen. Lassen Sie sich einen gültigen Ausweis zeigen.`,
        `ID ${number} expired on ${document.validUntil}. Ask for a valid ID.`));
    }
    return out;
  }
  const out: Violation[] = [];
  if (blank(identity.kind)) {
    out.push(violation('FZ_IDENTITY_KIND_MISSING', 'identity.kind', 'Wählen Sie die Art des vorgelegten Ausweises.', 'Choose the kind of ID presented.'));
  }
  if (!identity.issuingCountry || !/^[A-Z]{2}$/.test(identity.issuingCountry.trim().toUpperCase())) {
    out.push(violation('FZ_IDENTITY_COUNTRY_MISSING', 'identity.issuingCountry',
      'Tragen Sie den Ausstellungsstaat als Länderkennzeichen ein (z. B. FR, PL).', 'Enter the issuing state as a country code (e.g. FR, PL).'));
  }
  if (!identity.validUntil || !isoDate.test(identity.validUntil)) {
    out.push(violation('FZ_IDENTITY_VALIDITY_MISSING', 'identity.validUntil',
      'Tragen Sie ein, bis wann der vorgelegte Ausweis gültig ist.', 'Enter the expiry date of the ID presented.'));
  } else if (identity.validUntil < facts.today) {
    out.push(violation('FZ_IDENTITY_DOCUMENT_EXPIRED', 'identity.validUntil',
      `Der vorgelegte Ausweis ist seit dem ${germanDate(identity.validUntil)} abgelaufen. Lassen Sie sich einen gültigen Ausweis zeigen.`,
      `The ID presented expired on ${identity.validUntil}. Ask for a valid ID.`));
  }
  return out;
}

/** Kinds: N or O; O needs the receiving authority and its Aktenzeichen (§ 30 Abs. 5). */
export function kindViolations(data: FuehrungszeugnisDraft, facts: CaseFacts): Violation[] {
  const out: Violation[] = [];
  if (data.type !== 'N' && data.type !== 'O') {
    out.push(violation('FZ_TYPE_MISSING', 'type',
      'Wählen Sie, ob das Führungszeugnis für private Zwecke (Belegart N) oder zur Vorlage bei einer Behörde (Belegart O) ist.',
      'Choose whether the certificate is for private purposes (type N) or for an authority (type O).'));
  }
  if (data.type === 'O') {
    const recipient = data.recipientAuthority;
    const parts = [
      ['name', 'den Namen der Behörde, die das Führungszeugnis erhält', 'the name of the authority that receives the certificate'],
      ['address', 'die Anschrift dieser Behörde', 'that authority\'s address'],
      ['reference', 'das Aktenzeichen der Behörde (steht in ihrer Aufforderung)', 'the authority\'s reference number (Aktenzeichen, in its letter)'],
    ] as const;
    for (const [part, de, en] of parts) {
      if (blank(recipient?.[part])) {
        out.push(violation(`FZ_RECIPIENT_${part.toUpperCase()}_MISSING`, `recipientAuthority.${part}`,
          `Bei einem Führungszeugnis zur Vorlage bei einer Behörde tragen Sie ${de} ein.`,
          `For a certificate to be sent to an authority, enter ${en}.`));
      }
    }
    if (data.inspectionHintAcknowledged !== true) {
      out.push(violation('FZ_INSPECTION_HINT_NOT_ACKNOWLEDGED', 'inspectionHintAcknowledged',
        'Weisen Sie auf die Einsichtnahme beim Amtsgericht hin (§ 30 Abs. 5 BZRG) und bestätigen Sie den Hinweis.',
        'Tell the applicant about inspection at a local court (BZRG § 30(5)) and confirm that you did.'));
    }
    if (!blank(data.inspectionCourt) && !/^Amtsgericht\s+\S/.test(data.inspectionCourt!.trim())) {
      out.push(violation('FZ_INSPECTION_COURT_INVALID', 'inspectionCourt',
        `Nennen Sie das Amtsgericht mit seinem Namen, z. B. „Amtsgericht ${facts.municipality.name}“.`,
        `Name the local court in full, e.g. "Amtsgericht ${facts.municipality.name}".`));
    }
  }
  return out;
}

/** § 30a Abs. 2: the erweiterte Führungszeugnis needs the written request confirming its prerequisites. */
export function writtenRequestViolations(data: FuehrungszeugnisDraft, facts: CaseFacts): Violation[] {
  if (data.extended !== true) return [];
  const out: Violation[] = [];
  const request = data.writtenRequest;
  const attachment = writtenRequestAttachment(data, facts);
  if (attachment.problem === 'missing') {
    out.push(violation('FZ_WRITTEN_REQUEST_MISSING', 'writtenRequest.attachmentId',
      'Für ein erweitertes Führungszeugnis muss die schriftliche Aufforderung vorliegen (§ 30a Abs. 2 BZRG). Scannen oder laden Sie sie als „schriftliche Aufforderung“ hoch.',
      'An extended certificate needs the written request (BZRG § 30a(2)). Scan or upload it as "written request".'));
  } else if (attachment.problem === 'wrong') {
    out.push(violation('FZ_WRITTEN_REQUEST_ATTACHMENT_INVALID', 'writtenRequest.attachmentId',
      'Die angegebene Anlage ist keine (oder keine erhaltene) schriftliche Aufforderung. Laden Sie die Aufforderung als „schriftliche Aufforderung“ hoch.',
      'The attachment named is not a (retained) written request. Upload the request as "written request".'));
  }
  if (blank(request?.issuer)) {
    out.push(violation('FZ_WRITTEN_REQUEST_ISSUER_MISSING', 'writtenRequest.issuer',
      'Tragen Sie ein, wer das erweiterte Führungszeugnis verlangt (Aussteller der Aufforderung, z. B. Träger der Jugendhilfe).',
      'Enter who asks for the extended certificate (issuer of the request, e.g. the youth welfare organisation).'));
  }
  if (!request?.date || !isoDate.test(request.date)) {
    out.push(violation('FZ_WRITTEN_REQUEST_DATE_MISSING', 'writtenRequest.date',
      'Tragen Sie das Datum der schriftlichen Aufforderung ein.', 'Enter the date of the written request.'));
  } else if (request.date > facts.today) {
    out.push(violation('FZ_WRITTEN_REQUEST_DATE_FUTURE', 'writtenRequest.date',
      `Das Datum der Aufforderung (${germanDate(request.date)}) liegt in der Zukunft. Prüfen Sie das Datum.`,
      `The request's date (${request.date}) is in the future. Check the date.`));
  }
  if (request?.confirmsPrerequisites !== true) {
    out.push(violation('FZ_WRITTEN_REQUEST_NO_CONFIRMATION', 'writtenRequest.confirmsPrerequisites',
      'Die Aufforderung muss bestätigen, dass die Voraussetzungen des § 30a Abs. 1 BZRG vorliegen (z. B. Tätigkeit mit Kindern und Jugendlichen). Prüfen Sie das und haken Sie es an.',
      'The request must confirm that the prerequisites of BZRG § 30a(1) are met (e.g. work with children and young people). Check and tick it.'));
  }
  return out;
}

/** The attachment holding the written request: the one named, else the latest one of kind written_request. */
export function writtenRequestAttachment(data: FuehrungszeugnisDraft, facts: CaseFacts): { id: string; problem: null } | { id: null; problem: 'missing' | 'wrong' } {
  const named = data.writtenRequest?.attachmentId;
  if (named) {
    const attachment = facts.attachments.find((candidate) => candidate.id === named);
    return attachment && attachment.kind === 'written_request' && !attachment.deleted ? { id: named, problem: null } : { id: null, problem: 'wrong' };
  }
  const latest = facts.attachments.filter((candidate) => candidate.kind === 'written_request' && !candidate.deleted).at(-1);
  return latest ? { id: latest.id, problem: null } : { id: null, problem: 'missing' };
}

/** § 30b: the Europäisches Führungszeugnis is for nationals of another EU member state. */
export function europeanViolations(data: FuehrungszeugnisDraft, facts: CaseFacts): Violation[] {
  if (data.european !== true || !facts.subject) return [];
  if (euNationalities(facts.subject).length > 0) return [];
  const held = facts.subject.nationalities.length > 0 ? facts.subject.nationalities.join(', ') : 'keine eingetragen';
  const heldEn = facts.subject.nationalities.length > 0 ? facts.subject.nationalities.join(', ') : 'none recorded';
  return [violation('FZ_EUROPEAN_NOT_EU_NATIONAL', 'european',
    `Ein Europäisches Führungszeugnis gibt es nur für Staatsangehörige eines anderen EU-Mitgliedstaats (§ 30b BZRG); laut Register: ${held}. Beantragen Sie ein Führungszeugnis ohne „europäisch“, oder berichtigen Sie die Staatsangehörigkeit im Register.`,
    `A European certificate is only for nationals of another EU member state (BZRG § 30b); the register says: ${heldEn}. Apply without "European", or correct the nationality in the register.`)];
}

export function feeWaiverViolations(data: FuehrungszeugnisDraft): Violation[] {
  if (data.feeWaiver?.requested !== true || !blank(data.feeWaiver.reason)) return [];
  return [violation('FZ_WAIVER_REASON_MISSING', 'feeWaiver.reason',
    'Begründen Sie die Gebührenbefreiung wegen Bedürftigkeit und nennen Sie den Nachweis (z. B. Bescheid über Bürgergeld oder Grundsicherung).',
    'Give the reason for the fee waiver on grounds of need and name the evidence (e.g. the decision on Bürgergeld or basic income support).')];
}
