import type { i18n as I18n } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { codeLabel, type CodeCategory } from '../lib/codes.ts';

export interface LooseTranslator {
  t: (key: string, options?: Record<string, unknown>) => string;
  exists: (key: string) => boolean;
  /** The language at the time the translator was made. */
  language?: string;
}

/** For keys built at run time (codes, error codes), which the typed t() cannot check. */
export function looseTranslator(i18n: I18n): LooseTranslator {
  const t = i18n.t.bind(i18n) as unknown as (key: string, options?: Record<string, unknown>) => string;
  return { t: (key, options) => t(key, options ?? {}), exists: (key) => i18n.exists(key), language: i18n.language };
}

/** Labels for register and server codes in the current language. */
export function useCodeLabel(): (category: CodeCategory, code: string | null | undefined) => string {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    const loose = looseTranslator(i18n);
    // language is a dependency so labels follow the switch.
    void language;
    return (category: CodeCategory, code: string | null | undefined) => codeLabel(loose, category, code);
  }, [i18n, language]);
}
