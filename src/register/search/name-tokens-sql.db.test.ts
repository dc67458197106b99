import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { createTestDatabase } from '../../platform/db/testing.ts';
import { foldName } from '../names/normalize.ts';
import { personNameTokenRows, searchNameOf, type IndexedNames } from './name-index.ts';
import { queryRows } from './sql-arrays.ts';

/*
 * The search index computes a person's tokens in SQL (bk_person_name_tokens, migration 0005),
 * the lexicon and the queries in TypeScript (foldName, personNameTokenRows). They must agree,
 * or a Geburtsname with an unusual letter could not be found.
 */
describe('bk_fold_name and bk_person_name_tokens agree with foldName and personNameTokenRows', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('folds every Latin letter (Latin-1 to Latin Extended Additional) and combining mark as foldName does', async () => {
    const samples: string[] = [];
    for (const [from, to] of [[0xc0, 0x24f], [0x1e00, 0x1eff], [0x300, 0x36f]] as const) {
      for (let cp = from; cp <= to; cp += 1) samples.push(`x${String.fromCodePoint(cp)}y`);
    }
    const rows = await queryRows<{ sample: string; tokens: string[] }>(database.db, sql`
      SELECT s.sample, array_remove(regexp_split_to_array(bk_fold_name(s.sample), '[^a-z0-9]+'), '') AS tokens
      FROM unnest(${sql.param(samples)}::text[]) AS s(sample)`);
    const mismatches = rows
      .map((row) => ({ sample: row.sample, sql: row.tokens.join(' '), js: foldName(row.sample).split(/[\s'-]+/).filter(Boolean).join(' ') }))
      .filter((r) => r.sql !== r.js);
    expect(mismatches).toEqual([]);
    expect(rows).toHaveLength(samples.length);
  });

  it.each<IndexedNames>([
    { familyName: 'Schulz', givenNames: ['Eva'], birthName: 'Müller-Lüdenscheidt' },
    { familyName: 'Nowak', givenNames: ['Łukasz', 'Jan'], birthName: "D'Angelo", formerNames: [{ familyName: 'Øster-Ström' }, { familyName: 'Weiß' }] },
    { familyName: 'Nguyễn', givenNames: ['Thị'], religiousName: 'Schwester Maria Ǆurđa', artistName: 'İnce Çelik' },
    { familyName: 'Meier', givenNames: ['Hans'] },
  ])('tokens of $familyName, $givenNames', async (names) => {
    const [row] = await queryRows<{ tokens: string[] }>(database.db, sql`
      SELECT bk_person_name_tokens(${searchNameOf(names)}, ${names.birthName ?? null}, ${JSON.stringify(names.formerNames ?? [])}::jsonb,
        ${names.religiousName ?? null}, ${names.artistName ?? null}) AS tokens`);
    const expected = new Set(personNameTokenRows('m', 'p', names).map((r) => r.token));
    expect(new Set(row?.tokens)).toEqual(expected);
  });
});
