/**
 * Why the Rathaus held or refused a kit step, in the reader's language. The Rathaus answers with
 * a code and an English reason (src/kit/ingest.ts, event-handlers.ts, the case use cases'
 * AppErrors); the kit's own texts (src/kit/sync.ts) are German. Pure, so it is tested without a
 * browser: a known code reads in German (or English), a localized message from the server wins,
 * and an unknown code shows the server's text as it came, with the code.
 */
import { localizedMessageOf, type LocalizedText } from '../../../src/platform/localized-text.ts';
import type { LooseTranslator } from '../i18n/loose.ts';

export { localizedMessageOf, type LocalizedText };

export interface SyncReasonInput {
  code?: string | null;
  /** The server's text (English from the Rathaus, German from the kit itself). */
  reason?: string | null;
  /** An AppError's own translation (details.message {de, en}), where the server sent one. */
  message?: LocalizedText | null;
  /** Further details of an AppError (details.violations[].message {de, en} of CASE_VIOLATIONS). */
  details?: Record<string, unknown> | null;
}

export interface SyncReasonText {
  text: string;
  /** The language of `text` where it is not the reader's (the server's English): for lang="…". */
  lang?: 'en' | 'de';
  /** The code, shown next to a text this interface does not know. */
  code?: string;
}

/**
 * The codes this interface explains (i18n keys kit.reasons.<CODE>): the Rathaus's review and retry
 * codes and the AppErrors the case use cases raise while a kit step is applied.
 */
export const knownReasonCodes = [
  // Review: the clerk decides (ingest.ts, event-handlers.ts).
  'REGISTER_CHANGED', 'PERSON_DECEASED', 'PERSON_GONE', 'HELD_BEHIND_REVIEW', 'NUMBER_NOT_RESERVED', 'KIND_UNKNOWN',
  'EVENT_PAYLOAD_INVALID', 'OFFICER_UNKNOWN', 'STREAM_OF_OTHER_KIT', 'SEQ_TAKEN', 'CASE_UNKNOWN', 'KIT_DOCUMENT_DIFFERS',
  // Retry: the kit sends again by itself (ingest.ts).
  'OUT_OF_ORDER', 'BUSY', 'ATTACHMENT_MISSING',
  // The kit's own: the link broke before the step's attachments were up (sync.ts).
  'UPLOAD_INTERRUPTED',
  // The case use cases (src/cases/*).
  'CASE_VIOLATIONS', 'CASE_VERSION_CONFLICT', 'CASE_ALREADY_OPEN', 'CASE_HAS_PAYMENTS', 'CASE_NOT_CAPTURED', 'CASE_STATE_NOT_ALLOWED',
  'SERVICE_UNKNOWN', 'SERVICE_NOT_AVAILABLE', 'NOT_FOUND', 'FORBIDDEN', 'SUBJECT_REQUIRED',
  'ATTACHMENT_INVALID', 'ATTACHMENT_TOO_LARGE', 'ATTACHMENT_KIND_INVALID', 'ATTACHMENT_DELETED',
  'DEVICE_ACTION_UNKNOWN', 'DEVICE_FAILED', 'PAYMENT_NOT_APPROVED', 'PAYMENT_RESULT_UNKNOWN', 'PAYMENT_NOT_RECORDED',
] as const;
export type KnownReasonCode = (typeof knownReasonCodes)[number];

export const reasonCodeKey = (code: string) => `kit.reasons.${code}`;

export function isKnownReasonCode(code: string | null | undefined): code is KnownReasonCode {
  return !!code && (knownReasonCodes as readonly string[]).includes(code);
}

/**
 * Reasons that come without a code (the kit keeps only the text of a retry): the Rathaus's English
 * texts by their wording, so they read in the reader's language too.
 */
const reasonPatterns: readonly [RegExp, KnownReasonCode][] = [
  [/^The person is no longer in the register/, 'PERSON_GONE'],
  [/^The register records the person's death/, 'PERSON_DECEASED'],
  [/^The person's register entry changed/, 'REGISTER_CHANGED'],
  [/^An earlier event of this case was not taken yet/, 'OUT_OF_ORDER'],
  [/^Event \d+ of the case came before event \d+/, 'OUT_OF_ORDER'],
  [/^The Rathaus could not store the event just now/, 'BUSY'],
  [/attachment\(s\) of the event have not been uploaded/, 'ATTACHMENT_MISSING'],
  [/^The link broke before this step's attachments reached the Rathaus/, 'UPLOAD_INTERRUPTED'],
  [/^An earlier step of this case is in review/, 'HELD_BEHIND_REVIEW'],
  [/^Another kit started this case/, 'STREAM_OF_OTHER_KIT'],
  [/^The case already has an event number \d+/, 'SEQ_TAKEN'],
  [/^The Rathaus does not know events of kind/, 'KIND_UNKNOWN'],
  [/^The kit refers to a case the Rathaus does not have/, 'CASE_UNKNOWN'],
];

/** The code a reason without one stands for, by its wording; null for a text we do not know. */
export function codeOfReason(reason: string | null | undefined): KnownReasonCode | null {
  if (!reason) return null;
  for (const [pattern, code] of reasonPatterns) if (pattern.test(reason)) return code;
  return null;
}

const pick = (text: LocalizedText, language: string) => (language.startsWith('en') ? text.en : text.de);

/**
 * The reason in the reader's language. `keyFor` may name an audience's own text for a code (the
 * clerk's review page words it for the clerk); kit.reasons.<CODE> is the common one.
 */
export function syncReasonText(
  i18n: LooseTranslator, language: string, input: SyncReasonInput, keyFor?: (code: string) => string | null,
): SyncReasonText | null {
  const message = input.message ?? localizedMessageOf(input.details);
  const reason = input.reason?.trim() ? input.reason.trim() : null;
  const code = input.code?.trim() ? input.code.trim() : codeOfReason(reason);
  if (message) return { text: pick(message, language) };
  if (code) {
    const own = keyFor?.(code) ?? null;
    if (own && i18n.exists(own)) return { text: i18n.t(own) };
    if (isKnownReasonCode(code) && i18n.exists(reasonCodeKey(code))) return { text: i18n.t(reasonCodeKey(code)) };
    // A code this interface does not know: the server's text as it came, and the code to look it up.
    return reason ? { text: reason, lang: 'en', code } : { text: code, code };
  }
  // No code and no known wording: the kit's own text, German already.
  return reason ? { text: reason } : null;
}

/** One line for a table cell or a banner: "text (CODE)" where the code is shown. */
export function syncReasonLine(reason: SyncReasonText | null): string {
  if (!reason) return '';
  return reason.code && reason.code !== reason.text ? `${reason.text} (${reason.code})` : reason.text;
}
