/**
 * The rules of the four ID document services (DESIGN §5, PAuswG, PassG, PAuswV, PassV): who may
 * apply, identity, competence, photo, fingerprints, signature, size and eye colour, eID and PIN
 * letter, delivery and validity. Pure: every answer comes from the captured data and CaseFacts.
 */
import type { ServiceId } from '../../../catalogue/services.ts';
import { checkPhoto, isOverridablePhotoCheck } from '../../../devices/photo-profile.ts';
import { hasValidIcaoCheckDigit, serialNumberProblem } from '../../../exchange/icao.ts';
import { ageOn, dayOfAge, periodEnd } from '../../../platform/periods.ts';
import type { AttachmentFacts, CaseFacts, Notice, PersonFacts, ResidenceFacts, Violation } from '../../workflow.ts';
import { germanDate, notice, violation } from '../text.ts';
import { eyeColours, type IdDocumentData } from './data.ts';
import { assessFingerprints, fingerName, fingerprintMinimumAge, fingerprintViolations } from './fingerprints.ts';
import { printedNames } from './print-names.ts';

export type IdDocumentService = 'personalausweis' | 'vorlaeufiger_personalausweis' | 'reisepass' | 'vorlaeufiger_reisepass';

export interface IdDocumentKind {
  serviceId: IdDocumentService;
  /** PA or passport family: which old documents the new one replaces, which law applies. */
  family: 'pa' | 'pass';
  provisional: boolean;
  /** German name as printed. */
  title: string;
  /** Chip documents carry fingerprints; provisional documents have no chip. */
  fingerprints: boolean;
  /** Only the Personalausweis has the eID function and a PIN letter. */
  eid: boolean;
  /** Produced by the Bundesdruckerei and sent by post on request (the provisional ones are made on the spot). */
  postalDelivery: boolean;
  passportOptions: boolean;
  /** Provisional documents: the longest validity. */
  maxProvisionalValidity?: { months: number };
  /** Age below which the Sorgeberechtigten apply (PAuswG § 9 Abs. 2: 16; PassG § 6 Abs. 1: 18). */
  minorAge: number;
  /** Whether someone who cannot appear in person can get this document (only the vorläufiger Reisepass). */
  withoutAppearance: boolean;
  law: string;
}

export const idDocumentKinds: Record<IdDocumentService, IdDocumentKind> = {
  personalausweis: {
    serviceId: 'personalausweis', family: 'pa', provisional: false, title: 'Personalausweis',
    fingerprints: true, eid: true, postalDelivery: true, passportOptions: false, minorAge: 16, withoutAppearance: false, law: 'PAuswG',
  },
  vorlaeufiger_personalausweis: {
    serviceId: 'vorlaeufiger_personalausweis', family: 'pa', provisional: true, title: 'Vorläufiger Personalausweis',
    fingerprints: false, eid: false, postalDelivery: false, passportOptions: false, maxProvisionalValidity: { months: 3 }, minorAge: 16, withoutAppearance: false, law: 'PAuswG',
  },
  reisepass: {
    serviceId: 'reisepass', family: 'pass', provisional: false, title: 'Reisepass',
    fingerprints: true, eid: false, postalDelivery: true, passportOptions: true, minorAge: 18, withoutAppearance: false, law: 'PassG',
  },
  vorlaeufiger_reisepass: {
    serviceId: 'vorlaeufiger_reisepass', family: 'pass', provisional: true, title: 'Vorläufiger Reisepass',
    fingerprints: false, eid: false, postalDelivery: false, passportOptions: false, maxProvisionalValidity: { months: 12 }, minorAge: 18, withoutAppearance: true, law: 'PassG',
  },
};

/** Full validity (PAuswG § 6 Abs. 1, PassG § 5 Abs. 1): 10 years, 6 years for who is under 24 at application. */
export const validityYears = { standard: 10, under24: 6, ageLimit: 24 } as const;
/** eID function switched on from this age (PAuswG § 10 Abs. 1). */
export const eidMinimumAge = 16;
/** ⚠ Age from which the holder signs the document (PAuswG § 5 / PassG § 4 practice: children under 10 do not sign); configurable. */
export const signatureMinimumAge = 10;
/** Photos must leave the capture device within this many hours (DESIGN §5). */
export const photoMaxAgeHours = 96;
/** From this age of a device photo the officer is warned that it must be sent soon. */
export const photoWarnAgeHours = 72;
/** Plausible heights; the ID order renderer (exchange/render.ts) refuses the same values outside it. */
export const heightRangeCm = { min: 40, max: 250 } as const;

/** Which register documents a new document of the family replaces (invalidated at hand-over). */
export const replacedKinds: Record<IdDocumentKind['family'], string[]> = {
  pa: ['personalausweis', 'vorlaeufiger_personalausweis'],
  pass: ['reisepass', 'vorlaeufiger_reisepass', 'kinderreisepass'],
};

export function isIdDocumentService(id: ServiceId): id is IdDocumentService {
  return id in idDocumentKinds;
}

// ——— derived facts ———

export interface Derived {
  age: number | null;
  /** Last day of validity (provisional: the one chosen, at most the maximum). */
  validUntil: string | null;
  /** Provisional documents: the latest allowed end. */
  maxValidUntil: string | null;
  validityYears: number | null;
  eIdEnabled: boolean;
  pinLetter: boolean;
  /** The day the holder turns 16. */
  sixteenOn: string | null;
  fingerprintsRequired: boolean;
  signatureRequired: boolean;
  hauptwohnung: ResidenceFacts | null;
  notCompetent: boolean;
  photoByAuthority: boolean;
}

export function hauptwohnungOf(person: PersonFacts | null): ResidenceFacts | null {
  return person?.residences.find((r) => r.kind === 'haupt' && r.movedOut === null) ?? null;
}

export function derive(kind: IdDocumentKind, data: Partial<IdDocumentData>, facts: CaseFacts): Derived {
  const birthDate = facts.subject?.birthDate ?? null;
  const age = ageOn(birthDate, facts.today);
  let validUntil: string | null = null;
  let maxValidUntil: string | null = null;
  let years: number | null = null;
  if (kind.maxProvisionalValidity) {
    maxValidUntil = periodEnd(facts.today, kind.maxProvisionalValidity);
    validUntil = data.provisional?.validUntil ?? maxValidUntil;
  } else if (age !== null) {
    years = age < validityYears.ageLimit ? validityYears.under24 : validityYears.standard;
    validUntil = periodEnd(facts.today, { years });
  }
  const sixteenOn = dayOfAge(birthDate, eidMinimumAge);
  const hauptwohnung = hauptwohnungOf(facts.subject);
  return {
    age,
    validUntil,
    maxValidUntil,
    validityYears: years,
    eIdEnabled: kind.eid && age !== null && age >= eidMinimumAge,
    // No PIN letter for a holder who will not turn 16 while the card is valid.
    pinLetter: kind.eid && sixteenOn !== null && validUntil !== null && sixteenOn <= validUntil,
    sixteenOn,
    fingerprintsRequired: kind.fingerprints && age !== null && age >= fingerprintMinimumAge,
    signatureRequired: age === null || age >= signatureMinimumAge,
    hauptwohnung,
    // Competent is the authority of the Hauptwohnung (PAuswG § 8 Abs. 1, PassG § 19 Abs. 2); without one, where the person stays.
    notCompetent: hauptwohnung !== null && hauptwohnung.address.ags !== facts.municipality.ags,
    photoByAuthority: data.photo?.source === 'camera' && data.photo.byAuthority !== false && !(kind.provisional && data.paperPhoto?.provided),
  };
}

/** The signature attachment: the one the data names, else the latest signature of the case. */
export function signatureAttachmentOf(data: Partial<IdDocumentData>, attachments: readonly AttachmentFacts[]): AttachmentFacts | null {
  const live = attachments.filter((a) => a.kind === 'signature' && !a.deleted);
  if (data.signature) return live.find((a) => a.id === data.signature) ?? null;
  return live[live.length - 1] ?? null;
}

function hoursBetween(fromIso: string, toIso: string): number {
  return (Date.parse(toIso) - Date.parse(fromIso)) / 3_600_000;
}

const minimumReasonLength = 10;
const filled = (text: string | null | undefined) => (text ?? '').trim() !== '';

// ——— violations ———

export function idDocumentViolations(kind: IdDocumentKind, data: Partial<IdDocumentData>, facts: CaseFacts): Violation[] {
  const out: Violation[] = [];
  const subject = facts.subject;
  if (!subject) {
    return [violation('SUBJECT_REQUIRED', 'personId', 'Bitte die Person aus dem Melderegister wählen.', 'Choose the person from the register.')];
  }
  const derived = derive(kind, data, facts);
  out.push(...subjectViolations(kind, subject, derived));
  out.push(...applicantViolations(kind, data, facts, derived));
  out.push(...identityViolations(data, subject));
  if (derived.notCompetent && !filled(data.competence?.importantReason)) {
    out.push(violation('COMPETENCE_REASON_MISSING', 'competence.importantReason',
      `Die Hauptwohnung liegt nicht in ${facts.municipality.name}; eine nicht zuständige Behörde darf nur aus wichtigem Grund tätig werden (${kind.family === 'pa' ? 'PAuswG § 8 Abs. 2' : 'PassG § 19 Abs. 2'}). Bitte den Grund erfassen.`,
      `The main residence is not in ${facts.municipality.name}; a non-competent authority may only act for an important reason (${kind.family === 'pa' ? 'PAuswG § 8 (2)' : 'PassG § 19 (2)'}). Record the reason.`));
  }
  out.push(...photoViolations(kind, data, facts));
  if (kind.fingerprints) {
    out.push(...fingerprintViolations(data.fingerprints, derived.age, facts.attachments));
  } else if ((data.fingerprints?.attempts ?? []).length > 0) {
    out.push(violation('FINGERPRINTS_NOT_FOR_PROVISIONAL', 'fingerprints.attempts',
      `Ein ${kind.title} hat keinen Chip; es werden keine Fingerabdrücke genommen. Bitte die erfassten Abdrücke verwerfen.`,
      `A ${kind.serviceId === 'vorlaeufiger_reisepass' ? 'provisional passport' : 'provisional identity card'} has no chip; no fingerprints are taken. Discard the captured prints.`));
  }
  out.push(...signatureViolations(data, facts, derived));
  out.push(...bodyViolations(data));
  if (derived.pinLetter && data.eidInformationGiven !== true) {
    out.push(violation('EID_INFORMATION_MISSING', 'eidInformationGiven',
      'Bitte die antragstellende Person über die Online-Ausweisfunktion und den PIN-Brief unterrichten und das bestätigen (PAuswG § 11 Abs. 3).',
      'Inform the applicant about the eID function and the PIN letter and confirm it (PAuswG § 11 (3)).'));
  }
  if (kind.postalDelivery) out.push(...deliveryViolations(data));
  if (kind.provisional) out.push(...provisionalViolations(kind, data, facts, derived));
  return out;
}

function subjectViolations(kind: IdDocumentKind, subject: PersonFacts, derived: Derived): Violation[] {
  const out: Violation[] = [];
  if (subject.dateOfDeath) {
    out.push(violation('SUBJECT_DECEASED', 'personId', `Die Person ist laut Register am ${germanDate(subject.dateOfDeath)} verstorben; es kann kein Ausweis beantragt werden.`, `The register records the person as deceased on ${subject.dateOfDeath}; no document can be applied for.`));
  }
  if (!subject.nationalities.includes('DE')) {
    out.push(violation('NOT_GERMAN', 'personId',
      `${kind.title} erhalten nur Deutsche (${kind.law} § 1); laut Register ist die Person nicht deutsch. Bitte die Staatsangehörigkeit im Register prüfen.`,
      `Only Germans get this document (${kind.law} § 1); the register does not record German nationality. Check the nationality in the register.`));
  }
  if (derived.age === null) {
    out.push(violation('BIRTH_DATE_UNKNOWN', 'personId',
      'Das Geburtsdatum ist im Register nicht bekannt; Gültigkeit, Gebühr und Fingerabdruckpflicht hängen davon ab. Bitte das Register zuerst berichtigen.',
      'The birth date is unknown in the register; validity, fee and the fingerprint duty depend on it. Correct the register first.'));
  }
  return out;
}

function applicantViolations(kind: IdDocumentKind, data: Partial<IdDocumentData>, facts: CaseFacts, derived: Derived): Violation[] {
  const out: Violation[] = [];
  const applicant = facts.applicant ?? { kind: 'self' as const };
  // A checkbox cannot tell "not ticked" from "no": anything but a confirmed appearance counts as none.
  if (data.appearance?.inPerson !== true && !kind.withoutAppearance) {
    out.push(kind.family === 'pass'
      ? violation('PASSPORT_NOT_IN_PERSON', 'appearance.inPerson',
        'Bitte bestätigen, dass die Person persönlich anwesend ist (am Schalter oder beim Hausbesuch). Wer nicht persönlich erscheinen kann, erhält nur einen vorläufigen Reisepass (PassG § 6 Abs. 1): dann einen Hausbesuch planen oder den vorläufigen Reisepass beantragen.',
        'Confirm that the person is present in person (at the counter or at the home visit). Whoever cannot appear in person can only get a provisional passport (PassG § 6 (1)): plan a home visit or apply for the provisional passport.')
      : violation('ID_CARD_NOT_IN_PERSON', 'appearance.inPerson',
        'Bitte bestätigen, dass die Person persönlich anwesend ist (am Schalter oder beim Hausbesuch); der Ausweis setzt das persönliche Erscheinen voraus (PAuswG § 9 Abs. 1). Wer dauerhaft nicht erscheinen kann, kann von der Ausweispflicht befreit werden (PAuswG § 1 Abs. 3).',
        'Confirm that the person is present in person (at the counter or at the home visit); the card requires the person to appear (PAuswG § 9 (1)). Someone who can never appear can be exempted from the duty to hold one (PAuswG § 1 (3)).'));
  }
  if (applicant.kind === 'authorised_person' && data.representation?.powerOfAttorneyPubliclyCertified !== true) {
    out.push(violation('POWER_OF_ATTORNEY_NOT_CERTIFIED', 'representation.powerOfAttorneyPubliclyCertified',
      'Bevollmächtigte können nur mit einer öffentlich beglaubigten oder beurkundeten Vollmacht für eine Person handeln, die selbst nicht handeln kann; bitte die Vollmacht prüfen und bestätigen.',
      'An authorised person can only act with a publicly certified or notarised power of attorney for someone who cannot act themselves; check the document and confirm it.'));
  }
  if (derived.age !== null && derived.age < kind.minorAge && applicant.kind === 'self') {
    const consentOk = kind.family === 'pass' && data.representation?.parentalConsent === true;
    if (!consentOk) {
      out.push(violation('MINOR_NEEDS_REPRESENTATIVE', 'applicant.kind',
        kind.family === 'pa'
          ? `Für Personen unter ${kind.minorAge} Jahren beantragen die Sorgeberechtigten den Ausweis (PAuswG § 9 Abs. 2); bitte den Elternteil oder die gesetzliche Vertretung als antragstellende Person erfassen.`
          : `Für Minderjährige beantragen die Sorgeberechtigten den Pass oder stimmen schriftlich zu (PassG § 6 Abs. 1); bitte die Vertretung erfassen oder die Zustimmung bestätigen.`,
        kind.family === 'pa'
          ? `For persons under ${kind.minorAge} the holders of parental responsibility apply (PAuswG § 9 (2)); record the parent or legal representative as applicant.`
          : 'For minors the holders of parental responsibility apply or consent in writing (PassG § 6 (1)); record the representative or confirm the consent.'));
    }
  }
  return out;
}

const germanDocumentKinds = new Set(['personalausweis', 'reisepass']);

function identityViolations(data: Partial<IdDocumentData>, subject: PersonFacts): Violation[] {
  const out: Violation[] = [];
  const identity = data.identity ?? {};
  const kind = identity.presentedDocumentKind;
  if (!kind) {
    out.push(violation('IDENTITY_DOCUMENT_KIND_MISSING', 'identity.presentedDocumentKind',
      'Bitte angeben, mit welchem Dokument sich die Person ausweist (oder „kein Dokument“).',
      'State which document the person identified themselves with (or "no document").'));
  } else if (kind === 'none') {
    if (!filled(identity.otherEvidence)) {
      out.push(violation('IDENTITY_EVIDENCE_MISSING', 'identity.otherEvidence',
        'Ohne Ausweisdokument bitte angeben, wodurch die Identität festgestellt wurde (z. B. Geburtsurkunde, Abgleich mit dem Register durch Befragung).',
        'Without an ID document, state how the identity was established (e.g. birth certificate, questions against the register).'));
    }
  } else {
    const serialNumber = (identity.presentedSerialNumber ?? '').trim().toUpperCase();
    if (serialNumber === '') {
      out.push(violation('IDENTITY_SERIAL_MISSING', 'identity.presentedSerialNumber', 'Bitte die Nummer des vorgelegten Dokuments erfassen.', 'Enter the number of the presented document.'));
    } else if (germanDocumentKinds.has(kind) && serialNumberProblem(serialNumber)) {
      out.push(violation('IDENTITY_SERIAL_INVALID', 'identity.presentedSerialNumber',
        `Die Dokumentnummer „${serialNumber}“ ist ungültig (9 Zeichen und Prüfziffer nach ICAO 9303); bitte die Nummer vom Dokument abschreiben.`,
        `The document number "${serialNumber}" is invalid: ${serialNumberProblem(serialNumber)} Copy the number from the document.`));
    }
    const held = subject.documents.find((d) => d.serialNumber === serialNumber);
    if (held && (held.status === 'lost' || held.status === 'stolen')) {
      out.push(violation('IDENTITY_DOCUMENT_REPORTED_MISSING', 'identity.presentedSerialNumber',
        `Das vorgelegte Dokument ${serialNumber} ist als ${held.status === 'lost' ? 'verloren' : 'gestohlen'} gemeldet; es kann die Identität nicht nachweisen. Bitte das Dokument einbehalten, die Sachfahndung klären und die Identität anders feststellen.`,
        `The presented document ${serialNumber} is reported ${held.status}; it cannot prove the identity. Keep it, clear the search alert and establish the identity otherwise.`));
    }
    if (identity.personMatchesDocument !== true) {
      out.push(violation('IDENTITY_PERSON_NOT_CONFIRMED', 'identity.personMatchesDocument',
        'Bitte bestätigen, dass die anwesende Person die auf dem Lichtbild des vorgelegten Dokuments ist.',
        'Confirm that the person present is the one on the photo of the presented document.'));
    }
  }
  if (identity.dataMatchRegister !== true) {
    out.push(violation('IDENTITY_NOT_CHECKED', 'identity.dataMatchRegister',
      'Bitte Namen, Geburtsdaten und Anschrift mit dem Melderegister abgleichen und die Übereinstimmung bestätigen. Weichen sie ab, zuerst klären (Register berichtigen oder Nachweise vorlegen lassen).',
      'Compare names, birth data and address with the register and confirm that they agree. If they differ, resolve it first (correct the register or ask for evidence).'));
  }
  return out;
}

/** The findings the officer accepted the photo despite (take_photo's override); never the size or upscaling. */
function overriddenChecks(photo: NonNullable<IdDocumentData['photo']>): ReadonlySet<string> {
  return new Set((photo.override?.checks ?? []).filter(isOverridablePhotoCheck));
}

function photoViolations(kind: IdDocumentKind, data: Partial<IdDocumentData>, facts: CaseFacts): Violation[] {
  const out: Violation[] = [];
  if (kind.provisional && data.paperPhoto?.provided) {
    if (!filled(data.paperPhoto.takenBy)) {
      out.push(violation('PHOTO_TAKEN_BY_MISSING', 'paperPhoto.takenBy',
        'Bitte die lichtbildaufnehmende Stelle des Papierlichtbilds erfassen (Fotostudio oder Behörde).',
        'Record who took the paper photo (the studio or the authority).'));
    }
    return out;
  }
  const photo = data.photo;
  if (!photo?.attachmentId || !photo.source) {
    out.push(violation('PHOTO_MISSING', 'photo',
      kind.provisional
        ? 'Es fehlt das Lichtbild: bitte aufnehmen, per Lichtbild-Code abrufen oder ein vorgelegtes Papierlichtbild bestätigen.'
        : 'Es fehlt das Lichtbild: bitte mit der Kamera aufnehmen oder per Lichtbild-Code vom Dienstleister abrufen.',
      kind.provisional
        ? 'The photo is missing: take it, fetch it with the photo code, or confirm a paper photo the person brought.'
        : 'The photo is missing: take it with the camera or fetch it with the provider\'s photo code.'));
    return out;
  }
  const attachment = facts.attachments.find((a) => a.id === photo.attachmentId);
  if (!attachment || attachment.deleted || attachment.kind !== 'photo') {
    out.push(violation('PHOTO_IMAGE_MISSING', 'photo', 'Das Lichtbild ist nicht mehr vorhanden; bitte neu aufnehmen oder abrufen.', 'The photo image is no longer there; take or fetch it again.'));
  }
  if (!filled(photo.takenBy)) {
    out.push(violation('PHOTO_TAKEN_BY_MISSING', 'photo.takenBy', 'Bitte die lichtbildaufnehmende Stelle erfassen.', 'Record who took the photo (lichtbildaufnehmende Stelle).'));
  }
  // A finding the officer explicitly accepted the photo despite is a notice (idDocumentNotices), not a violation.
  const overridden = overriddenChecks(photo);
  for (const finding of checkPhoto({ width: photo.width ?? 0, height: photo.height ?? 0, assessment: photo.assessment ?? null })) {
    if (overridden.has(finding.check)) continue;
    out.push({ code: `PHOTO_${finding.check.toUpperCase()}`, field: 'photo', message: finding.message });
  }
  if (photo.source === 'camera' && photo.takenAt && hoursBetween(photo.takenAt, facts.now) > photoMaxAgeHours) {
    out.push(violation('PHOTO_TOO_OLD', 'photo',
      `Das Lichtbild wurde am ${photo.takenAt.slice(0, 10)} aufgenommen; Lichtbilder dürfen höchstens ${photoMaxAgeHours} Stunden auf dem Aufnahmegerät bleiben. Bitte neu aufnehmen.`,
      `The photo was taken on ${photo.takenAt.slice(0, 10)}; photos may stay on the capture device for at most ${photoMaxAgeHours} hours. Take it again.`));
  }
  if (photo.officerDecision === 'vetoed') {
    out.push(violation('PHOTO_VETOED', 'photo.officerDecision',
      'Das Lichtbild wurde abgelehnt; bitte ein neues aufnehmen oder abrufen.',
      'The photo was rejected; take or fetch a new one.'));
  } else if (photo.officerDecision !== 'accepted') {
    out.push(violation('PHOTO_NOT_ACCEPTED', 'photo.officerDecision',
      'Bitte das Lichtbild ansehen und annehmen oder ablehnen; die Prüfung der Software ersetzt nicht Ihre Entscheidung und nicht das Urteil des zertifizierten Aufnahmemoduls.',
      'Look at the photo and accept or reject it; the software\'s check replaces neither your decision nor the certified capture module\'s verdict.'));
  }
  return out;
}

function signatureViolations(data: Partial<IdDocumentData>, facts: CaseFacts, derived: Derived): Violation[] {
  if (!derived.signatureRequired) return [];
  const out: Violation[] = [];
  if (data.signatureImpossible) {
    if ((data.signatureImpossibleReason ?? '').trim().length < minimumReasonLength) {
      out.push(violation('SIGNATURE_REASON_MISSING', 'signatureImpossibleReason',
        'Bitte dokumentieren, warum die Person nicht unterschreiben kann.',
        'Document why the person cannot sign.'));
    }
    return out;
  }
  if (data.signature && !signatureAttachmentOf(data, facts.attachments)) {
    out.push(violation('SIGNATURE_IMAGE_MISSING', 'signature', 'Die Unterschrift ist nicht mehr vorhanden; bitte erneut unterschreiben lassen.', 'The signature image is no longer there; have the person sign again.'));
  } else if (!signatureAttachmentOf(data, facts.attachments)) {
    out.push(violation('SIGNATURE_MISSING', 'signature',
      'Bitte die Person auf dem Unterschriftenfeld unterschreiben lassen, oder vermerken, warum sie nicht unterschreiben kann.',
      'Have the person sign on the signature pad, or record why they cannot sign.'));
  }
  return out;
}

function bodyViolations(data: Partial<IdDocumentData>): Violation[] {
  const out: Violation[] = [];
  const height = data.heightCm;
  if (height === undefined || height === null) {
    out.push(violation('HEIGHT_MISSING', 'heightCm', 'Bitte die Größe in Zentimetern erfassen.', 'Enter the height in centimetres.'));
  } else if (typeof height !== 'number' || !Number.isInteger(height) || height < heightRangeCm.min || height > heightRangeCm.max) {
    out.push(violation('HEIGHT_IMPLAUSIBLE', 'heightCm',
      `Die Größe „${String(height)}“ ist nicht plausibel; bitte ganze Zentimeter zwischen ${heightRangeCm.min} und ${heightRangeCm.max} erfassen.`,
      `The height "${String(height)}" is not plausible; enter whole centimetres between ${heightRangeCm.min} and ${heightRangeCm.max}.`));
  }
  if (!data.eyeColour) {
    out.push(violation('EYE_COLOUR_MISSING', 'eyeColour', 'Bitte die Augenfarbe auswählen.', 'Choose the eye colour.'));
  } else if (!(eyeColours as readonly string[]).includes(data.eyeColour)) {
    out.push(violation('EYE_COLOUR_INVALID', 'eyeColour', `Bitte eine der Augenfarben ${eyeColours.join(', ')} wählen.`, `Choose one of the eye colours ${eyeColours.join(', ')}.`));
  }
  return out;
}

function deliveryViolations(data: Partial<IdDocumentData>): Violation[] {
  const delivery = data.delivery;
  if (!delivery?.kind) {
    return [violation('DELIVERY_MISSING', 'delivery.kind', 'Bitte wählen: Abholung bei der Behörde oder Versand per Post.', 'Choose pick-up at the authority or delivery by post.')];
  }
  if (delivery.kind !== 'postal') return [];
  const out: Violation[] = [];
  const address = delivery.address ?? {};
  const missing = (['street', 'houseNumber', 'postcode', 'city'] as const).filter((part) => !filled(address[part]));
  if (missing.length > 0) {
    out.push(violation('DELIVERY_ADDRESS_INCOMPLETE', 'delivery.address',
      `Für den Versand fehlt in der Anschrift: ${missing.join(', ')}; bitte ergänzen.`,
      `The delivery address lacks: ${missing.join(', ')}; complete it.`));
  } else if (!/^\d{5}$/.test((address.postcode ?? '').trim())) {
    out.push(violation('DELIVERY_POSTCODE_INVALID', 'delivery.address.postcode',
      'Der Versand ist nur an eine Anschrift in Deutschland möglich; die Postleitzahl hat 5 Ziffern.',
      'Delivery is possible to an address in Germany only; the postcode has 5 digits.'));
  }
  return out;
}

function provisionalViolations(kind: IdDocumentKind, data: Partial<IdDocumentData>, facts: CaseFacts, derived: Derived): Violation[] {
  const out: Violation[] = [];
  const serialNumber = (data.provisional?.serialNumber ?? '').trim().toUpperCase();
  if (serialNumber === '') {
    out.push(violation('PROVISIONAL_SERIAL_MISSING', 'provisional.serialNumber',
      `Bitte die Seriennummer des Vordrucks (${kind.title}) erfassen.`, 'Enter the serial number printed on the blank document.'));
  } else if (!/^[0-9A-Z]{5,9}[0-9]$/.test(serialNumber) || !hasValidIcaoCheckDigit(serialNumber)) {
    out.push(violation('PROVISIONAL_SERIAL_INVALID', 'provisional.serialNumber',
      `Die Seriennummer „${serialNumber}“ ist ungültig: erwartet werden Großbuchstaben und Ziffern mit Prüfziffer am Ende (ICAO 9303). Bitte vom Vordruck abschreiben.`,
      `The serial number "${serialNumber}" is invalid: capital letters and digits ending in the ICAO 9303 check digit are expected. Copy it from the blank.`));
  } else if (facts.subject?.documents.some((d) => d.serialNumber === serialNumber)) {
    out.push(violation('PROVISIONAL_SERIAL_IN_USE', 'provisional.serialNumber',
      `Die Seriennummer ${serialNumber} ist bereits für ein Dokument der Person eingetragen; bitte die Nummer des neuen Vordrucks erfassen.`,
      `Serial number ${serialNumber} is already recorded for a document of the person; enter the number of the new blank.`));
  }
  const chosen = data.provisional?.validUntil;
  if (chosen && derived.maxValidUntil) {
    if (chosen > derived.maxValidUntil) {
      out.push(violation('PROVISIONAL_VALIDITY_TOO_LONG', 'provisional.validUntil',
        `Ein ${kind.title} gilt höchstens bis ${germanDate(derived.maxValidUntil)} (${kind.maxProvisionalValidity?.months === 12 ? 'ein Jahr' : `${kind.maxProvisionalValidity?.months} Monate`}); bitte ein früheres Datum wählen.`,
        `This provisional document is valid until ${derived.maxValidUntil} at the latest; choose an earlier date.`));
    }
    if (chosen < facts.today) {
      out.push(violation('PROVISIONAL_VALIDITY_PAST', 'provisional.validUntil', 'Das Gültigkeitsende liegt in der Vergangenheit; bitte korrigieren.', 'The end of validity is in the past; correct it.'));
    }
  }
  return out;
}

// ——— notices ———

export function idDocumentNotices(kind: IdDocumentKind, data: Partial<IdDocumentData>, facts: CaseFacts): Notice[] {
  const subject = facts.subject;
  if (!subject) return [];
  const derived = derive(kind, data, facts);
  const out: Notice[] = [];
  if (derived.validUntil) {
    out.push(kind.provisional
      ? notice('VALIDITY', `Der ${kind.title} gilt bis ${germanDate(derived.validUntil)}.`, `The provisional document is valid until ${derived.validUntil}.`)
      : notice('VALIDITY',
        `Der ${kind.title} gilt bis ${germanDate(derived.validUntil)} (${derived.validityYears} Jahre${derived.validityYears === validityYears.under24 ? ', weil die Person bei Antragstellung unter 24 ist' : ''}).`,
        `The document is valid until ${derived.validUntil} (${derived.validityYears} years${derived.validityYears === validityYears.under24 ? ', as the person is under 24 at application' : ''}).`));
  }
  if (kind.eid && derived.age !== null) {
    if (!derived.eIdEnabled) {
      out.push(notice('EID_OFF_UNDER_16',
        'Die Online-Ausweisfunktion bleibt ausgeschaltet, weil die Person unter 16 ist; sie wird mit dem 16. Geburtstag nutzbar (keine Wahl).',
        'The eID function stays switched off because the person is under 16; it becomes usable from the 16th birthday (no choice).'));
    }
    out.push(derived.pinLetter
      ? notice('PIN_LETTER', 'Die Person erhält einen PIN-Brief; seine Aushändigung wird mit Datum und Uhrzeit quittiert.', 'The person receives a PIN letter; its hand-over is receipted with date and time.')
      : notice('PIN_LETTER_NONE',
        `Kein PIN-Brief: die Person wird erst am ${germanDate(derived.sixteenOn)} 16, nach dem Ende der Gültigkeit (${germanDate(derived.validUntil)}).`,
        `No PIN letter: the person turns 16 only on ${derived.sixteenOn}, after the end of validity (${derived.validUntil}).`));
  }
  if (derived.notCompetent && derived.hauptwohnung) {
    out.push(notice('NOT_COMPETENT',
      `Die Hauptwohnung liegt in ${derived.hauptwohnung.address.city} (AGS ${derived.hauptwohnung.address.ags}), nicht in ${facts.municipality.name}: es fällt der Zuschlag für die nicht zuständige Behörde an.`,
      `The main residence is in ${derived.hauptwohnung.address.city} (AGS ${derived.hauptwohnung.address.ags}), not in ${facts.municipality.name}: the surcharge for a non-competent authority applies.`));
  }
  if (!derived.hauptwohnung) {
    out.push(notice('NO_HAUPTWOHNUNG', 'Im Register ist keine Hauptwohnung eingetragen; zuständig ist die Behörde des Aufenthaltsorts.', 'The register holds no main residence; the authority where the person stays is competent.'));
  }
  if (kind.fingerprints && derived.age !== null && derived.age < fingerprintMinimumAge) {
    out.push(notice('NO_FINGERPRINTS_UNDER_SIX', 'Die Person ist unter 6 Jahre alt: es werden keine Fingerabdrücke genommen.', 'The person is under 6: no fingerprints are taken.'));
  }
  if (kind.fingerprints && derived.fingerprintsRequired && !data.fingerprints?.exempt) {
    const next = assessFingerprints(data.fingerprints ?? {}).next;
    if (next.length > 0) {
      out.push(notice('FINGERPRINT_NEXT', `Als Nächstes erfassen: ${next.map((f) => fingerName(f).de).join(', ')}.`, `Capture next: ${next.map((f) => fingerName(f).en).join(', ')}.`));
    }
  }
  if (!derived.signatureRequired) {
    out.push(notice('NO_SIGNATURE_UNDER_10', `Kinder unter ${signatureMinimumAge} Jahren unterschreiben nicht.`, `Children under ${signatureMinimumAge} do not sign.`));
  }
  const presented = (data.identity?.presentedSerialNumber ?? '').trim().toUpperCase();
  if (presented !== '' && data.identity?.presentedDocumentKind !== 'none' && !subject.documents.some((d) => d.serialNumber === presented)) {
    out.push(notice('IDENTITY_DOCUMENT_NOT_IN_REGISTER',
      `Das vorgelegte Dokument ${presented} ist im Register dieser Person nicht eingetragen (vielleicht von einer anderen Behörde ausgestellt); bitte Echtheit und Gültigkeit prüfen.`,
      `The presented document ${presented} is not recorded for this person (perhaps issued elsewhere); check that it is genuine and valid.`));
  }
  for (const old of subject.documents.filter((d) => d.status === 'valid' && replacedKinds[kind.family].includes(d.kind))) {
    out.push(notice('OLD_DOCUMENT_INVALIDATED',
      `Das bisherige Dokument ${old.serialNumber} (gültig bis ${germanDate(old.validUntil)}) wird bei der Aushändigung des neuen entwertet.`,
      `The current document ${old.serialNumber} (valid until ${old.validUntil}) is invalidated when the new one is handed over.`));
  }
  const printed = printedNames(subject);
  if (printed.truncated) {
    out.push(notice('NAMES_TRUNCATED',
      `Die Namen passen nicht vollständig in die Datenfelder und werden gekürzt gedruckt: „${printed.familyNameLine}“, „${printed.givenNamesLine}“. Bitte die Person darauf hinweisen.`,
      `The names do not fit the data fields in full and will be printed shortened: "${printed.familyNameLine}", "${printed.givenNamesLine}". Tell the person.`));
  }
  const photo = data.photo;
  if (photo?.source === 'camera' && photo.takenAt) {
    const hours = hoursBetween(photo.takenAt, facts.now);
    if (hours >= photoWarnAgeHours && hours <= photoMaxAgeHours) {
      out.push(notice('PHOTO_EXPIRES_SOON',
        `Das Lichtbild ist ${Math.floor(hours)} Stunden alt; nach ${photoMaxAgeHours} Stunden muss es neu aufgenommen werden.`,
        `The photo is ${Math.floor(hours)} hours old; after ${photoMaxAgeHours} hours it must be taken again.`));
    }
  }
  if (photo?.source && photo.override) {
    const overridden = overriddenChecks(photo);
    const findings = checkPhoto({ width: photo.width ?? 0, height: photo.height ?? 0, assessment: photo.assessment ?? null }).filter((f) => overridden.has(f.check));
    if (findings.length > 0) {
      out.push(notice('PHOTO_CHECKS_OVERRIDDEN',
        `Das Lichtbild wurde trotz Hinweisen der Vorprüfung übernommen: ${findings.map((f) => f.message.de).join(' ')}`,
        `The photo was accepted despite findings of the pre-check: ${findings.map((f) => f.message.en).join(' ')}`));
    }
  }
  if (photo?.source && !photo.assessment) {
    out.push(notice('PHOTO_NO_GEOMETRY', 'Das Aufnahmegerät hat keine Geometriemessung geliefert; bitte Kopfhaltung, Größe und Hintergrund selbst prüfen.', 'The capture device reported no geometry; check head pose, size and background yourself.'));
  }
  return out;
}
