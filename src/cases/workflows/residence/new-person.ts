/**
 * Rules for a person new to the register, captured at the Anmeldung from the identity document:
 * the same rules the register writer enforces (DIN SPEC 91379 names, calendar dates), told to the
 * officer field by field before the case can be completed.
 */
import { partialDateExists } from '../../../register/dates.ts';
import { validateName } from '../../../register/names/din91379.ts';
import type { Violation } from '../../workflow.ts';
import { violation } from '../text.ts';
import { newPersonSchema, type NewPersonInput } from './model.ts';

const labels: Record<string, { de: string; en: string }> = {
  familyName: { de: 'Familienname', en: 'family name' },
  givenNames: { de: 'Vornamen', en: 'given names' },
  birthDate: { de: 'Geburtsdatum', en: 'date of birth' },
  sex: { de: 'Geschlecht', en: 'sex' },
  nationalities: { de: 'Staatsangehörigkeit(en)', en: 'nationalities' },
  birthCountry: { de: 'Geburtsstaat', en: 'country of birth' },
  maritalStatus: { de: 'Familienstand', en: 'marital status' },
  postcode: { de: 'Postleitzahl', en: 'postcode' },
};

/** Every problem of a captured new person; `field` is its dot path in the case data (e.g. "newPerson"). */
export function newPersonViolations(input: unknown, field: string, today: string): Violation[] {
  if (input === undefined || input === null) {
    return [violation('RESIDENCE_NEW_PERSON_MISSING', field,
      'Die Person ist noch nicht im Melderegister: erfassen Sie ihre Daten (Namen, Geburtsdatum, Geschlecht, Staatsangehörigkeit) aus dem Ausweis.',
      'The person is not in the register yet: capture their data (names, date of birth, sex, nationality) from the ID document.')];
  }
  const parsed = newPersonSchema.safeParse(input);
  const out: Violation[] = [];
  if (!parsed.success) {
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (seen.has(key)) continue;
      seen.add(key);
      const label = labels[key] ?? { de: key, en: key };
      out.push(violation('RESIDENCE_NEW_PERSON_FIELD', `${field}.${key}`,
        `${label.de}: fehlt oder ist ungültig (${issue.message}). Tragen Sie den Wert wie im Ausweis ein.`,
        `${label.en}: missing or invalid (${issue.message}). Enter it as in the ID document.`));
    }
    return out;
  }
  const person: NewPersonInput = parsed.data;
  const names: [string, string | null | undefined][] = [
    ['familyName', person.familyName], ['birthName', person.birthName], ['doctoralDegree', person.doctoralDegree],
    ...person.givenNames.map((name, index): [string, string] => [`givenNames.${index}`, name]),
  ];
  for (const [key, value] of names) {
    if (!value) continue;
    for (const issue of validateName(value, key)) {
      out.push(violation('RESIDENCE_NAME_CHARACTER', `${field}.${key.split('.')[0]}`,
        `„${issue.character}“ (${issue.codePoints}) an Stelle ${issue.position} ist in Namen nicht zulässig (DIN SPEC 91379). Schreiben Sie den Namen wie im Ausweis, mit zulässigen Zeichen.`,
        issue.message));
    }
  }
  if (person.givenNames.length === 0) {
    out.push(violation('RESIDENCE_NEW_PERSON_FIELD', `${field}.givenNames`, 'Tragen Sie die Vornamen ein.', 'Enter the given names.'));
  }
  if (person.preferredGivenName && !person.givenNames.includes(person.preferredGivenName.trim())) {
    out.push(violation('RESIDENCE_PREFERRED_NAME_NOT_GIVEN', `${field}.preferredGivenName`,
      `Der gebräuchliche Vorname „${person.preferredGivenName}“ ist keiner der Vornamen (${person.givenNames.join(' ')}). Wählen Sie einen davon.`,
      `The preferred given name "${person.preferredGivenName}" is not one of the given names (${person.givenNames.join(' ')}). Choose one of them.`));
  }
  if (!partialDateExists(person.birthDate)) {
    out.push(violation('RESIDENCE_BIRTH_DATE_INVALID', `${field}.birthDate`,
      `Das Geburtsdatum „${person.birthDate}“ gibt es nicht im Kalender.`, `The date of birth "${person.birthDate}" does not exist.`));
  } else if (person.birthDate.slice(0, person.birthDate.length) > today.slice(0, person.birthDate.length)) {
    out.push(violation('RESIDENCE_BIRTH_DATE_FUTURE', `${field}.birthDate`,
      'Das Geburtsdatum liegt in der Zukunft. Prüfen Sie die Eingabe.', 'The date of birth is in the future. Check the entry.'));
  }
  if (person.nationalities.length === 0) {
    out.push(violation('RESIDENCE_NATIONALITY_MISSING', `${field}.nationalities`,
      'Tragen Sie die Staatsangehörigkeit(en) als Ländercode ein, z. B. DE oder „DE, PL“.',
      'Enter the nationality or nationalities as country codes, e.g. DE or "DE, PL".'));
  }
  return out;
}
