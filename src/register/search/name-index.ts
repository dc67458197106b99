import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { koelnerPhonetik } from '../names/koelner-phonetik.ts';
import { nameTokens } from '../names/normalize.ts';
import { intArray, textArray } from './sql-arrays.ts';

/**
 * Roles of a name token in person_name_token: f = Familienname, g = Vorname,
 * b = Geburtsname, o = früherer, Ordens- oder Künstlername.
 */
export type NameRole = 'f' | 'g' | 'b' | 'o';

export interface IndexedNames {
  familyName: string;
  givenNames: string[];
  birthName?: string | null;
  formerNames?: { familyName: string }[];
  religiousName?: string | null;
  artistName?: string | null;
}

export interface PersonNameTokenRow {
  municipalityId: string;
  personId: string;
  token: string;
  role: NameRole;
}

/**
 * The rows of person_name_token for one person, one per distinct (token, role). `tokenize` is
 * nameTokens; the search passes a memoized one when it ranks thousands of persons.
 */
export function personNameTokenRows(
  municipalityId: string, personId: string, names: IndexedNames, tokenize: (text: string) => string[] = nameTokens,
): PersonNameTokenRow[] {
  const parts: [NameRole, string | null | undefined][] = [
    ['f', names.familyName],
    ...names.givenNames.map((given): [NameRole, string] => ['g', given]),
    ['b', names.birthName],
    ...(names.formerNames ?? []).map((former): [NameRole, string] => ['o', former.familyName]),
    ['o', names.religiousName],
    ['o', names.artistName],
  ];
  const seen = new Set<string>();
  const rows: PersonNameTokenRow[] = [];
  for (const [role, text] of parts) {
    if (!text) continue;
    for (const token of tokenize(text)) {
      const key = `${role}:${token}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({ municipalityId, personId, token, role });
    }
  }
  return rows;
}

/** persons.search_name: the folded given names followed by the family name, single-spaced. */
export function searchNameOf(names: Pick<IndexedNames, 'familyName' | 'givenNames'>): string {
  return nameTokens([...names.givenNames, names.familyName].join(' ')).join(' ');
}

/**
 * Adds tokens to the municipality's name lexicon (the table the fuzzy matching runs on):
 * new tokens are inserted with their Kölner Phonetik code, known ones have their
 * occurrence count raised by how often they appear in `tokens`.
 * One statement per call, whatever the batch size: the tokens travel as three array
 * parameters, so a bulk import of thousands of tokens costs one round trip.
 */
export async function updateNameLexicon(tx: Db, municipalityId: string, tokens: string[]): Promise<void> {
  const counts = new Map<string, number>();
  for (const token of tokens) {
    if (token.length > 0) counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  if (counts.size === 0) return;
  // A fixed order makes concurrent imports lock the same rows in the same order (no deadlocks).
  const sorted = [...counts.keys()].sort();
  await tx.execute(sql`
    INSERT INTO name_lexicon (municipality_id, token, phonetic, occurrences)
    SELECT ${municipalityId}::uuid, u.token, u.phonetic, u.occurrences
    FROM unnest(${textArray(sorted)}::text[], ${textArray(sorted.map(koelnerPhonetik))}::text[], ${intArray(sorted.map((t) => counts.get(t) ?? 0))}::int[])
      AS u(token, phonetic, occurrences)
    ON CONFLICT (municipality_id, token) DO UPDATE SET occurrences = name_lexicon.occurrences + excluded.occurrences`);
}
