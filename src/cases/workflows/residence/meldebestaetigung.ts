/**
 * The Meldebestätigung (§ 24 Abs. 2 BMG): the written confirmation of an An- or Abmeldung. It
 * carries exactly: Familienname, Vornamen (the gebräuchlicher Vorname marked), Doktorgrad, Tag
 * der Geburt, the address, the Tag des Ein- bzw. Auszugs, the Tag der An- bzw. Abmeldung and the
 * Wohnungsstatus — for each person of the registration, nothing else (no birth name, no
 * nationality, no religion).
 *
 * Persons moving together share one confirmation, except a person with an Auskunftssperre
 * (§ 51) or a bedingter Sperrvermerk (§ 52): their data must not reach anybody not entitled to
 * it, so they get a confirmation of their own and appear on nobody else's.
 */
import type { AddressFacts, DocumentField, DocumentRequest, MunicipalityFacts } from '../../workflow.ts';
import { germanDate } from '../text.ts';
import { formatAddress, type MovingPerson } from './model.ts';

export type ResidenceStatus = 'alleinige Wohnung' | 'Hauptwohnung' | 'Nebenwohnung';

export interface ConfirmationLine {
  person: Pick<MovingPerson, 'familyName' | 'givenNames' | 'preferredGivenName' | 'doctoralDegree' | 'birthDate' | 'blocks'>;
  status: ResidenceStatus;
}

export interface ConfirmationInput {
  event: 'anmeldung' | 'abmeldung';
  address: AddressFacts;
  /** Tag des Ein- bzw. Auszugs. */
  moveDate: string;
  /** Tag der An- bzw. Abmeldung. */
  registeredOn: string;
  municipality: MunicipalityFacts;
  officerName: string;
}

/** Vornamen unter Kennzeichnung des gebräuchlichen Vornamens. */
export function givenNamesMarked(person: Pick<MovingPerson, 'givenNames' | 'preferredGivenName'>): string {
  const names = person.givenNames.join(' ');
  const preferred = person.preferredGivenName === null ? undefined : person.givenNames[person.preferredGivenName];
  return preferred && person.givenNames.length > 1 ? `${names} (gebräuchlicher Vorname: ${preferred})` : names;
}

const isBlocked = (line: ConfirmationLine) => line.person.blocks.length > 0;

/** One confirmation for the unblocked persons (the data subject's first), one of their own for each blocked person. */
export function meldebestaetigungen(lines: ConfirmationLine[], input: ConfirmationInput): DocumentRequest[] {
  const [first] = lines;
  if (!first) return [];
  const shared = lines.filter((line) => !isBlocked(line));
  const own = lines.filter(isBlocked).map((line) => [line]);
  const sharedGroups = shared.length > 0 ? [shared] : [];
  // The data subject's confirmation comes first.
  const groups = isBlocked(first) ? [...own.slice(0, 1), ...sharedGroups, ...own.slice(1)] : [...sharedGroups, ...own];
  return groups.map((group) => meldebestaetigung(group, input));
}

/** The fields printed for one person: § 24 Abs. 2 Nr. 1–4 and the Wohnungsstatus (the Doktorgrad only when there is one). */
export function personFields(line: ConfirmationLine): DocumentField[] {
  const { person, status } = line;
  return [
    { label: 'Familienname', value: person.familyName },
    { label: 'Vornamen', value: givenNamesMarked(person) },
    ...(person.doctoralDegree ? [{ label: 'Doktorgrad', value: person.doctoralDegree }] : []),
    { label: 'Tag der Geburt', value: germanDate(person.birthDate) },
    { label: 'Wohnungsstatus', value: status },
  ];
}

export function meldebestaetigung(lines: ConfirmationLine[], input: ConfirmationInput): DocumentRequest {
  const anmeldung = input.event === 'anmeldung';
  const moveLabel = anmeldung ? 'Tag des Einzugs' : 'Tag des Auszugs';
  const registeredLabel = anmeldung ? 'Tag der Anmeldung' : 'Tag der Abmeldung';
  const flatFields: DocumentField[] = [
    { label: 'Anschrift', value: formatAddress(input.address) },
    { label: moveLabel, value: germanDate(input.moveDate) },
    { label: registeredLabel, value: germanDate(input.registeredOn) },
  ];
  const personSections = lines.map((line, index) => ({
    heading: lines.length > 1 ? `Person ${index + 1}` : 'Person',
    fields: personFields(line),
  }));
  const anyBlocked = lines.some(isBlocked);
  // The public verification page shows a subset of the printed fields (the documents area checks
  // that each is printed with the same label and value): who, and when; the address only when no
  // person of the confirmation is blocked.
  const certifies: DocumentField[] = [
    ...personSections.flatMap((section) => section.fields.filter((field) => ['Familienname', 'Vornamen', 'Tag der Geburt'].includes(field.label))),
    ...flatFields.filter((field) => !(anyBlocked && field.label === 'Anschrift')),
  ];
  return {
    kind: 'meldebestaetigung',
    title: 'Meldebestätigung',
    verifiable: true,
    sections: [
      {
        paragraphs: [anmeldung
          ? 'Die folgende Anmeldung wurde im Melderegister eingetragen (Meldebestätigung nach § 24 Abs. 2 Bundesmeldegesetz).'
          : 'Die folgende Abmeldung wurde im Melderegister eingetragen (Meldebestätigung nach § 24 Abs. 2 Bundesmeldegesetz).'],
      },
      ...personSections,
      { heading: anmeldung ? 'Wohnung' : 'Aufgegebene Wohnung', fields: flatFields },
    ],
    certifies,
    signature: { place: input.municipality.name, date: germanDate(input.registeredOn), officerName: input.officerName, seal: true },
  };
}
