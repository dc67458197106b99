/**
 * A text in German and English, as AppErrors carry it for the people who read them
 * (details.message, or the violations of CASE_VIOLATIONS). Pure: the server and the web app share it.
 */
export interface LocalizedText {
  de: string;
  en: string;
}

export function isLocalizedText(value: unknown): value is LocalizedText {
  return typeof value === 'object' && value !== null
    && typeof (value as Record<string, unknown>).de === 'string' && typeof (value as Record<string, unknown>).en === 'string';
}

/**
 * An AppError's own translation of its message: details.message { de, en }, or the messages of its
 * details.violations, joined. Null when it has none (its message is English only).
 */
export function localizedMessageOf(details: Record<string, unknown> | null | undefined): LocalizedText | null {
  if (!details) return null;
  if (isLocalizedText(details.message)) return { de: details.message.de, en: details.message.en };
  if (!Array.isArray(details.violations)) return null;
  const messages = details.violations
    .map((v: unknown) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>).message : null))
    .filter(isLocalizedText);
  return messages.length > 0 ? { de: messages.map((m) => m.de).join(' '), en: messages.map((m) => m.en).join(' ') } : null;
}
