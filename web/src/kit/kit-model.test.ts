import i18next, { type i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import type { KitOutboxSummary, KitStatus } from '../api/kit.ts';
import { resources } from '../i18n/index.ts';
import { looseTranslator, type LooseTranslator } from '../i18n/loose.ts';
import { bannerText, birthDateOf, eventKindKey, kitBanner, openCaseIdOf, packageState, timeOf, unsettledCount } from './kit-model.ts';

const counts = (c: Partial<KitOutboxSummary['counts']> = {}): KitOutboxSummary['counts'] => ({ pending: 0, sent: 0, confirmed: 0, error: 0, needs_review: 0, ...c });

function aStatus(overrides: Partial<KitStatus> = {}): KitStatus {
  return {
    kitName: 'Koffer 1', kitId: 'k1', rathausUrl: 'http://rathaus', fingerprint: 'ab:cd', pairing: 'active', online: true, unlocked: true,
    lastSyncAt: '2026-12-08T08:15:00Z', lastSyncError: null, packages: [], wiped: false,
    outbox: { counts: counts(), unsettled: [], biometricsOnKit: 0 },
    ...overrides,
  };
}

let de: LooseTranslator;
let en: LooseTranslator;
const texts = (instance: LooseTranslator, status: KitStatus) => kitBanner(status).lines.map((line) => bannerText(instance, line));

beforeAll(async () => {
  const make = async (lng: string): Promise<LooseTranslator> => {
    const instance: i18n = i18next.createInstance();
    await instance.init({ resources, lng, fallbackLng: false });
    return looseTranslator(instance);
  };
  de = await make('de');
  en = await make('en');
});

describe('kit banner', () => {
  it('counts pending, sent and failed steps as not yet synced; confirmed and review have reached the Rathaus', () => {
    expect(unsettledCount({ counts: counts({ pending: 2, sent: 1, error: 1, confirmed: 7, needs_review: 3 }), unsettled: [], biometricsOnKit: 0 })).toBe(4);
  });

  it('says all is synced when nothing waits, and is calm', () => {
    const model = kitBanner(aStatus({ outbox: { counts: counts({ confirmed: 5 }), unsettled: [], biometricsOnKit: 0 } }));
    expect([model.tone, model.unsettled, model.canSync]).toEqual(['success', 0, true]);
    expect(texts(de, aStatus())).toEqual(['Alle Schritte sind an das Rathaus übertragen.']);
  });

  it.each([
    ['one pending step', counts({ pending: 1 }), 'warning', ['1 Schritt noch nicht übertragen']],
    ['three pending, one sent', counts({ pending: 3, sent: 1 }), 'warning', ['4 Schritte noch nicht übertragen']],
    ['an error', counts({ pending: 1, error: 1 }), 'danger', ['2 Schritte noch nicht übertragen', '1 Schritt mit Fehler']],
    ['review only', counts({ needs_review: 2, confirmed: 1 }), 'warning', ['Alle Schritte sind an das Rathaus übertragen.', '2 Schritte werden im Rathaus geprüft']],
  ] as const)('%s', (_label, c, tone, lines) => {
    const status = aStatus({ outbox: { counts: c, unsettled: [], biometricsOnKit: 0 } });
    expect(kitBanner(status).tone).toBe(tone);
    expect(texts(de, status)).toEqual(lines);
  });

  it('names access-log entries not yet synced apart from the steps', () => {
    const status = aStatus({ outbox: { counts: counts({ confirmed: 2 }), unsettled: [], biometricsOnKit: 0, accessLogPending: 4 } });
    expect(texts(de, status)).toEqual(['Alle Schritte sind an das Rathaus übertragen.', '4 Einträge des Zugriffsprotokolls noch nicht übertragen']);
  });

  it('warns when offline and names the last sync error', () => {
    const status = aStatus({ online: false, lastSyncError: 'fetch failed' });
    const model = kitBanner(status);
    expect([model.online, model.tone]).toEqual([false, 'warning']);
    expect(texts(de, status)).toContain('Letzte Übertragung gescheitert: fetch failed');
    expect(texts(en, status)).toContain('Last sync failed: fetch failed');
    // The sync's own English interruption reads in the officer's language, the cause as it came.
    const interrupted = aStatus({ lastSyncError: 'Sending events failed: connect ECONNREFUSED 10.0.0.1:443' });
    expect(texts(de, interrupted)).toContain('Letzte Übertragung gescheitert: Senden der Schritte fehlgeschlagen: connect ECONNREFUSED 10.0.0.1:443');
    expect(texts(en, interrupted)).toContain('Last sync failed: Sending the steps failed: connect ECONNREFUSED 10.0.0.1:443');
  });

  it('without a signed-in officer tells to sign in and offers no sync', () => {
    const model = kitBanner(aStatus({ outbox: null }));
    expect([model.unsettled, model.canSync, model.tone]).toEqual([null, false, 'info']);
    expect(texts(de, aStatus({ outbox: null }))).toEqual(['Nach der Anmeldung sehen Sie, was noch nicht übertragen ist.']);
  });

  it('a revoked or wiped kit is an alarm and cannot sync', () => {
    expect(kitBanner(aStatus({ pairing: 'revoked' }))).toMatchObject({ tone: 'danger', canSync: false });
    expect(kitBanner(aStatus({ wiped: true }))).toMatchObject({ tone: 'danger', canSync: false });
    expect(texts(de, aStatus({ pairing: 'pending' }))[0]).toBe('Die Kopplung wartet auf die Freigabe im Rathaus.');
  });

  it('warns when the reserved numbers run low', () => {
    const status = aStatus({ numbersLeft: { case: 3, receipt: 40 } });
    expect(texts(de, status)).toContain('Nur noch 3 Vorgangsnummern auf dem Koffer');
    expect(kitBanner(aStatus({ numbersLeft: { case: 5, receipt: 5 } })).tone).toBe('success');
  });

  it('every line has a text in both languages', () => {
    const status = aStatus({
      online: false, pairing: 'pending', lastSyncError: 'x', numbersLeft: { case: 1, receipt: 1 },
      outbox: { counts: counts({ pending: 1, error: 1, needs_review: 1 }), unsettled: [], biometricsOnKit: 2, accessLogPending: 3 },
    });
    expect(kitBanner(status).lines.map((l) => l.key)).toContain('kit.banner.accessLog');
    for (const instance of [de, en]) {
      for (const line of kitBanner(status).lines) expect(bannerText(instance, line), line.key).not.toBe(line.key);
    }
  });
});

describe('the not-yet-synced list', () => {
  it('names every event kind the kit records', () => {
    for (const kind of ['case.opened', 'case.updated', 'case.attached', 'case.device', 'case.captured', 'case.paid', 'case.completed', 'case.handed_over', 'case.closed', 'case.cancelled']) {
      expect(de.exists(eventKindKey(kind)), kind).toBe(true);
    }
    expect(de.t(eventKindKey('case.opened'))).toBe('Vorgang angelegt');
  });
});

describe('tour details', () => {
  it.each([
    [{ birthYear: 1936, birthMonth: 7, birthDay: 3 }, '03.07.1936'],
    [{ birthYear: 1936, birthMonth: 7, birthDay: null }, '07.1936'],
    [{ birthYear: 1936, birthMonth: null, birthDay: null }, '1936'],
    [{ birthYear: null, birthMonth: null, birthDay: null }, ''],
  ])('birth date %o → %s', (person, text) => expect(birthDateOf(person)).toBe(text));

  it('shows times in Berlin time', () => {
    expect(timeOf('2026-12-08T08:00:00Z')).toBe('09:00');
    expect(timeOf('2026-07-08T08:00:00Z')).toBe('10:00');
  });

  it.each([
    ['2026-12-10T23:00:00Z', 'valid'],
    ['2026-12-08T20:00:00Z', 'expiring'],
    ['2026-12-08T09:00:00Z', 'expired'],
  ] as const)('a package expiring %s is %s', (expiresAt, state) => {
    expect(packageState(expiresAt, new Date('2026-12-08T10:00:00Z'))).toBe(state);
  });

  it('finds the open case a refused start points to', () => {
    expect(openCaseIdOf(new ApiError('CASE_ALREADY_OPEN', 'x', 409, [], { caseId: 'c1', number: 'K-1' }))).toBe('c1');
    expect(openCaseIdOf(new ApiError('CASE_ALREADY_OPEN', 'x', 409))).toBeNull();
    expect(openCaseIdOf(new ApiError('FORBIDDEN', 'x', 403, [], { caseId: 'c1' }))).toBeNull();
    expect(openCaseIdOf(new Error('x'))).toBeNull();
  });
});
