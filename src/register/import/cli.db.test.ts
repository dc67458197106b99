import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../../audit/schema.ts';
import { runCli, type CliRun } from '../../cli/testing.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { persons } from '../schema.ts';
import type { ImportReport } from './import-json-lines.ts';
import { aPersonRecord } from './testing.ts';

/** Runs the real CLI on an embedded database in a temporary DATA_DIR. */
const cli = (dataDir: string, args: string[]): Promise<CliRun> => runCli(dataDir, args);

describe('buergerkoffer register import (CLI)', () => {
  let dir: string;
  let dataDir: string;
  let file: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bk-register-import-cli-'));
    dataDir = join(dir, 'data');
    file = join(dir, 'einwohner.jsonl');
    writeFileSync(file, [
      JSON.stringify(aPersonRecord({ ref: 'P-1' })),
      JSON.stringify(aPersonRecord({ ref: 'P-2', familyName: 'Nguyễn', documents: [] })),
      JSON.stringify(aPersonRecord({ ref: 'P-3', givenNames: ['Jürgen2'], preferredGivenName: 0, documents: [] })),
      '{ broken',
    ].join('\n') + '\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says how to start when the database has no municipality', async () => {
    const run = await cli(dataDir, ['register', 'import', file]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('Error (MUNICIPALITY_NONE)');
  }, 60_000);

  it('checks without keeping anything on --dry-run', async () => {
    const run = await cli(dataDir, ['register', 'import', file, '--municipality', '05911000', '--create-municipality', 'Bochum', '--dry-run']);
    expect(run.stdout).toContain('Dry run (nothing was kept) into Bochum (05911000): 4 line(s) read, 2 created, 0 updated, 0 unchanged, 2 rejected.');
    expect(run.code).toBe(1);
  }, 60_000);

  it('imports, prints the summary and the rejected lines, writes the report and exits 1', async () => {
    const reportFile = join(dir, 'bericht.json');
    const run = await cli(dataDir, ['register', 'import', file, '--municipality', '05911000', '--create-municipality', 'Bochum', '--report', reportFile, '--purpose', 'Übernahme']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Import into Bochum (05911000): 4 line(s) read, 2 created, 0 updated, 0 unchanged, 2 rejected.');
    expect(run.stdout).toContain('  line 3 (ref P-3):\n    givenNames[0]: character "2" (U+0032) at position 7 is not allowed');
    expect(run.stdout).toContain('  line 4:\n    The line is not valid JSON');
    // Not a terminal: plain progress lines on stderr, no bar.
    expect(run.stderr).toContain('Importing: 100 % (4/4)');
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ImportReport;
    expect(report).toMatchObject({ lines: 4, created: 2, rejected: [{ line: 3, ref: 'P-3' }, { line: 4 }] });
  }, 60_000);

  it('changes nothing on a second run', async () => {
    const run = await cli(dataDir, ['register', 'import', file]);
    expect(run.stdout).toContain('4 line(s) read, 0 created, 0 updated, 2 unchanged, 2 rejected.');

    const database = await openDatabase({ pgliteDir: join(dataDir, 'pglite') });
    try {
      const rows = await database.db.select({ ref: persons.sourceKey }).from(persons);
      expect(rows.map((r) => r.ref).sort()).toEqual(['P-1', 'P-2']);
      const entries = await database.db.select().from(auditEntries).where(eq(auditEntries.action, 'register.import'));
      expect(entries.map((e) => [e.actorName.startsWith('cli:'), e.details])).toEqual([
        [true, { created: 2, updated: 0, unchanged: 0 }],
        [true, { created: 0, updated: 0, unchanged: 2 }],
      ]);
    } finally {
      await database.close();
    }
  }, 60_000);

  it('refuses a file that does not exist', async () => {
    const run = await cli(dataDir, ['register', 'import', join(dir, 'fehlt.jsonl')]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('Error (IMPORT_FILE_MISSING): The file');
  }, 60_000);
});
