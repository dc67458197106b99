import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../../platform/db/testing.ts';
import { startJobs } from '../../platform/jobs.ts';
import { startTestImapServer, type TestImapServer } from '../../platform/mail/testing.ts';
import { testContext } from '../../platform/testing.ts';
import { inboundMails } from '../schema.ts';
import { mailIntakeQueue } from './jobs.ts';
import { composeMail } from './testing.ts';

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the mail-inbox-poll job', () => {
  let database: Database;
  let imap: TestImapServer;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    [database, imap] = await Promise.all([createTestDatabase(), startTestImapServer()]);
    await testMunicipality(database);
  }, 60_000);
  afterAll(async () => {
    await stop?.();
    await imap?.stop();
    await database?.close();
  });

  const stored = async () => (await database.db.select({ id: inboundMails.id }).from(inboundMails)).length;

  it('is not queued without IMAP_URL', async () => {
    const off = testContext(database, { config: { imapUrl: undefined } });
    const stopOff = await startJobs(off, { pollingIntervalSeconds: 0.5 });
    await stopOff();
    const rows = await database.db.execute(sql`select count(*)::int as n from pgboss.queue where name = ${mailIntakeQueue}`);
    const [row] = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { n: number }[];
    expect(row?.n).toBe(0);
  });

  it('polls at start and again every IMAP_POLL_SECONDS', async () => {
    await imap.append(await composeMail({ from: 'erste@example.org', subject: 'Erste', text: 'Hallo' }));
    const ctx = testContext(database, { config: { imapUrl: imap.url, imapPollSeconds: 1 } });
    stop = await startJobs(ctx, { pollingIntervalSeconds: 0.5, mailIntake: { pollingIntervalSeconds: 0.5 } });
    await until(async () => (await stored()) === 1, 20_000);
    await imap.append(await composeMail({ from: 'zweite@example.org', subject: 'Zweite', text: 'Hallo' }));
    await until(async () => (await stored()) === 2, 20_000);
    await imap.append(await composeMail({ from: 'dritte@example.org', subject: 'Dritte', text: 'Hallo' }));
    await until(async () => (await stored()) === 3, 20_000);
  }, 90_000);
});
