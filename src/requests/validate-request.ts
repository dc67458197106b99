/**
 * What a visit request must hold (pure): every problem with its field and a message in German
 * and English that says how to fix it. A draft may be incomplete but not wrong; an open request
 * (awaiting the decision) must also be complete: someone to visit, someone to answer, the
 * services, and the contact the requester chose.
 */
import { isServiceId, type Text } from '../catalogue/services.ts';
import { partialDateExists } from '../register/dates.ts';
import type { AvailabilityWindow, RequestLocation, Requester, RequestSubject } from './types.ts';

export interface RequestProblem {
  code: string;
  /** Dot path in the request, e.g. requester.email, availability.1.to. */
  field: string;
  message: Text;
}

export interface RequestFields {
  subject: RequestSubject;
  requester: Requester;
  services: string[];
  location: RequestLocation | null;
  availability: AvailabilityWindow[];
  urgency: string;
  urgencyReason: string | null;
  neededBy: string | null;
}

const time = /^([01]\d|2[0-3]):[0-5]\d$/;
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function requestProblems(fields: RequestFields, options: { complete: boolean }): RequestProblem[] {
  const problems: RequestProblem[] = [];
  const add = (code: string, field: string, de: string, en: string) => problems.push({ code, field, message: { de, en } });
  const { subject, requester, complete } = { ...fields, complete: options.complete };

  if (complete && !subject.familyName.trim()) add('SUBJECT_FAMILY_NAME_MISSING', 'subject.familyName', 'Tragen Sie den Familiennamen der Person ein, die besucht werden soll.', 'Enter the family name of the person to be visited.');
  if (complete && !subject.givenNames.trim()) add('SUBJECT_GIVEN_NAMES_MISSING', 'subject.givenNames', 'Tragen Sie die Vornamen der Person ein, die besucht werden soll.', 'Enter the given names of the person to be visited.');
  if (subject.birthDate && !partialDateExists(subject.birthDate)) {
    add('SUBJECT_BIRTH_DATE_INVALID', 'subject.birthDate', `Das Geburtsdatum „${subject.birthDate}“ ist kein Datum; erwartet wird JJJJ-MM-TT (oder JJJJ-MM, JJJJ, wenn Tag oder Monat unbekannt sind).`,
      `The birth date "${subject.birthDate}" is not a date; expected YYYY-MM-DD (or YYYY-MM, YYYY when day or month are unknown).`);
  }
  if (complete && !requester.name.trim()) add('REQUESTER_NAME_MISSING', 'requester.name', 'Tragen Sie ein, wer anfragt (Name der anrufenden oder schreibenden Person).', 'Enter who is asking (the caller\'s or writer\'s name).');
  if (requester.email && !email.test(requester.email.trim())) {
    add('REQUESTER_EMAIL_INVALID', 'requester.email', `„${requester.email}“ ist keine E-Mail-Adresse.`, `"${requester.email}" is not an email address.`);
  }
  if (complete) {
    if (requester.preferredContact === 'email' && !requester.email?.trim()) {
      add('REQUESTER_EMAIL_MISSING', 'requester.email', 'Antwort per E-Mail gewünscht: Tragen Sie die E-Mail-Adresse ein oder wählen Sie Brief oder Telefon.', 'Reply by email chosen: enter the email address or choose letter or phone.');
    }
    if (requester.preferredContact === 'letter' && (requester.postalAddress ?? []).filter((line) => line.trim()).length === 0) {
      add('REQUESTER_ADDRESS_MISSING', 'requester.postalAddress', 'Antwort per Brief gewünscht: Tragen Sie die Postanschrift ein oder wählen Sie E-Mail oder Telefon.', 'Reply by letter chosen: enter the postal address or choose email or phone.');
    }
    if (requester.preferredContact === 'phone' && !requester.phone?.trim()) {
      add('REQUESTER_PHONE_MISSING', 'requester.phone', 'Rückruf gewünscht: Tragen Sie die Telefonnummer ein oder wählen Sie E-Mail oder Brief.', 'Call-back chosen: enter the phone number or choose email or letter.');
    }
  }
  if ((requester.postalAddress ?? []).length > 5) {
    add('REQUESTER_ADDRESS_TOO_LONG', 'requester.postalAddress', 'Die Postanschrift hat mehr als 5 Zeilen; das Anschriftfeld eines Briefs fasst mit dem Namen 6.', 'The postal address has more than 5 lines; a letter\'s address field holds 6 with the name.');
  }
  if (complete && fields.services.length === 0) add('SERVICES_MISSING', 'services', 'Wählen Sie mindestens ein Anliegen (z. B. Personalausweis).', 'Choose at least one service (e.g. Personalausweis).');
  fields.services.forEach((service, index) => {
    if (!isServiceId(service)) add('SERVICE_UNKNOWN', `services.${index}`, `Unbekanntes Anliegen „${service}“; wählen Sie eines aus dem Katalog.`, `Unknown service "${service}"; choose one from the catalogue.`);
  });
  const location = fields.location;
  if (location) {
    if (!/^\d{5}$/.test(location.postcode.trim())) add('LOCATION_POSTCODE_INVALID', 'location.postcode', `Die Postleitzahl „${location.postcode}“ hat nicht fünf Ziffern.`, `The postcode "${location.postcode}" does not have five digits.`);
    if (complete && !location.street.trim()) add('LOCATION_STREET_MISSING', 'location.street', 'Tragen Sie die Straße des Besuchsorts ein.', 'Enter the street of the place to visit.');
  }
  fields.availability.forEach((window, index) => {
    const at = `availability.${index}`;
    if (!time.test(window.from) || !time.test(window.to)) {
      add('AVAILABILITY_TIME_INVALID', at, 'Zeiten im Format SS:MM angeben, z. B. 09:30.', 'Give times as HH:MM, e.g. 09:30.');
    } else if (window.from >= window.to) {
      add('AVAILABILITY_SPAN_EMPTY', `${at}.to`, `Das Ende (${window.to}) muss nach dem Beginn (${window.from}) liegen.`, `The end (${window.to}) must be after the start (${window.from}).`);
    }
    if (window.weekday !== undefined && (!Number.isInteger(window.weekday) || window.weekday < 1 || window.weekday > 7)) {
      add('AVAILABILITY_WEEKDAY_INVALID', `${at}.weekday`, 'Wochentage gehen von 1 (Montag) bis 7 (Sonntag).', 'Weekdays go from 1 (Monday) to 7 (Sunday).');
    }
    if (window.date !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(window.date) || !partialDateExists(window.date))) {
      add('AVAILABILITY_DATE_INVALID', `${at}.date`, `„${window.date}“ ist kein Tag; erwartet wird JJJJ-MM-TT.`, `"${window.date}" is not a day; expected YYYY-MM-DD.`);
    }
    if (window.weekday !== undefined && window.date !== undefined) {
      add('AVAILABILITY_WEEKDAY_AND_DATE', at, 'Entweder einen Wochentag oder ein Datum angeben, nicht beides.', 'Give either a weekday or a date, not both.');
    }
  });
  if (fields.neededBy !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(fields.neededBy) || !partialDateExists(fields.neededBy))) {
    add('NEEDED_BY_INVALID', 'neededBy', `„Benötigt bis“ (${fields.neededBy}) ist kein Tag; erwartet wird JJJJ-MM-TT, z. B. 2026-12-15.`, `The needed-by date (${fields.neededBy}) is not a day; expected YYYY-MM-DD, e.g. 2026-12-15.`);
  }
  if (!['normal', 'high', 'urgent'].includes(fields.urgency)) {
    add('URGENCY_INVALID', 'urgency', 'Dringlichkeit: normal, high oder urgent.', 'Urgency: normal, high or urgent.');
  } else if (complete && fields.urgency !== 'normal' && !fields.urgencyReason?.trim()) {
    add('URGENCY_REASON_MISSING', 'urgencyReason', 'Eine erhöhte Dringlichkeit braucht einen Grund, z. B. „Ausweis für Rentenantrag bis 15.12. nötig“.', 'A raised urgency needs a reason, e.g. "ID needed for the pension application by 15 Dec".');
  }
  return problems;
}
