import { describe, expect, it } from 'vitest';
import { isLocalizedText, localizedMessageOf } from './localized-text.ts';

describe('an AppError\'s own translation', () => {
  it.each([
    ['details.message', { message: { de: 'Bitte zuerst speichern.', en: 'Save first.' } }, { de: 'Bitte zuerst speichern.', en: 'Save first.' }],
    ['the violations of CASE_VIOLATIONS, joined', { violations: [
      { code: 'A', message: { de: 'Eins.', en: 'One.' } }, { code: 'B' }, { code: 'C', message: { de: 'Zwei.', en: 'Two.' } },
    ] }, { de: 'Eins. Zwei.', en: 'One. Two.' }],
    ['an English-only message', { message: 'Save first.' }, null],
    ['a German-only translation', { de: 'Nur Deutsch.' }, null],
    ['no details', null, null],
  ] as const)('from %s', (_name, details, expected) => {
    expect(localizedMessageOf(details as Record<string, unknown> | null)).toEqual(expected);
  });

  it('needs both languages', () => {
    expect(isLocalizedText({ de: 'a', en: 'b' })).toBe(true);
    expect(isLocalizedText({ de: 'a' })).toBe(false);
    expect(isLocalizedText('a')).toBe(false);
  });
});
