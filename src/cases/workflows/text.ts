import type { MessagePerson } from '../../exchange/messages.ts';
import type { Notice, PersonFacts, Violation } from '../workflow.ts';

/** A violation with its German and English message (the office UI shows either). */
export function violation(code: string, field: string | undefined, de: string, en: string): Violation {
  return field === undefined ? { code, message: { de, en } } : { code, field, message: { de, en } };
}

export function notice(code: string, de: string, en: string, acknowledgeField?: string): Notice {
  return acknowledgeField === undefined ? { code, message: { de, en } } : { code, message: { de, en }, acknowledgeField };
}

/** 2026-03-01 → 01.03.2026, as German documents print dates; partial dates keep their precision. */
export function germanDate(iso: string | null): string {
  if (!iso) return 'unbekannt';
  const [year, month, day] = iso.split('-');
  if (day && month) return `${day}.${month}.${year}`;
  if (month) return `${month}.${year}`;
  return year ?? iso;
}

/** An ISO timestamp as date and time in Germany, e.g. 01.03.2026, 14:05 Uhr. */
export function germanDateTime(isoTimestamp: string): string {
  const date = new Date(isoTimestamp);
  const parts = new Intl.DateTimeFormat('de-DE', {
    timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
  }).format(date);
  return `${parts.replace(',', ',')} Uhr`;
}

/** "Dr. Anna Maria Schmidt": the doctoral degree belongs to the name in German registers. */
export function fullName(person: Pick<PersonFacts, 'doctoralDegree' | 'givenNames' | 'familyName'>): string {
  return [person.doctoralDegree, ...person.givenNames, person.familyName].filter(Boolean).join(' ');
}

/** A register person as outbound messages carry them (ID order, BZR application). */
export function messagePerson(person: PersonFacts): MessagePerson {
  return {
    personId: person.id,
    familyName: person.familyName,
    birthName: person.birthName,
    givenNames: person.givenNames,
    preferredGivenName: person.preferredGivenName,
    doctoralDegree: person.doctoralDegree,
    religiousName: person.religiousName,
    artistName: person.artistName,
    birthDate: person.birthDate,
    birthPlace: person.birthPlace,
    birthCountry: person.birthCountry,
    sex: person.sex,
    nationalities: person.nationalities,
  };
}
