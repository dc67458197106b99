import { ApiError } from '../api/client.ts';
import { isLocalizedText } from '../../../src/platform/localized-text.ts';
import { formatTimestamp } from './dates.ts';

export interface ErrorTranslator {
  t: (key: string, options?: Record<string, unknown>) => string;
  exists: (key: string) => boolean;
  /** The reader's language, for an error that brings its own translation (details.message {de, en}). */
  language?: string;
}

/**
 * The text a person reads for a failed request: our translation of the server's code where we
 * have one (the server's own messages are English), else the error's own translation
 * (details.message {de, en}), otherwise the server's message as it is.
 */
export function apiErrorMessage(i18n: ErrorTranslator, error: unknown): string {
  if (error instanceof ApiError) {
    const key = `apiErrors.${error.code}`;
    if (i18n.exists(key)) {
      const lockedUntil = typeof error.details?.lockedUntil === 'string' ? formatTimestamp(error.details.lockedUntil) : '';
      return i18n.t(key, { lockedUntil, message: error.message });
    }
    if (/^HTTP_5\d\d$/.test(error.code)) return i18n.t('apiErrors.SERVER', { status: error.status });
    const own = error.details?.message;
    if (isLocalizedText(own)) return (i18n.language ?? 'de').startsWith('en') ? own.en : own.de;
    return error.message;
  }
  return i18n.t('apiErrors.UNEXPECTED');
}
