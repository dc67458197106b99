import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../../platform/db/testing.ts';
import { nameLexicon } from '../schema.ts';
import { updateNameLexicon } from './name-index.ts';

describe('updateNameLexicon', () => {
  let database: Database;
  let municipalityId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
  });
  afterAll(() => database.close());

  const lexicon = () => database.db.select({ token: nameLexicon.token, phonetic: nameLexicon.phonetic, occurrences: nameLexicon.occurrences })
    .from(nameLexicon).where(eq(nameLexicon.municipalityId, municipalityId)).orderBy(asc(nameLexicon.token));

  it('inserts new tokens with their phonetic code and counts repeats', async () => {
    await updateNameLexicon(database.db, municipalityId, ['mueller', 'hans', 'mueller', 'meier']);
    expect(await lexicon()).toEqual([
      { token: 'hans', phonetic: '068', occurrences: 1 },
      { token: 'meier', phonetic: '67', occurrences: 1 },
      { token: 'mueller', phonetic: '657', occurrences: 2 },
    ]);
  });

  it('raises the counts of known tokens and accepts quoting characters and empty batches', async () => {
    await updateNameLexicon(database.db, municipalityId, ['hans', 'o"brien\\x', 'meier', 'meier']);
    await updateNameLexicon(database.db, municipalityId, []);
    const rows = await lexicon();
    expect(rows.find((r) => r.token === 'hans')?.occurrences).toBe(2);
    expect(rows.find((r) => r.token === 'meier')?.occurrences).toBe(3);
    expect(rows.find((r) => r.token === 'o"brien\\x')?.occurrences).toBe(1);
  });

  it('writes a batch of thousands of tokens in one call', async () => {
    const tokens = Array.from({ length: 20_000 }, (_, i) => `name${i % 5000}`);
    await updateNameLexicon(database.db, municipalityId, tokens);
    const [row] = await database.db.select().from(nameLexicon)
      .where(and(eq(nameLexicon.municipalityId, municipalityId), eq(nameLexicon.token, 'name4999')));
    expect(row?.occurrences).toBe(4);
    expect((await lexicon()).length).toBe(5004);
  });
});
