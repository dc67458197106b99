// Texts of the portal that the server also sends in German and English ({de, en}): the state of a
// request and the errors of the public API. Leichte Sprache has its own translations of them, so
// the pages read them from i18n there; German and English keep the server's (often more precise)
// words and fall back to the translation when the server sent none. Pure, for unit tests.
import { isApiError } from '../../api/client.ts';
import { errorText, type PortalState } from '../../api/portal.ts';
import { easyLanguage } from '../../i18n/index.ts';
import type { LooseTranslator } from '../../i18n/loose.ts';

type ServerText = { de: string; en: string };

/** The request's state in the reader's language: portal.state.<state>, or the server's text for a state the client does not know. */
export function portalStateText(loose: LooseTranslator, state: PortalState | string, serverText: ServerText, language: string): string {
  const key = `portal.state.${state}`;
  if (language === easyLanguage && loose.exists(key)) return loose.t(key);
  return (language.startsWith('en') ? serverText.en : serverText.de) || (loose.exists(key) ? loose.t(key) : state);
}

/**
 * A public API error as text: in Leichte Sprache portal.errors.<code> first; otherwise the
 * server's details.text, then portal.errors.<code>; null when neither exists (the caller shows the
 * general API error alert).
 */
export function portalErrorText(loose: LooseTranslator, error: unknown, language: string): string | null {
  if (!isApiError(error)) return null;
  const key = `portal.errors.${error.code}`;
  if (language === easyLanguage && loose.exists(key)) return loose.t(key);
  return errorText(error, language) ?? (loose.exists(key) ? loose.t(key) : null);
}
