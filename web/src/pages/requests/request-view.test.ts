import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RequestLocation } from '../../api/requests.ts';
import { languages, resources } from '../../i18n/index.ts';
import { looseTranslator } from '../../i18n/loose.ts';
import { eventLabel, eventOrigin, locationText, requestCodeLabel, requestEventKinds } from './request-view.ts';

const instance = i18next.createInstance();
const loose = looseTranslator(instance);
beforeAll(async () => {
  await instance.init({ resources, lng: 'de', fallbackLng: false, interpolation: { escapeValue: false } });
});

const home: RequestLocation = { kind: 'home', street: 'Hauptstraße', houseNumber: '12', postcode: '44787', city: 'Bochum' };
const institution: RequestLocation = {
  kind: 'institution', institutionId: 'i1', street: 'Parkweg', houseNumber: '3', postcode: '44789', city: 'Bochum', addition: 'Zimmer 214',
};

describe('history labels', () => {
  it.each(languages)('exist in %s for every event kind the server writes', async (language) => {
    await instance.changeLanguage(language);
    for (const kind of requestEventKinds) {
      const text = eventLabel(loose, { kind, detail: {} });
      expect(text, `${language} ${kind}`).not.toBe(kind);
      expect(text.trim()).not.toBe('');
    }
  });

  it.each([
    { kind: 'created', detail: {}, de: 'Erfasst', en: 'Created' },
    { kind: 'matched', detail: { personId: 'p1' }, de: 'Dem Melderegister zugeordnet', en: 'Matched to the register' },
    { kind: 'matched', detail: { personId: null }, de: 'Zuordnung zum Melderegister aufgehoben', en: 'Register match undone' },
    { kind: 'mail_in', detail: {}, de: 'E-Mail eingegangen', en: 'Mail received' },
    { kind: 'mail_bounced', detail: {}, de: 'E-Mail unzustellbar zurückgekommen', en: 'Mail bounced (undeliverable)' },
    { kind: 'mail_bounced', detail: { reason: 'Unzustellbar an p@example.org: Das Postfach ist voll (SMTP 5.2.2)', letter: 'not_a_visit_mail' },
      de: 'E-Mail zurückgekommen – Unzustellbar an p@example.org: Das Postfach ist voll (SMTP 5.2.2)',
      en: 'Mail bounced: Unzustellbar an p@example.org: Das Postfach ist voll (SMTP 5.2.2)' },
    { kind: 'mail_bounced', detail: { reason: 'Unzustellbar (SMTP 5.1.1)', letter: 'queued' },
      de: 'E-Mail zurückgekommen – Unzustellbar (SMTP 5.1.1). Der Brief liegt zum Drucken bereit.',
      en: 'Mail bounced: Unzustellbar (SMTP 5.1.1). The letter is ready to print.' },
    { kind: 'merged', detail: { mergedReference: 'HB-AAAA-1111' }, de: 'HB-AAAA-1111 hierher übernommen', en: 'HB-AAAA-1111 taken over here' },
    { kind: 'merged', detail: { intoReference: 'HB-BBBB-2222' }, de: 'Mit HB-BBBB-2222 zusammengeführt', en: 'Merged into HB-BBBB-2222' },
    { kind: 'merged', detail: {}, de: 'Zusammengeführt', en: 'Merged' },
    { kind: 'something_new', detail: {}, de: 'something_new', en: 'something_new' },
  ])('$kind $detail reads "$de" / "$en"', async ({ kind, detail, de, en }) => {
    await instance.changeLanguage('de');
    expect(eventLabel(loose, { kind, detail })).toBe(de);
    await instance.changeLanguage('en');
    expect(eventLabel(loose, { kind, detail })).toBe(en);
  });

  it('names the merged request an event came from', () => {
    const view = { id: 'keep', mergedRequests: [{ id: 'gone', reference: 'HB-2026-0042' }] };
    expect(eventOrigin(view, { requestId: 'keep' })).toBeNull();
    expect(eventOrigin(view, { requestId: 'gone' })).toBe('HB-2026-0042');
    expect(eventOrigin(view, { requestId: 'unknown' })).toBeNull();
  });
});

describe('requestCodeLabel', () => {
  it('shows unknown codes as they are and nothing for none', async () => {
    await instance.changeLanguage('de');
    expect(requestCodeLabel(loose, 'status', 'open')).toBe('Offen');
    expect(requestCodeLabel(loose, 'status', 'paused')).toBe('paused');
    expect(requestCodeLabel(loose, 'status', null)).toBe('');
    expect(requestCodeLabel(loose, 'weekday', 3)).toBe('Mittwoch');
  });
});

describe('locationText', () => {
  it.each([
    { location: home, name: null, de: 'Zuhause: Hauptstraße 12, 44787 Bochum', en: 'At home: Hauptstraße 12, 44787 Bochum' },
    { location: { ...home, addition: '2. OG' }, name: null, de: 'Zuhause: Hauptstraße 12, 44787 Bochum (2. OG)', en: 'At home: Hauptstraße 12, 44787 Bochum (2. OG)' },
    {
      location: institution, name: 'Seniorenzentrum Am Stadtpark',
      de: 'Einrichtung: Seniorenzentrum Am Stadtpark, Parkweg 3, 44789 Bochum (Zimmer 214)',
      en: 'Institution: Seniorenzentrum Am Stadtpark, Parkweg 3, 44789 Bochum (Zimmer 214)',
    },
    { location: institution, name: null, de: 'Einrichtung: Parkweg 3, 44789 Bochum (Zimmer 214)', en: 'Institution: Parkweg 3, 44789 Bochum (Zimmer 214)' },
    // A home visit has no institution, whatever name is at hand.
    { location: home, name: 'Irgendein Heim', de: 'Zuhause: Hauptstraße 12, 44787 Bochum', en: 'At home: Hauptstraße 12, 44787 Bochum' },
  ])('$de', async ({ location, name, de, en }) => {
    await instance.changeLanguage('de');
    expect(locationText(loose, location, name)).toBe(de);
    await instance.changeLanguage('en');
    expect(locationText(loose, location, name)).toBe(en);
  });

  it('is empty without a place', () => {
    expect(locationText(loose, null)).toBe('');
  });
});
