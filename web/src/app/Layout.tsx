import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { chooseLanguage, easyLanguage, isLanguage, isPortalPath, languageFor, storedLanguage, type Language } from '../i18n/index.ts';
import { useCodeLabel } from '../i18n/loose.ts';
import { useIsKit } from '../api/kit.ts';
import { KitSyncBanner } from '../kit/KitSyncBanner.tsx';
import { Button } from '../ui/Button.tsx';
import { navigationFor } from './navigation.ts';
import { PortalLanguageSwitch, safeStorage } from './PortalLanguageSwitch.tsx';
import { useLogout, useMe } from './session.tsx';

const otherLanguage: Record<Language, Language> = { de: 'en', en: 'de' };
const languageNames: Record<Language, string> = { de: 'Deutsch', en: 'English' };

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current: Language = isLanguage(i18n.language) ? i18n.language : 'de';
  const next = otherLanguage[current];
  return (
    <button
      type="button"
      className="kern-btn kern-btn--tertiary bk-language-switch"
      onClick={() => void chooseLanguage(i18n, next, safeStorage())}
      aria-label={t('layout.switchLanguage', { language: languageNames[next] })}
    >
      <span className="kern-icon kern-icon--language" aria-hidden="true" />
      <span className="kern-label" lang={next}>{languageNames[next]}</span>
    </button>
  );
}

function Flag() {
  return (
    <span className="kern-kopfzeile__flagge" aria-hidden="true">
      <svg xmlns="http://www.w3.org/2000/svg" fill="none" viewBox="0 0 24 16" focusable="false">
        <path fill="#000" d="M0 .5h24v5.333H0z" />
        <path fill="red" d="M0 5.833h24v5.333H0z" />
        <path fill="#FACA2C" d="M0 11.167h24V16.5H0z" />
      </svg>
    </span>
  );
}

/** Frame of every page: skip link, header with municipality, user and language, the main navigation, main. */
export function Layout() {
  const { t, i18n } = useTranslation();
  const codeLabel = useCodeLabel();
  const isKit = useIsKit();
  const me = useMe().data ?? null;
  const logout = useLogout();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const [loggingOut, setLoggingOut] = useState(false);

  // After a client-side navigation, move focus to the new page's heading (unless the page put it
  // somewhere on purpose, like the search field), so keyboard and screen reader users start there.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const main = mainRef.current;
    if (!main || main.contains(document.activeElement)) return;
    const heading = main.querySelector<HTMLElement>('h1');
    (heading ?? main).focus();
  }, [location.pathname]);

  // Leichte Sprache is the portal's only: the office pages show German then, and the portal gets it back.
  const portal = isPortalPath(location.pathname);
  useEffect(() => {
    const wanted = languageFor(i18n.language, storedLanguage(safeStorage()), portal);
    if (wanted !== i18n.language) void i18n.changeLanguage(wanted);
  }, [i18n, portal]);

  const skipToMain = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    mainRef.current?.focus();
    mainRef.current?.scrollIntoView();
  };

  const onLogout = async () => {
    setLoggingOut(true);
    try {
      await logout();
    } finally {
      setLoggingOut(false);
    }
  };

  const municipality = me?.municipality?.name;
  const nav = me ? navigationFor(me.user.permissions, { kit: isKit }) : [];

  return (
    <div className={i18n.language === easyLanguage ? 'bk-app bk-easy-language' : 'bk-app'}>
      <a className="bk-skip-link" href="#main" onClick={skipToMain}>{t('layout.skipToContent')}</a>
      <header className="bk-header">
        <div className="kern-kopfzeile">
          <div className="kern-container-fluid">
            <div className="kern-kopfzeile__content">
              <Flag />
              <span className="kern-kopfzeile__label">
                {municipality ? t('layout.kopfzeileWithMunicipality', { municipality }) : t('layout.kopfzeile')}
              </span>
            </div>
          </div>
        </div>
        <div className="kern-container-fluid bk-header__bar">
          <div className="bk-brand">
            <Link to="/" className="bk-brand__link">{t('app.name')}</Link>
            {municipality && <span className="bk-brand__municipality">{municipality}</span>}
          </div>
          <div className="bk-header__tools">
            {me && (
              <p className="kern-body kern-body--small bk-user">
                <span className="kern-sr-only">{t('layout.signedInAs')} </span>
                <span className="bk-user__name">{me.user.displayName}</span>
                <span className="bk-user__roles">
                  <span className="kern-sr-only">{t('layout.roles')}: </span>
                  {me.user.roles.map((role) => codeLabel('role', role)).join(', ')}
                </span>
              </p>
            )}
            {portal ? <PortalLanguageSwitch /> : <LanguageSwitch />}
            {me && (
              <Button variant="secondary" icon="logout" onClick={() => void onLogout()} busy={loggingOut}>
                {t('layout.logout')}
              </Button>
            )}
          </div>
        </div>
        {me && (
          <nav className="bk-nav" aria-label={t('layout.mainNavigation')}>
            <ul className="kern-container-fluid bk-nav__list">
              {nav.map((item) => (
                <li key={item.key}>
                  <NavLink to={item.path} end={item.path === '/'} className="bk-nav__link">{t(`nav.${item.key}`)}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <KitSyncBanner />
      <main id="main" ref={mainRef} tabIndex={-1} className="kern-container-fluid bk-main">
        <Outlet />
      </main>
      <footer className="bk-footer">
        <p className="kern-body kern-body--small kern-container-fluid">{t('layout.footer')}</p>
      </footer>
    </div>
  );
}
