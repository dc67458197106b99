// Shapes of the visit-request data (issue 4). Pure types: the schema stores them as jsonb.
import type { Text } from '../cases/workflow.ts';

/** How the requester stands to the data subject. Decides what they may ask for (DESIGN §5: applicant ≠ data subject). */
export type RequesterRelation = 'self' | 'relative' | 'betreuer' | 'bevollmaechtigter' | 'care_home' | 'other';

export interface Requester {
  name: string;
  relation: RequesterRelation;
  /** E.g. the care home's name when relation = care_home. */
  organisation?: string;
  /** Call-back number. */
  phone?: string;
  email?: string;
  /** Postal address lines, for a letter. */
  postalAddress?: string[];
  /** How the requester wants to hear from us: email, a printed letter, or a call. */
  preferredContact: 'email' | 'letter' | 'phone';
  /** Leichte Sprache letters and mails. */
  easyLanguage?: boolean;
}

/** The data subject as described by the requester; the register match is visit_request.person_id. */
export interface RequestSubject {
  familyName: string;
  givenNames: string;
  /** ISO date, or partial (YYYY or YYYY-MM) when the caller does not know. */
  birthDate?: string;
  /** Free text as given: "Am Stadtpark 3, Zimmer 12". */
  address?: string;
  phone?: string;
}

/** Where the visit takes place: at home or at an institution (all residents of one institution become one Sammeltermin). */
export interface RequestLocation {
  kind: 'home' | 'institution';
  institutionId?: string;
  /** The register address, when known. */
  addressId?: string;
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  /** Room, floor, "bei Schmidt". */
  addition?: string;
  latitude?: number;
  longitude?: number;
}

/** When the subject can be visited: a weekday (1 = Monday … 7) or a date, with a time span "HH:MM". */
export interface AvailabilityWindow {
  weekday?: number;
  date?: string;
  from: string;
  to: string;
}

export type EvidenceKind =
  | 'pflegegrad_bescheid'
  | 'schwerbehindertenausweis'
  | 'aerztliches_attest'
  | 'heimbestaetigung'
  | 'haftbescheinigung'
  | 'other';

/** Evidence the dispatcher has seen (a scan in the request's attachments, or shown on the phone/at the door). */
export interface EvidenceSeen {
  kind: EvidenceKind;
  /** Pflegegrad 1–5 from a Bescheid. */
  pflegegrad?: number;
  /** Merkzeichen on the Schwerbehindertenausweis, e.g. ["aG", "B"]. */
  merkzeichen?: string[];
  /** Ärztliches Attest: the doctor attests that the subject is permanently, severely immobile (cannot come to the office). */
  attestsPermanentImmobility?: boolean;
  attachmentId?: string;
  note?: string;
}
export type EligibilityEvidence = EvidenceSeen;

/** One way to qualify for a home visit. Rule sets are lists of these (any one suffices). */
export type EligibilityCriterion =
  | { id: string; kind: 'institution_resident'; institutionKinds: string[]; label: Text }
  | { id: string; kind: 'pflegegrad_min'; min: number; label: Text }
  | { id: string; kind: 'merkzeichen'; marks: string[]; label: Text }
  | { id: string; kind: 'permanently_immobile'; label: Text };

/** What a denial letter may offer instead of a visit. */
export type VisitAlternative = 'befreiung_ausweispflicht' | 'vorlaeufiger_ausweis' | 'photo_code' | 'online_services' | 'buergerbuero';

export interface EligibilityRules {
  criteria: EligibilityCriterion[];
  /** Offered in every denial letter, in this order. */
  alternatives: VisitAlternative[];
}
