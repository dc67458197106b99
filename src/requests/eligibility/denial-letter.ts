/**
 * The denial letter (document kind visit_denial): why no home visit is possible under the rule
 * version in force, and what the person can do instead. Content only (pure); the documents
 * area lays it out with the letterhead.
 */
import type { DocumentRequest, Text } from '../../cases/workflow.ts';
import { germanDate } from '../../cases/workflows/text.ts';
import type { MunicipalityProfile } from '../../platform/tenancy/profile.ts';
import type { Requester, RequestSubject, VisitAlternative } from '../types.ts';

/** Short names of the alternatives, for the office UI. */
export const alternativeNames: Record<VisitAlternative, Text> = {
  befreiung_ausweispflicht: { de: 'Befreiung von der Ausweispflicht', en: 'Exemption from the duty to hold an ID card' },
  vorlaeufiger_ausweis: { de: 'Vorläufiger Personalausweis', en: 'Provisional ID card' },
  photo_code: { de: 'Lichtbild vom Fotodienstleister (Foto-Code)', en: 'Photo from a certified provider (photo code)' },
  online_services: { de: 'Online-Dienste', en: 'Online services' },
  buergerbuero: { de: 'Termin im Bürgerbüro', en: 'Appointment at the Bürgerbüro' },
};

/** What the letter says about each alternative; contact details from the municipality's profile. */
export function alternativeParagraph(alternative: VisitAlternative, profile: MunicipalityProfile): string {
  switch (alternative) {
    case 'befreiung_ausweispflicht':
      return 'Befreiung von der Ausweispflicht: Wer sich wegen einer dauerhaften Behinderung, Krankheit oder Pflegebedürftigkeit ' +
        'nicht mehr selbst in der Öffentlichkeit bewegen kann oder dauerhaft in einer Einrichtung lebt, kann sich von der Pflicht ' +
        'befreien lassen, einen Personalausweis zu besitzen (§ 1 Abs. 3 PAuswG). Den Antrag können Sie schriftlich stellen; ' +
        'wir teilen Ihnen mit, welche Nachweise wir dafür brauchen.';
    case 'vorlaeufiger_ausweis':
      return 'Vorläufiger Personalausweis: Wenn Sie kurzfristig ein Ausweisdokument brauchen, stellen wir Ihnen im Bürgerbüro ' +
        'einen vorläufigen Personalausweis aus (höchstens drei Monate gültig).';
    case 'photo_code':
      return 'Lichtbild vom Fotodienstleister: Ein zertifizierter Fotodienstleister kann Ihr Passbild aufnehmen und elektronisch ' +
        'für uns bereitstellen. Sie erhalten dafür einen Foto-Code; Ihr Termin im Bürgerbüro wird dadurch kürzer.';
    case 'online_services':
      return `Online-Dienste: Manches erledigen Sie ohne Besuch, etwa eine Meldebescheinigung oder ein Führungszeugnis mit der ` +
        `Online-Ausweisfunktion${profile.website ? ` unter ${profile.website}` : ''}.`;
    case 'buergerbuero': {
      const contact = [
        profile.addressLines.length > 0 ? profile.addressLines.join(', ') : null,
        profile.phone ? `Telefon ${profile.phone}` : null,
        profile.email ? `E-Mail ${profile.email}` : null,
      ].filter(Boolean).join(', ');
      return `Bürgerbüro: Gern vereinbaren wir mit Ihnen einen Termin im Bürgerbüro${contact ? ` (${contact})` : ''}. ` +
        'Eine Begleitperson ist willkommen.';
    }
  }
}

export interface DenialLetterInput {
  reference: string;
  subject: RequestSubject;
  requester: Requester;
  ruleVersion: number;
  ruleName: string;
  ruleValidFrom: string;
  /** The labels of the rule set's criteria (German): who can be visited. */
  criteria: string[];
  /** Why not (German): the outcome of each criterion, or the dispatcher's own reason. */
  reasons: string[];
  alternatives: VisitAlternative[];
  profile: MunicipalityProfile;
  /** YYYY-MM-DD (Berlin). */
  date: string;
  officerName: string;
}

export function denialLetterRequest(input: DenialLetterInput): DocumentRequest {
  const { requester, subject } = input;
  const subjectName = [subject.givenNames, subject.familyName].filter((part) => part.trim()).join(' ');
  const recipient = [
    ...(requester.organisation ? [requester.organisation] : []),
    requester.name,
    ...(requester.postalAddress ?? []),
  ].slice(0, 6);
  const forOther = requester.relation !== 'self';
  return {
    kind: 'visit_denial',
    title: 'Ihre Anfrage nach einem Hausbesuch',
    recipient,
    sections: [
      {
        fields: [
          { label: 'Zeichen', value: input.reference },
          ...(forOther && subjectName ? [{ label: 'Für', value: subjectName }] : []),
          { label: 'Datum', value: germanDate(input.date) },
        ],
      },
      {
        paragraphs: [
          'Guten Tag,',
          `vielen Dank für Ihre Anfrage. Wir können ${forOther && subjectName ? `${subjectName}` : 'Sie'} leider nicht zu Hause besuchen.`,
          `Nach unseren Regeln für Hausbesuche („${input.ruleName}“, Fassung ${input.ruleVersion}, gültig ab ${germanDate(input.ruleValidFrom)}) ` +
            `ist ein Hausbesuch möglich: ${input.criteria.join('; ')}.`,
        ],
      },
      { heading: 'Begründung', paragraphs: input.reasons },
      ...(input.alternatives.length > 0
        ? [{ heading: 'Was Sie stattdessen tun können', paragraphs: input.alternatives.map((alternative) => alternativeParagraph(alternative, input.profile)) }]
        : []),
      {
        paragraphs: [
          'Wenn sich etwas ändert – etwa ein höherer Pflegegrad festgestellt wird oder Sie uns einen Nachweis nachreichen –, ' +
            `stellen Sie gern eine neue Anfrage und nennen Sie dabei das Zeichen ${input.reference}.`,
          'Mit freundlichen Grüßen',
        ],
      },
    ],
    verifiable: false,
    signature: { place: input.profile.place, date: input.date, officerName: input.officerName, seal: false },
  };
}
