import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/testing.ts';
import { auditEntries } from '../../audit/schema.ts';
import { migrateDatabase, openDatabase } from '../../platform/db/database.ts';
import { ensureMunicipality } from '../../platform/tenancy/municipalities.ts';
import { insertTestPerson } from './testing.ts';

const cli = (dataDir: string, args: string[]) => runCli(dataDir, args);

describe('buergerkoffer register search (CLI)', () => {
  let dataDir: string;
  let hansId: string;
  let blockedId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bk-search-cli-'));
    const database = await openDatabase({ pgliteDir: join(dataDir, 'pglite') });
    await migrateDatabase(database);
    const { id } = await ensureMunicipality(database.db, '05911000', 'Bochum');
    hansId = await insertTestPerson(database.db, id, {
      familyName: 'Müller', givenNames: ['Hans'], birthDate: '1950-06-17', sex: 'm', address: { street: 'Hauptstraße', houseNumber: '12' },
    });
    await insertTestPerson(database.db, id, { familyName: 'Müller', givenNames: ['Grete'], birthDate: '1952', sex: 'w' });
    blockedId = await insertTestPerson(database.db, id, {
      familyName: 'Möller', givenNames: ['Ute'], birthDate: '1931', sex: 'w', blocks: [{ kind: 'auskunftssperre', validFrom: '2020-01-01' }],
    });
    await database.close();
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints the hits as JSON and logs the search under the operator\'s name', async () => {
    const run = await cli(dataDir, ['register', 'search', 'Hans Mueler', '--birth-date', '17.06.1950', '--json', '--purpose', 'AZ 7']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      hits: [{
        personId: hansId, familyName: 'Müller', givenNames: ['Hans'], preferredGivenName: null, doctoralDegree: null,
        birthDate: '1950-06-17', sex: 'm', dateOfDeath: null,
        address: { street: 'Hauptstraße', houseNumber: '12', postcode: '44787', city: 'Bochum' },
        score: expect.any(Number), blocked: null,
      }],
    });

    const database = await openDatabase({ pgliteDir: join(dataDir, 'pglite') });
    try {
      const entries = await database.db.select().from(auditEntries);
      expect(entries).toMatchObject([{
        action: 'register.search', actorName: `cli:${userInfo().username}`, actorRoles: ['system'], personIds: [hansId], purpose: 'AZ 7',
        details: { name: 'Hans Mueler', birthDate: '17.06.1950', address: null },
      }]);
    } finally {
      await database.close();
    }
  }, 60_000);

  it('prints a table, with blocked persons marked (the operator may see them)', async () => {
    const run = await cli(dataDir, ['register', 'search', 'Müller', '--limit', '5']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('3 hit(s) in Bochum (05911000)');
    expect(lines[1]).toMatch(/^SCORE +NAME +BORN +ADDRESS +NOTE +ID$/);
    expect(run.stdout).toMatch(/Müller, Hans +1950-06-17 +Hauptstraße 12, 44787 Bochum/);
    expect(run.stdout).toMatch(new RegExp(`Möller, Ute +1931 +— +SPERRE: auskunftssperre +${blockedId}`));
  }, 60_000);

  it('reports a bad birth date with an error code and exit status 2', async () => {
    const run = await cli(dataDir, ['register', 'search', 'Müller', '--birth-date', '31.02.1950']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Error (SEARCH_BIRTH_DATE_INVALID)');
    expect(run.stdout).toBe('');
  }, 60_000);
});
