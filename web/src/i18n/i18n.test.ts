import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { apiErrorMessage } from '../lib/api-errors.ts';
import { codeKey, codeLabel, codeLists, type CodeCategory } from '../lib/codes.ts';
import { easyLanguage, htmlLang, isPortalPath, languageFor, languages, resources, storedLanguage } from './index.ts';
import { looseTranslator } from './loose.ts';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

/** Plural forms differ per language (German has no _zero rule, English uses the same two). */
const withoutPluralSuffix = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

const de = leaves(resources.de.translation as Tree);
const en = leaves(resources.en.translation as Tree);
const easy = leaves(resources[easyLanguage].translation as Tree);

describe('translations', () => {
  it('have the same keys in German and English', () => {
    const deKeys = [...new Set([...de.keys()].map(withoutPluralSuffix))].sort();
    const enKeys = [...new Set([...en.keys()].map(withoutPluralSuffix))].sort();
    expect(enKeys).toEqual(deKeys);
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of de) {
      const other = en.get(key) ?? en.get(`${withoutPluralSuffix(key)}_other`);
      expect(other, key).toBeDefined();
      expect(placeholders(other ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('leave no text empty', () => {
    for (const [key, text] of [...de, ...en]) expect(text.trim(), key).not.toBe('');
  });
});

describe('Leichte Sprache', () => {
  it('overrides only keys that exist in German, with the same placeholders', () => {
    for (const [key, text] of easy) {
      expect(de.has(key), key).toBe(true);
      expect(placeholders(text), key).toEqual(placeholders(de.get(key) ?? ''));
    }
  });

  it('rewrites every portal text and leaves none empty', () => {
    for (const key of de.keys()) if (key.startsWith('portal.')) expect(easy.get(key)?.trim(), key).toBeTruthy();
    for (const [key, text] of easy) expect(text.trim(), key).not.toBe('');
  });

  it('falls back to German for the keys it does not rewrite', async () => {
    const instance = i18next.createInstance();
    await instance.init({ resources, lng: easyLanguage, fallbackLng: 'de', supportedLngs: ['de', 'en', easyLanguage] });
    expect(instance.t('portal.form.street')).toBe(easy.get('portal.form.street'));
    expect(instance.t('requests.weekday.1')).toBe('Montag');
  });
});

describe('language helpers', () => {
  it('read Leichte Sprache as German for <html lang>', () => {
    expect(htmlLang(easyLanguage)).toBe('de');
    expect(htmlLang('en')).toBe('en');
  });

  it.each([
    ['/hausbesuch', true], ['/hausbesuch/status/abc', true], ['/hausbesuche', false], ['/anfragen', false],
  ])('isPortalPath(%s) → %s', (path, portal) => expect(isPortalPath(path)).toBe(portal));

  it.each([
    ['de-x-ls', 'de-x-ls', false, 'de'],
    ['de', 'de-x-ls', true, 'de-x-ls'],
    ['en', 'de-x-ls', true, 'en'],
    ['de-x-ls', 'de', true, 'de-x-ls'],
    ['en', 'en', false, 'en'],
    ['xx', 'de', false, 'de'],
  ] as const)('languageFor(%s, stored %s, portal %s) → %s', (current, stored, portal, wanted) => {
    expect(languageFor(current, stored, portal)).toBe(wanted);
  });
});

describe('code labels', () => {
  const instance = i18next.createInstance();
  beforeAll(async () => {
    await instance.init({ resources, lng: 'de', fallbackLng: false, interpolation: { escapeValue: false } });
  });

  it.each(languages)('exist in %s for every known code', async (language) => {
    await instance.changeLanguage(language);
    const loose = looseTranslator(instance);
    for (const [category, codes] of Object.entries(codeLists) as [CodeCategory, readonly string[]][]) {
      for (const code of codes) expect(loose.exists(codeKey(category, code)), `${language} ${category}.${code}`).toBe(true);
    }
  });

  it('read as German words and fall back to the code itself', async () => {
    await instance.changeLanguage('de');
    const loose = looseTranslator(instance);
    expect(codeLabel(loose, 'maritalStatus', 'LD')).toBe('ledig');
    expect(codeLabel(loose, 'maritalStatus', 'VH')).toBe('verheiratet');
    expect(codeLabel(loose, 'sex', 'w')).toBe('weiblich');
    expect(codeLabel(loose, 'religion', 'rk')).toBe('römisch-katholisch');
    expect(codeLabel(loose, 'auditAction', 'register.search')).toBe('Suche im Melderegister');
    expect(codeLabel(loose, 'religion', 'zz')).toBe('zz');
    expect(codeLabel(loose, 'sex', null)).toBe('');
  });

  it('follow the language', async () => {
    await instance.changeLanguage('en');
    expect(codeLabel(looseTranslator(instance), 'maritalStatus', 'LD')).toBe('single');
  });
});

describe('apiErrorMessage', () => {
  const instance = i18next.createInstance();
  beforeAll(async () => {
    await instance.init({ resources, lng: 'de', fallbackLng: false, interpolation: { escapeValue: false } });
  });

  it('translates known codes and fills in details', () => {
    const loose = looseTranslator(instance);
    expect(apiErrorMessage(loose, new ApiError('INVALID_CREDENTIALS', 'The username or the password is wrong.', 401)))
      .toBe('Benutzername oder Passwort ist falsch.');
    const locked = new ApiError('ACCOUNT_LOCKED', 'locked', 423, [], { lockedUntil: '2026-03-05T13:07:09Z' });
    expect(apiErrorMessage(loose, locked)).toMatch(/^Zu viele Fehlversuche: Das Konto ist bis \d\d\.03\.2026, \d\d:07:09 gesperrt/);
  });

  it('shows the server message for codes it does not know', () => {
    expect(apiErrorMessage(looseTranslator(instance), new ApiError('SOMETHING_NEW', 'Something new went wrong.', 409))).toBe('Something new went wrong.');
  });

  it('uses the error\'s own translation (details.message {de, en}) for a code it does not know', () => {
    const own = new ApiError('SOMETHING_NEW', 'Save first.', 409, [], { message: { de: 'Bitte zuerst speichern.', en: 'Save first, please.' } });
    expect(apiErrorMessage(looseTranslator(instance), own)).toBe('Bitte zuerst speichern.');
    expect(apiErrorMessage({ ...looseTranslator(instance), language: 'en' }, own)).toBe('Save first, please.');
    expect(apiErrorMessage(looseTranslator(instance), new ApiError('SOMETHING_NEW', 'Only English.', 409, [], { message: 'Only English.' }))).toBe('Only English.');
  });

  it('explains server failures and unexpected throws', () => {
    const loose = looseTranslator(instance);
    expect(apiErrorMessage(loose, new ApiError('HTTP_502', 'x', 502))).toContain('Status 502');
    expect(apiErrorMessage(loose, new Error('boom'))).toBe('Ein unerwarteter Fehler ist aufgetreten. Laden Sie die Seite neu.');
  });
});

describe('storedLanguage', () => {
  it.each([
    ['en', 'en'],
    ['de', 'de'],
    ['de-x-ls', 'de-x-ls'],
    ['fr', 'de'],
    [null, 'de'],
  ])('%j → %s', (stored, language) => {
    expect(storedLanguage({ getItem: () => stored })).toBe(language);
  });

  it('survives storage that throws', () => {
    expect(storedLanguage({ getItem: () => { throw new Error('denied'); } })).toBe('de');
  });
});
