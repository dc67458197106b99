import { describe, expect, it } from 'vitest';
import { builtinFederalTables, builtinMunicipalTables } from '../../fees/default-tables.ts';
import type { MunicipalityProfile } from '../../platform/tenancy/profile.ts';
import {
  arrivalWindow, berlinTime, confirmationLetter, confirmationMail, estimateFees, institutionLetter, letterRecipient, paymentLine, reminderMail,
  whatToBring, type VisitConfirmationInput,
} from './visit-letters.ts';

const tables = { federal: builtinFederalTables, municipal: builtinMunicipalTables };
const profile: MunicipalityProfile = {
  municipalityId: 'm', ags: '05911000', name: 'Bochum', authorityName: 'Stadt Bochum – Bürgerbüro', authorityCode: '5911', place: 'Bochum',
  addressLines: ['Willy-Brandt-Platz 2–6', '44777 Bochum'], phone: '0234 910-0', email: 'buergerbuero@bochum.de', website: 'https://www.bochum.de',
  letterheadPng: null, sealPng: null,
};
const base: VisitConfirmationInput = {
  reference: 'HB-7K3M-9QX4', subject: { familyName: 'Kowalski', givenNames: 'Erna', birthDate: '1938-03-02' },
  requester: { name: 'Petra Kowalski', relation: 'relative', preferredContact: 'letter', postalAddress: ['Hauptstraße 5', '44787 Bochum'] },
  services: ['personalausweis', 'ummeldung'], place: 'Seniorenzentrum Am Stadtpark, Am Stadtpark 3, 44791 Bochum', institutionName: 'Seniorenzentrum Am Stadtpark',
  date: '2026-12-10', startAt: new Date('2026-12-10T09:07:00Z'), endAt: new Date('2026-12-10T09:40:00Z'),
  fees: estimateFees(['personalausweis', 'ummeldung'], '2026-12-10', '1938-03-02', tables),
  statusUrl: 'https://bochum.example/hausbesuch/status/abc', profile, today: '2026-12-03', officerName: 'Dana Disponentin',
};
const text = (request: ReturnType<typeof confirmationLetter>): string =>
  request.sections.flatMap((s) => [s.heading ?? '', ...(s.paragraphs ?? []), ...(s.fields ?? []).map((f) => `${f.label}: ${f.value}`), ...(s.table?.rows ?? []).map((r) => r.join(' | '))]).join('\n');

describe('visit confirmation content', () => {
  it('promises an arrival window from a quarter hour before to half an hour after the planned start, on five minutes', () => {
    const window = arrivalWindow(new Date('2026-12-10T09:07:00Z'));
    expect([berlinTime(window.from), berlinTime(window.to)]).toEqual(['09:50', '10:40']);
    const summer = arrivalWindow(new Date('2026-07-01T08:00:00Z'));
    expect([berlinTime(summer.from), berlinTime(summer.to)]).toEqual(['09:45', '10:30']);
  });

  it('lists what to have ready once per item across services, payment last', () => {
    const items = whatToBring(['personalausweis', 'reisepass', 'ummeldung', 'meldebescheinigung']);
    expect(items).toEqual([
      'Bisheriger Ausweis oder Reisepass', 'Lichtbild-Code, falls vorhanden', 'Bisheriger Reisepass oder Ausweis',
      'Wohnungsgeberbestätigung', 'Personalausweis oder Reisepass', paymentLine,
    ]);
    expect(whatToBring(['unknown'])).toEqual([paymentLine]);
  });

  it('prices the services with the tables of the visit day, the ID card with the photo we take', () => {
    const fees = estimateFees(['personalausweis', 'ummeldung', 'beglaubigung_kopie'], '2026-12-10', '1938-03-02', tables)!;
    const ausweis = fees.lines.find((line) => line.service === 'Personalausweis beantragen')!;
    expect(ausweis.note).toBe('mit Lichtbild, das wir aufnehmen');
    expect(ausweis.amountCents).toBeGreaterThan(4600);
    expect(fees.lines.find((line) => line.service === 'Kopie beglaubigen')?.note).toBe('je Seite');
    expect(fees.totalCents).toBe(fees.lines.reduce((sum, line) => sum + line.amountCents, 0));
    expect(estimateFees([], '2026-12-10', null, tables)).toBeNull();
  });

  it('writes the standard letter to the requester\'s address with the window, the checklist, the fees and how to cancel', () => {
    const letter = confirmationLetter(base);
    expect(letter.kind).toBe('visit_confirmation');
    expect(letter.largePrint).toBeUndefined();
    expect(letter.recipient).toEqual(['Petra Kowalski', 'Hauptstraße 5', '44787 Bochum']);
    const body = text(letter);
    expect(body).toContain('Für: Erna Kowalski');
    expect(body).toContain('Tag: Donnerstag, 10. Dezember 2026');
    expect(body).toContain('zwischen 09:50 und 10:40 Uhr');
    expect(body).toContain('in der Einrichtung Seniorenzentrum Am Stadtpark (Sammeltermin)');
    expect(body).toContain('• Wohnungsgeberbestätigung');
    expect(body).toMatch(/Summe \| \d+,\d\d €/);
    expect(body).toContain('https://bochum.example/hausbesuch/status/abc');
    expect(body).toContain('Telefon 0234 910-0');
  });

  it('writes Leichte Sprache in large print when the requester asked for it', () => {
    const letter = confirmationLetter({ ...base, requester: { ...base.requester, easyLanguage: true } });
    expect(letter.title).toBe('Wir kommen zu Besuch');
    expect(letter.largePrint).toBe(true);
    const body = text(letter);
    expect(body).toContain('Wir kommen zwischen 09:50 Uhr und 10:40 Uhr.');
    expect(body).toContain('Wir sind 2 Personen.');
    // Short sentences: no paragraph longer than a line and a half.
    for (const section of letter.sections) for (const paragraph of section.paragraphs ?? []) expect(paragraph.length).toBeLessThanOrEqual(90);
    expect(confirmationMail({ ...base, requester: { ...base.requester, easyLanguage: true } }).subject).toBe('Wir kommen zu Besuch');
  });

  it('addresses the person visited at the place of the visit when the requester gave no postal address', () => {
    expect(letterRecipient({ ...base, requester: { name: 'Tochter', relation: 'relative', preferredContact: 'phone' } }))
      .toEqual(['Erna Kowalski', 'Seniorenzentrum Am Stadtpark', 'Am Stadtpark 3', '44791 Bochum']);
    expect(letterRecipient({ ...base, institutionName: null, place: 'Hauptstraße 1, 44787 Bochum', requester: { name: 'Erna Kowalski', relation: 'self', preferredContact: 'phone' } }))
      .toEqual(['Erna Kowalski', 'Hauptstraße 1', '44787 Bochum']);
  });

  it('mails and reminds with the same window and link', () => {
    const mail = confirmationMail({ ...base, requester: { ...base.requester, email: 'petra@example.org' } });
    expect(mail.subject).toBe('Terminbestätigung: Hausbesuch am 10.12.2026');
    expect(mail.text).toContain('Uhrzeit:  zwischen 09:50 und 10:40 Uhr');
    expect(mail.text).toContain(base.statusUrl);
    const reminder = reminderMail(base);
    expect(reminder.subject).toBe('Erinnerung: Hausbesuch morgen, 10.12.2026');
    expect(reminder.text).toContain(base.statusUrl);
  });

  it('tells the institution\'s office whom we see for what, and asks for the Wohnungsgeberbestätigung when someone moved in', () => {
    const letter = institutionLetter({
      institution: { name: 'Seniorenzentrum Am Stadtpark', addressLines: ['Am Stadtpark 3', '44791 Bochum'] },
      date: '2026-12-10', startAt: base.startAt, endAt: new Date('2026-12-10T10:30:00Z'), profile, today: '2026-12-03', officerName: 'Dana Disponentin',
      residents: [
        { name: 'Erna Kowalski', services: ['personalausweis', 'ummeldung'], reference: 'HB-1' },
        { name: 'Karl Nowak', services: ['lebensbescheinigung'], reference: 'HB-2' },
      ],
    });
    expect(letter.recipient).toEqual(['Seniorenzentrum Am Stadtpark', 'Verwaltung / Heimleitung', 'Am Stadtpark 3', '44791 Bochum']);
    const body = text(letter);
    expect(body).toContain('2 Bewohnerinnen und Bewohner');
    expect(body).toContain('Erna Kowalski | Personalausweis beantragen, Ummeldung (Umzug innerhalb der Stadt) | HB-1');
    expect(body).toContain('Wohnungsgeberbestätigung der Einrichtung');
    expect(body).toContain('bis etwa 11:30 Uhr');
  });
});
