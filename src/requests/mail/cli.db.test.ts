import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../../cli/testing.ts';
import { migrateDatabase, openDatabase } from '../../platform/db/database.ts';
import { startTestImapServer, type TestImapServer } from '../../platform/mail/testing.ts';
import { ensureMunicipality } from '../../platform/tenancy/municipalities.ts';
import { postfixBounce } from './bounce-testing.ts';
import { composeMail } from './testing.ts';

describe('buergerkoffer mail poll', { timeout: 120_000 }, () => {
  let dataDir: string;
  let imap: TestImapServer;
  const cli = (env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliRun> =>
    runCli(dataDir, ['mail', 'poll', ...args], { env: { NODE_ENV: 'development', LOG_LEVEL: undefined, SMTP_URL: undefined, ...env } });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bk-mail-cli-'));
    imap = await startTestImapServer();
    // The CLI runs on the embedded database under DATA_DIR, also when other db tests run on PostgreSQL.
    const database = await openDatabase({ pgliteDir: join(dataDir, 'pglite') });
    try {
      await migrateDatabase(database);
      await ensureMunicipality(database.db, '05911000', 'Bochum');
    } finally {
      await database.close();
    }
  }, 120_000);
  afterAll(async () => {
    await imap?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the counts, and nothing new the second time', async () => {
    await imap.append(await composeMail({ from: 'Petra K. <petra@example.org>', subject: 'Hausbesuch für meine Mutter', text: 'Bitte kommen Sie.' }));
    // A bounce of a mail this database never sent: kept for the dispatcher, no request.
    const lost = await composeMail({ from: 'buergerbuero@bochum.example', to: 'alt@example.net', subject: 'Alt', messageId: '<alt.1@bochum.example>', text: 'x' });
    await imap.append(postfixBounce({ original: lost, recipient: 'alt@example.net' }));
    const first = await cli({ IMAP_URL: imap.url });
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe('2 new mails, 1 draft request created, 0 linked to existing requests, 1 bounce recorded, no request made (GET /api/mail/inbound?status=bounced).\n');
    expect(first.code).toBe(0);
    const again = await cli({ IMAP_URL: imap.url }, '--json');
    expect(JSON.parse(again.stdout)).toEqual({ fetched: 0, created: 0, linked: 0, bounced: 0, ignored: 0, failed: 0 });
  });

  it('says what to set when IMAP_URL is missing', async () => {
    const off = await cli({ IMAP_URL: undefined });
    expect(off.code).toBe(2);
    expect(off.stderr).toMatch(/MAIL_INTAKE_OFF.*IMAP_URL/);
  });
});
