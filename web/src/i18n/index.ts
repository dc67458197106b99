import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './de.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

export const languages = ['de', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'de';
export const resources = { de: { translation: de }, en: { translation: en } } as const;

const storageKey = 'bk.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** German unless the user chose otherwise on this device; the browser's language does not decide for an office app. */
export function storedLanguage(storage: Pick<Storage, 'getItem'> | undefined): Language {
  try {
    const value = storage?.getItem(storageKey);
    return isLanguage(value) ? value : defaultLanguage;
  } catch {
    return defaultLanguage;
  }
}

/** Starts i18next for the browser: remembers the choice and keeps <html lang> true for screen readers. */
export async function initI18n(): Promise<I18n> {
  const language = storedLanguage(window.localStorage);
  await i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: defaultLanguage,
    supportedLngs: [...languages],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
    try {
      window.localStorage.setItem(storageKey, lng);
    } catch {
      // Private windows may refuse storage; the switch still works for this visit.
    }
  });
  return i18next;
}
