/**
 * Who may register a move for the data subject (DESIGN §5: applicant ≠ data subject):
 *
 * - the person themselves, from 16 (BMG § 17 Abs. 3 Satz 1: for persons under 16 the duty lies with
 *   whoever they move in with or out from — usually the parents);
 * - parents (and other gesetzliche Vertreter) for minors; a parent of an adult needs a Vollmacht
 *   and applies as authorised person;
 * - a Betreuer whose Aufgabenkreis includes the Aufenthaltsbestimmung: he may and must register the
 *   person (§ 17 Abs. 3 Satz 3); without that Aufgabenkreis he has no authority to act here;
 * - the head of a care home or similar Einrichtung, for a resident who cannot register themselves
 *   (§ 32 Abs. 1 BMG) — only for the move into the Einrichtung;
 * - anybody with a written Vollmacht (authorised_person).
 *
 * Every applicant other than the person names the evidence of their authority.
 */
import { ageOn } from '../../../platform/periods.ts';
import type { Applicant, CaseFacts, Notice, PersonFacts, Violation } from '../../workflow.ts';
import { notice, violation } from '../text.ts';

export type RegistrationKind = 'anmeldung' | 'ummeldung' | 'abmeldung';

export interface ApplicantContext {
  kind: RegistrationKind;
  /** Birth date of the data subject (register or captured). */
  subjectBirthDate: string | null;
  /** The new flat is a care home or similar Einrichtung (the Wohnungsgeber says so). */
  intoCareHome: boolean;
  /** The Einrichtung declares the resident cannot register themselves (§ 32 Abs. 1 BMG). */
  residentUnable: boolean;
  /** The subject's relations in the register (a Betreuer with Aufenthaltsbestimmung). */
  relations: PersonFacts['relations'];
}

const kindLabels: Record<Exclude<Applicant['kind'], 'self'>, { de: string; en: string }> = {
  legal_representative: { de: 'gesetzliche Vertretung', en: 'legal representative' },
  betreuer: { de: 'Betreuer', en: 'Betreuer (court-appointed guardian)' },
  parent: { de: 'Elternteil', en: 'parent' },
  care_home_head: { de: 'Leitung der Einrichtung', en: 'head of the institution' },
  authorised_person: { de: 'bevollmächtigte Person', en: 'authorised person' },
};

function normalisedScope(scope: string[] | null | undefined): string[] {
  return (scope ?? []).map((entry) => entry.toLowerCase().replace(/[^a-zäöüß]/g, ''));
}

/** The Aufgabenkreis "Aufenthaltsbestimmung" (also written "Aufenthaltsbestimmungsrecht", "Bestimmung des Aufenthalts"). */
export function coversAufenthaltsbestimmung(scope: string[] | null | undefined): boolean {
  return normalisedScope(scope).some((entry) => entry.includes('aufenthalt'));
}

/** The subject has a Betreuer with Aufenthaltsbestimmung in the register. */
export function hasBetreuerForResidence(relations: PersonFacts['relations']): boolean {
  return relations.some((relation) => relation.kind === 'betreuer' && coversAufenthaltsbestimmung(relation.scope));
}

/** The applicant is the subject's Betreuer with Aufenthaltsbestimmung according to the register. */
function registeredBetreuerFor(relations: PersonFacts['relations'], personId: string | null | undefined): boolean {
  return Boolean(personId) && relations.some((relation) => relation.kind === 'betreuer' && relation.relatedPersonId === personId && coversAufenthaltsbestimmung(relation.scope));
}

export function applicantOf(facts: CaseFacts): Applicant {
  return facts.applicant ?? { kind: 'self' };
}

export function applicantViolations(facts: CaseFacts, context: ApplicantContext): Violation[] {
  const applicant = applicantOf(facts);
  const age = context.subjectBirthDate ? ageOn(context.subjectBirthDate, facts.today) : null;
  const out: Violation[] = [];
  if (applicant.kind === 'self') {
    if (age !== null && age < 16) {
      out.push(violation('RESIDENCE_APPLICANT_UNDER_16', 'applicant',
        `Die Person ist ${age} Jahre alt. Für Personen unter 16 Jahren meldet, wer sie in seine Wohnung aufnimmt oder aus ihr auszieht – in der Regel die Eltern (§ 17 Abs. 3 Satz 1 BMG). Tragen Sie den Elternteil als antragstellende Person ein.`,
        `The person is ${age}. For persons under 16 the registration is made by whoever they move in with or out from — usually the parents (BMG § 17 (3) sentence 1). Enter the parent as the applicant.`));
    }
    return out;
  }
  const label = kindLabels[applicant.kind];
  if (!applicant.name?.trim()) {
    out.push(violation('RESIDENCE_APPLICANT_NAME_MISSING', 'applicant.name',
      `Tragen Sie den Namen der antragstellenden Person (${label.de}) ein.`,
      `Enter the name of the applicant (${label.en}).`));
  }
  if (!applicant.evidence?.trim()) {
    out.push(violation('RESIDENCE_APPLICANT_EVIDENCE_MISSING', 'applicant.evidence',
      `Tragen Sie ein, was die Befugnis der antragstellenden Person (${label.de}) belegt: ${evidenceHint(applicant.kind).de}.`,
      `Enter what proves the applicant's authority (${label.en}): ${evidenceHint(applicant.kind).en}.`));
  }
  switch (applicant.kind) {
    case 'parent':
      if (age !== null && age >= 18) {
        out.push(violation('RESIDENCE_APPLICANT_PARENT_OF_ADULT', 'applicant.kind',
          `Die Person ist volljährig (${age} Jahre); Eltern vertreten sie nicht mehr. Mit schriftlicher Vollmacht kann der Elternteil als bevollmächtigte Person melden.`,
          `The person is an adult (${age}); parents no longer represent them. With a written Vollmacht the parent can register as an authorised person.`));
      }
      break;
    case 'betreuer':
      // The Aufgabenkreis from the Betreuerausweis, or — for a Betreuer in the register — from the register's relation.
      if (!coversAufenthaltsbestimmung(applicant.scope) && !registeredBetreuerFor(context.relations, applicant.personId)) {
        out.push(violation('RESIDENCE_BETREUER_SCOPE', 'applicant.scope',
          'Der Betreuer darf nur melden, wenn sein Aufgabenkreis die Aufenthaltsbestimmung umfasst (§ 17 Abs. 3 Satz 3 BMG). Prüfen Sie den Betreuerausweis und tragen Sie den Aufgabenkreis ein, oder nehmen Sie eine Vollmacht der Person auf.',
          'A Betreuer may register the person only when his Aufgabenkreis includes the Aufenthaltsbestimmung (BMG § 17 (3) sentence 3). Check the Betreuerausweis and enter the Aufgabenkreis, or take a Vollmacht from the person.'));
      }
      if (age !== null && age < 18) {
        out.push(violation('RESIDENCE_BETREUER_MINOR', 'applicant.kind',
          `Eine Betreuung gibt es nur für Volljährige; die Person ist ${age} Jahre alt. Für Minderjährige melden die Eltern oder der Vormund (gesetzliche Vertretung).`,
          `Betreuung exists only for adults; the person is ${age}. For minors the parents or the guardian (legal representative) register.`));
      }
      break;
    case 'care_home_head':
      if (context.kind === 'abmeldung') {
        out.push(violation('RESIDENCE_CARE_HOME_HEAD_ABMELDUNG', 'applicant.kind',
          'Die Leitung einer Einrichtung meldet nur die Aufnahme in die Einrichtung an (§ 32 Abs. 1 BMG). Die Abmeldung nimmt die Person selbst, ihr Betreuer oder eine bevollmächtigte Person vor.',
          'The head of an institution only registers the admission to the institution (BMG § 32 (1)). The deregistration is made by the person, their Betreuer or an authorised person.'));
      } else {
        if (!context.intoCareHome) {
          out.push(violation('RESIDENCE_CARE_HOME_HEAD_NOT_CARE_HOME', 'wohnungsgeber.isCareHome',
            'Die Leitung einer Einrichtung kann nur für die Aufnahme in ihre Einrichtung melden. Kennzeichnen Sie in der Wohnungsgeberbestätigung, dass die Wohnung in einer Einrichtung (Pflegeheim o. Ä.) liegt, oder wählen Sie eine andere antragstellende Person.',
            'The head of an institution can only register the admission to the institution. Mark in the landlord\'s confirmation that the flat is in an institution (care home or similar), or choose another applicant.'));
        }
        if (!context.residentUnable) {
          out.push(violation('RESIDENCE_CARE_HOME_RESIDENT_ABLE', 'careHomeResidentUnable',
            'Die Leitung der Einrichtung meldet nur für Bewohnerinnen und Bewohner, die dazu nicht selbst in der Lage sind (§ 32 Abs. 1 BMG). Bestätigen Sie das, oder lassen Sie die Person selbst (oder ihren Betreuer) melden.',
            'The head of the institution registers only residents who cannot do so themselves (BMG § 32 (1)). Confirm this, or let the person (or their Betreuer) register.'));
        }
      }
      break;
    case 'legal_representative':
    case 'authorised_person':
      break;
  }
  return out;
}

function evidenceHint(kind: Exclude<Applicant['kind'], 'self'>): { de: string; en: string } {
  switch (kind) {
    case 'betreuer': return { de: 'Nummer und Datum des Betreuerausweises', en: 'number and date of the Betreuerausweis' };
    case 'parent': return { de: 'Geburtsurkunde oder Sorgerechtsnachweis des Kindes', en: 'the child\'s birth certificate or proof of custody' };
    case 'care_home_head': return { de: 'Bestätigung der Einrichtung über die Leitungsfunktion', en: 'the institution\'s confirmation of the head\'s position' };
    case 'legal_representative': return { de: 'Bestallungsurkunde (Vormundschaft, Pflegschaft)', en: 'the letter of appointment (guardianship)' };
    case 'authorised_person': return { de: 'schriftliche Vollmacht und Ausweis (Kopie) der vertretenen Person', en: 'the written Vollmacht and (a copy of) the represented person\'s ID' };
  }
}

export function applicantNotices(facts: CaseFacts, context: ApplicantContext): Notice[] {
  const applicant = applicantOf(facts);
  const out: Notice[] = [];
  if (hasBetreuerForResidence(context.relations) && !(applicant.kind === 'betreuer' && registeredBetreuerFor(context.relations, applicant.personId))) {
    const registered = context.relations.find((relation) => relation.kind === 'betreuer' && coversAufenthaltsbestimmung(relation.scope));
    const who = registered?.externalName ? ` (${registered.externalName})` : '';
    out.push(notice('RESIDENCE_BETREUER_REGISTERED',
      `Für die Person ist ein Betreuer mit dem Aufgabenkreis Aufenthaltsbestimmung eingetragen${who}: die Meldepflicht obliegt ihm (§ 17 Abs. 3 Satz 3 BMG). Nimmt er die Meldung nicht selbst vor, informieren Sie ihn darüber.`,
      `The register holds a Betreuer with the Aufgabenkreis Aufenthaltsbestimmung for this person${who}: the duty to register lies with him (BMG § 17 (3) sentence 3). If he does not register himself, inform him of the registration.`));
  }
  if (applicant.kind === 'authorised_person') {
    out.push(notice('RESIDENCE_VOLLMACHT_CHECK',
      'Prüfen Sie die schriftliche Vollmacht und den Ausweis der vertretenen Person; die Meldebestätigung erhält die bevollmächtigte Person für sie.',
      'Check the written Vollmacht and the represented person\'s ID; the authorised person receives the Meldebestätigung on their behalf.'));
  }
  if (applicant.kind === 'care_home_head') {
    out.push(notice('RESIDENCE_CARE_HOME_INFORM',
      'Die Einrichtung meldet für die Bewohnerin oder den Bewohner (§ 32 Abs. 1 BMG). Ist ein Betreuer bestellt, informieren Sie ihn über die Meldung.',
      'The institution registers for the resident (BMG § 32 (1)). If a Betreuer is appointed, inform him of the registration.'));
  }
  return out;
}
