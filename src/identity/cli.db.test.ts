import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../cli/testing.ts';
import { migrateDatabase, openDatabase } from '../platform/db/database.ts';
import { ensureMunicipality } from '../platform/tenancy/municipalities.ts';
import { verifyPassword } from './passwords.ts';
import { staffUsers } from './schema.ts';

/** Runs the real CLI on an embedded database in a temporary DATA_DIR. */
const cli = (dataDir: string, args: string[], stdin = ''): Promise<CliRun> => runCli(dataDir, args, { stdin });

describe('buergerkoffer user (CLI)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bk-identity-cli-'));
    const database = await openDatabase({ pgliteDir: join(dataDir, 'pglite') });
    await migrateDatabase(database);
    await ensureMunicipality(database.db, '05911000', 'Bochum');
    await database.close();
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('adds a user with the password from stdin and prints it', async () => {
    const run = await cli(dataDir, ['user', 'add', 'A.Schmidt', '--role', 'admin', 'clerk', '--name', 'Anna Schmidt', '--email', 'anna.schmidt@bochum.de', '--password-stdin'],
      'a passphrase from a pipe\n');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Created staff user a.schmidt in Bochum (05911000).');
    expect(run.stdout).toMatch(/roles: +admin, clerk/);
    expect(run.stdout).toMatch(/email: +anna\.schmidt@bochum\.de/);
    expect(run.stdout).not.toContain('passphrase');

    const list = await cli(dataDir, ['user', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/a\.schmidt +Anna Schmidt +admin,clerk +no +active/);

    // The trailing newline of the pipe is not part of the password.
    const database = await openDatabase({ pgliteDir: join(dataDir, 'pglite') });
    try {
      const [row] = await database.db.select().from(staffUsers).where(eq(staffUsers.username, 'a.schmidt'));
      expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(row?.passwordHash ?? '', 'a passphrase from a pipe')).toBe(true);
    } finally {
      await database.close();
    }
  }, 60_000);

  it.each([
    ['a taken username', ['user', 'add', 'a.schmidt', '--role', 'clerk', '--password-stdin'], 'another long passphrase', 'USERNAME_TAKEN'],
    ['a short password', ['user', 'add', 'b.meier', '--role', 'clerk', '--password-stdin'], 'short\n', 'PASSWORD_POLICY'],
    ['no password source without a terminal', ['user', 'add', 'c.wolf', '--role', 'clerk'], '', 'PASSWORD_INPUT_REQUIRED'],
    ['an unknown municipality', ['user', 'add', 'd.kurz', '--role', 'clerk', '--municipality', '05913000', '--password-stdin'], 'another long passphrase', 'MUNICIPALITY_UNKNOWN'],
  ])('refuses %s with a clear error', async (_label, args, stdin, code) => {
    const run = await cli(dataDir, args, stdin);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Error (${code})`);
  }, 60_000);

  it('refuses an unknown role and names the valid ones', async () => {
    const run = await cli(dataDir, ['user', 'add', 'e.berg', '--role', 'superuser', '--password-stdin'], 'another long passphrase');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/superuser.*admin.*dispatcher.*field_officer.*clerk.*auditor/s);
  }, 60_000);

  it('explains itself with --help', async () => {
    const run = await cli(dataDir, ['user', 'add', '--help']);
    expect(run.code).toBe(0);
    for (const text of ['--role <role...>', '--password-stdin', '--municipality <AGS>', '--name', '--email', 'at least 12 characters', 'Examples:']) {
      expect(run.stdout).toContain(text);
    }
    const list = await cli(dataDir, ['user', 'list', '--help']);
    expect(list.stdout).toContain('--municipality <AGS>');
  }, 60_000);
});
