import { foldName } from './normalize.ts';

/**
 * Kölner Phonetik (Postel 1969): a phonetic code for German names, so that
 * Meier, Mayer, Maier and Meyer all become "67". Input is folded first (ä → ae, ß → ss).
 */
export function koelnerPhonetik(name: string): string {
  const letters = foldName(name).replace(/[^a-z]/g, '');
  let raw = '';
  for (let i = 0; i < letters.length; i += 1) {
    raw += codeOf(letters, i);
  }
  // Collapse repeated codes, then drop vowels (0) except at the start.
  let collapsed = '';
  for (const digit of raw) {
    if (collapsed.at(-1) !== digit) collapsed += digit;
  }
  return collapsed.length === 0 ? '' : collapsed[0] + collapsed.slice(1).replaceAll('0', '');
}

function codeOf(letters: string, i: number): string {
  const c = letters[i] ?? '';
  const prev = letters[i - 1] ?? '';
  const next = letters[i + 1] ?? '';
  switch (c) {
    case 'a': case 'e': case 'i': case 'j': case 'o': case 'u': case 'y':
      return '0';
    case 'h':
      return '';
    case 'b':
      return '1';
    case 'p':
      return next === 'h' ? '3' : '1';
    case 'd': case 't':
      return 'csz'.includes(next) && next !== '' ? '8' : '2';
    case 'f': case 'v': case 'w':
      return '3';
    case 'g': case 'k': case 'q':
      return '4';
    case 'c':
      if (i === 0) return next !== '' && 'ahkloqrux'.includes(next) ? '4' : '8';
      if (prev === 's' || prev === 'z') return '8';
      return next !== '' && 'ahkoqux'.includes(next) ? '4' : '8';
    case 'x':
      return prev !== '' && 'ckq'.includes(prev) ? '8' : '48';
    case 'l':
      return '5';
    case 'm': case 'n':
      return '6';
    case 'r':
      return '7';
    case 's': case 'z':
      return '8';
    default:
      return '';
  }
}
