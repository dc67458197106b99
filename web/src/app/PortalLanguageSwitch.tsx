import { useTranslation } from 'react-i18next';
import { chooseLanguage, htmlLang, isPortalLanguage, portalLanguages, type PortalLanguage } from '../i18n/index.ts';

/** Each language's name in itself, as a reader of it looks for it. */
export const portalLanguageNames: Record<PortalLanguage, string> = { de: 'Deutsch', 'de-x-ls': 'Leichte Sprache', en: 'English' };

/**
 * The portal's language choice: German, Leichte Sprache, English side by side, so nobody has to
 * guess what a toggle leads to. Buttons with aria-pressed: reachable with Tab, chosen with Enter
 * or Space, and a screen reader says which one is on.
 */
export function PortalLanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current: PortalLanguage = isPortalLanguage(i18n.language) ? i18n.language : 'de';
  return (
    <div className="bk-language-choice" role="group" aria-label={t('layout.language')}>
      <span className="kern-icon kern-icon--language" aria-hidden="true" />
      {portalLanguages.map((language) => (
        <button
          key={language}
          type="button"
          className={['kern-btn', 'kern-btn--tertiary', 'bk-language-choice__option', language === current && 'bk-language-choice__option--current'].filter(Boolean).join(' ')}
          aria-pressed={language === current}
          lang={htmlLang(language)}
          onClick={() => { if (language !== current) void chooseLanguage(i18n, language, safeStorage()); }}
        >
          <span className="kern-label">{portalLanguageNames[language]}</span>
        </button>
      ))}
    </div>
  );
}

/** localStorage, or nothing where the browser refuses even to hand it out. */
export function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
