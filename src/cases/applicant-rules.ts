/**
 * Who may open a case for the data subject (DESIGN §5, catalogue ProxyRule): nobody but the
 * person for in-person services; the gesetzliche Vertretung (Betreuer with the Aufgabenkreis
 * Aufenthaltsbestimmung, parents, other legal representatives) or an öffentlich beglaubigte
 * Vollmacht for ID documents and the Führungszeugnis; anybody with authority for registrations
 * and certificates. Pure; every problem at once.
 */
import type { ProxyRule, ServiceId } from '../catalogue/services.ts';
import { violation } from './workflows/text.ts';
import type { Applicant, Violation } from './workflow.ts';

const legalRepresentation: readonly Applicant['kind'][] = ['legal_representative', 'betreuer', 'parent', 'authorised_person'];

const kindNames: Record<Applicant['kind'], { de: string; en: string }> = {
  self: { de: 'die Person selbst', en: 'the person themselves' },
  legal_representative: { de: 'gesetzliche Vertretung', en: 'legal representative' },
  betreuer: { de: 'Betreuer/in', en: 'court-appointed guardian (Betreuer)' },
  parent: { de: 'Elternteil', en: 'parent' },
  care_home_head: { de: 'Leitung der Einrichtung', en: 'head of the care home' },
  authorised_person: { de: 'bevollmächtigte Person', en: 'authorised person' },
};

export function applicantViolations(input: { serviceId: ServiceId; proxy: ProxyRule; applicant: Applicant; personId: string | null }): Violation[] {
  const { proxy, applicant } = input;
  const out: Violation[] = [];
  // Only an Anmeldung can be for someone not yet in the register (they are created on completion).
  if (input.personId === null && input.serviceId !== 'anmeldung') {
    out.push(violation('SUBJECT_REQUIRED', 'personId',
      'Bitte die Person aus dem Melderegister wählen; nur eine Anmeldung kann für eine Person ohne Registereintrag begonnen werden.',
      'Choose the person from the register; only an Anmeldung can be started for someone not yet registered.'));
  }
  if (applicant.kind === 'self') return out;

  if (proxy === 'in_person_only') {
    out.push(violation('APPLICANT_IN_PERSON_ONLY', 'applicant.kind',
      `Diese Leistung kann nur die Person selbst beantragen, nicht ${kindNames[applicant.kind].de}.`,
      `Only the person themselves can apply for this service, not a ${kindNames[applicant.kind].en}.`));
  } else if (proxy === 'in_person_or_legal_representative' && !legalRepresentation.includes(applicant.kind)) {
    out.push(violation('APPLICANT_NOT_LEGAL_REPRESENTATIVE', 'applicant.kind',
      `Für diese Leistung kann außer der Person selbst nur die gesetzliche Vertretung (Betreuer/in, Eltern) oder eine öffentlich beglaubigte Vollmacht handeln, nicht ${kindNames[applicant.kind].de}.`,
      `Apart from the person, only a legal representative (Betreuer, parents) or someone with a publicly certified power of attorney can apply, not the ${kindNames[applicant.kind].en}.`));
  } else if (proxy === 'in_person_or_legal_representative' && applicant.kind === 'betreuer'
    && !(applicant.scope ?? []).some((s) => s.toLowerCase() === 'aufenthaltsbestimmung')) {
    out.push(violation('BETREUER_SCOPE_MISSING', 'applicant.scope',
      'Der Betreuerausweis muss den Aufgabenkreis Aufenthaltsbestimmung zeigen; bitte den Aufgabenkreis erfassen oder die Person selbst beantragen lassen.',
      'The Betreuer\'s card must show the Aufgabenkreis Aufenthaltsbestimmung; record it, or let the person apply themselves.'));
  }
  if (applicant.name.trim() === '') {
    out.push(violation('APPLICANT_NAME_MISSING', 'applicant.name', 'Bitte den Namen der antragstellenden Person angeben.', 'Enter the name of the person applying.'));
  }
  if (applicant.evidence.trim() === '') {
    out.push(violation('APPLICANT_EVIDENCE_MISSING', 'applicant.evidence',
      'Bitte den Nachweis der Vertretungsmacht angeben (z. B. Nummer des Betreuerausweises, öffentlich beglaubigte Vollmacht, Geburtsurkunde).',
      'Record what proves the authority to act (e.g. the Betreuer card number, the certified power of attorney, the birth certificate).'));
  }
  return out;
}
