/**
 * Names as they will be printed on the card or passport. PAuswV Anhang 3 (and PassV Anlage) give
 * each data field a number of lines and characters; a name that does not fit even in the smallest
 * type is shortened, and the order says so (`truncated`), so the clerk can tell the holder.
 */
import type { MessagePersonNames } from '../../../exchange/messages.ts';

/**
 * ⚠ Characters per field at the smallest type size, taken as 2 lines × 26 characters for each name
 * field (Familienname with Geburtsname, Vornamen). Not verified against PAuswV Anhang 3 / the
 * TR-03123 XhD profile: correct the numbers here if the Bundesdruckerei's profile differs.
 */
export const FAMILY_NAME_LINE_LIMIT = 52;
/** ⚠ See FAMILY_NAME_LINE_LIMIT. */
export const BIRTH_NAME_LINE_LIMIT = 52;
/** ⚠ See FAMILY_NAME_LINE_LIMIT. */
export const GIVEN_NAMES_LINE_LIMIT = 52;

export interface PrintedNames {
  familyNameLine: string;
  birthNameLine: string | null;
  givenNamesLine: string;
  truncated: boolean;
}

function cut(text: string, limit: number): { text: string; cut: boolean } {
  const chars = [...text];
  return chars.length <= limit ? { text, cut: false } : { text: chars.slice(0, limit).join('').trimEnd(), cut: true };
}

/**
 * Given names are dropped whole from the end (the gebräuchlicher Vorname is kept) before any name is
 * cut; family and birth names are cut at the limit. The Doktorgrad is printed in its own field.
 */
export function printedNames(names: Pick<MessagePersonNames, 'familyName' | 'birthName' | 'givenNames' | 'preferredGivenName'>): PrintedNames {
  const family = cut(names.familyName, FAMILY_NAME_LINE_LIMIT);
  const birth = names.birthName && names.birthName !== names.familyName ? cut(names.birthName, BIRTH_NAME_LINE_LIMIT) : null;

  const kept = names.givenNames.map((name, index) => ({ name, index }));
  const length = () => [...kept.map((k) => k.name).join(' ')].length;
  let dropped = false;
  while (kept.length > 1 && length() > GIVEN_NAMES_LINE_LIMIT) {
    // The last name that is not the gebräuchlicher Vorname goes first.
    let at = kept.length - 1;
    if (kept[at]!.index === names.preferredGivenName) at -= 1;
    kept.splice(at, 1);
    dropped = true;
  }
  const given = cut(kept.map((k) => k.name).join(' '), GIVEN_NAMES_LINE_LIMIT);
  return {
    familyNameLine: family.text,
    birthNameLine: birth ? birth.text : null,
    givenNamesLine: given.text,
    truncated: family.cut || (birth?.cut ?? false) || dropped || given.cut,
  };
}
