/**
 * Folding of names for search: lower case, German umlauts transliterated (ä → ae, ß → ss),
 * other diacritics removed (é → e, ł → l). "Müller", "Mueller" and "MÜLLER" become "mueller".
 */
const specialLetters: Record<string, string> = {
  ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', ẞ: 'ss', æ: 'ae', œ: 'oe', ø: 'oe', å: 'aa',
  ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ŀ: 'l', ŧ: 't', ħ: 'h', ĳ: 'ij', ŉ: 'n',
};

export function foldName(text: string): string {
  const lower = text.toLowerCase();
  let out = '';
  for (const char of lower) out += specialLetters[char] ?? char;
  return out.normalize('NFD').replace(/\p{M}/gu, '').replace(/[^a-z0-9\s'-]/g, ' ');
}

/** The search tokens of a name: folded parts split at spaces, hyphens and apostrophes. */
export function nameTokens(text: string): string[] {
  return foldName(text).split(/[\s'-]+/).filter((part) => part.length > 0);
}
