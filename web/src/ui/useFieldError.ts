import { useTranslation } from 'react-i18next';
import { looseTranslator } from '../i18n/loose.ts';

/**
 * Form schemas carry translation keys as their messages (e.g. "validation.required"),
 * so one schema serves every language; this turns such a message into text.
 */
export function useFieldError(): (error: { message?: string } | undefined, values?: Record<string, unknown>) => string | undefined {
  const { i18n } = useTranslation();
  const loose = looseTranslator(i18n);
  return (error, values) => {
    if (!error?.message) return undefined;
    return loose.exists(error.message) ? loose.t(error.message, values) : error.message;
  };
}
