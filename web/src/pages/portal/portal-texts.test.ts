import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { easyLanguage, resources } from '../../i18n/index.ts';
import { looseTranslator } from '../../i18n/loose.ts';
import { portalErrorText, portalStateText } from './portal-texts.ts';

const instance = i18next.createInstance();
beforeAll(async () => {
  await instance.init({ resources, lng: 'de', fallbackLng: 'de', supportedLngs: ['de', 'en', easyLanguage], interpolation: { escapeValue: false } });
});
const server = { de: 'Server-Deutsch', en: 'server English' };
const spent = () => new ApiError('POW_SPENT', 'x', 409, [], { text: server });

describe('portalStateText', () => {
  it('keeps the server text in German and English and uses Leichte Sprache from i18n', async () => {
    await instance.changeLanguage('de');
    expect(portalStateText(looseTranslator(instance), 'confirmed', server, 'de')).toBe('Server-Deutsch');
    expect(portalStateText(looseTranslator(instance), 'confirmed', server, 'en')).toBe('server English');
    await instance.changeLanguage(easyLanguage);
    expect(portalStateText(looseTranslator(instance), 'confirmed', server, easyLanguage)).toBe('Ihr Termin steht fest.');
    expect(portalStateText(looseTranslator(instance), 'brand_new', server, easyLanguage)).toBe('Server-Deutsch');
  });
});

describe('portalErrorText', () => {
  it('prefers the server text, except in Leichte Sprache', async () => {
    await instance.changeLanguage('de');
    expect(portalErrorText(looseTranslator(instance), spent(), 'de')).toBe('Server-Deutsch');
    await instance.changeLanguage(easyLanguage);
    expect(portalErrorText(looseTranslator(instance), spent(), easyLanguage)).toMatch(/^Die Sicherheits-Prüfung war schon benutzt\./);
  });

  it('falls back to the translation, then to null', async () => {
    await instance.changeLanguage('de');
    expect(portalErrorText(looseTranslator(instance), new ApiError('OFFER_NONE', 'x', 409), 'de')).toMatch(/kein offenes Terminangebot/);
    expect(portalErrorText(looseTranslator(instance), new ApiError('NOT_FOUND', 'x', 404), 'de')).toBeNull();
    expect(portalErrorText(looseTranslator(instance), new Error('boom'), 'de')).toBeNull();
  });
});
