import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './de.json' with { type: 'json' };
import easy from './de-x-ls.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

/** The office app's languages. */
export const languages = ['de', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'de';

/**
 * Leichte Sprache (easy-to-read German) for the citizens' portal only. BCP 47 registers no tag
 * for it, so i18next uses a private-use code; it holds only the texts it rewrites and falls back
 * to standard German for the rest, and the page itself says lang="de" (see htmlLang).
 */
export const easyLanguage = 'de-x-ls';
/** The portal's languages, in the order its switch offers them. */
export const portalLanguages = ['de', easyLanguage, 'en'] as const;
export type PortalLanguage = (typeof portalLanguages)[number];

export const resources = { de: { translation: de }, en: { translation: en }, [easyLanguage]: { translation: easy } } as const;

const storageKey = 'bk.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export function isPortalLanguage(value: unknown): value is PortalLanguage {
  return typeof value === 'string' && (portalLanguages as readonly string[]).includes(value);
}

/** The citizens' pages (the request form and its status links), the only ones with Leichte Sprache. */
export function isPortalPath(pathname: string): boolean {
  return /^\/hausbesuch(\/|$)/.test(pathname);
}

/** <html lang>: Leichte Sprache is German to screen readers and hyphenation. */
export function htmlLang(language: string): string {
  return language === easyLanguage ? 'de' : language;
}

/** German unless the user chose otherwise on this device; the browser's language does not decide for an office app. */
export function storedLanguage(storage: Pick<Storage, 'getItem'> | undefined): PortalLanguage {
  try {
    const value = storage?.getItem(storageKey);
    return isPortalLanguage(value) ? value : defaultLanguage;
  } catch {
    return defaultLanguage;
  }
}

/**
 * The language a page shows: the office pages read German where Leichte Sprache was chosen (it
 * exists for the portal only); back on the portal, a stored Leichte Sprache comes back. The
 * current language wins otherwise, so a choice survives a device that refuses storage.
 */
export function languageFor(current: string, stored: PortalLanguage, portal: boolean): PortalLanguage {
  const now: PortalLanguage = isPortalLanguage(current) ? current : defaultLanguage;
  if (!portal) return now === easyLanguage ? 'de' : now;
  return now === 'de' && stored === easyLanguage ? easyLanguage : now;
}

/** A choice in a language switch: shown at once and remembered on this device. */
export async function chooseLanguage(i18n: Pick<I18n, 'changeLanguage'>, language: PortalLanguage, storage?: Pick<Storage, 'setItem'>): Promise<void> {
  try {
    storage?.setItem(storageKey, language);
  } catch {
    // Private windows may refuse storage; the switch still works for this visit.
  }
  await i18n.changeLanguage(language);
}

/** Starts i18next for the browser: remembers the choice and keeps <html lang> true for screen readers. */
export async function initI18n(): Promise<I18n> {
  const language = languageFor(storedLanguage(window.localStorage), storedLanguage(window.localStorage), isPortalPath(window.location.pathname));
  await i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: defaultLanguage,
    supportedLngs: [...portalLanguages],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = htmlLang(language);
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = htmlLang(lng);
  });
  return i18next;
}
