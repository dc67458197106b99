import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../cli/testing.ts';
import { migrateDatabase, openDatabase } from '../platform/db/database.ts';
import { ensureMunicipality } from '../platform/tenancy/municipalities.ts';
import { enqueueMessages } from './enqueue.ts';
import type { OutboxList } from './outbox-view.types.ts';
import { bzrPayload, createCompletedCase, request } from './testing.ts';

// The CLI runs on the embedded database under DATA_DIR, also when other db tests run on PostgreSQL.
const cli = (dataDir: string, ...args: string[]): Promise<CliRun> => runCli(dataDir, args, { env: { NODE_ENV: 'development', LOG_LEVEL: undefined } });

describe('buergerkoffer outbox', { timeout: 120_000 }, () => {
  let dataDir: string;
  let messageId: string;
  let caseNumber: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bk-outbox-cli-'));
    const database = await openDatabase({ pgliteDir: join(dataDir, 'pglite') });
    try {
      await migrateDatabase(database);
      const { id } = await ensureMunicipality(database.db, '05911000', 'Bochum');
      const kase = await createCompletedCase(database.db, id, { serviceId: 'fuehrungszeugnis' });
      caseNumber = kase.number;
      const [message] = await enqueueMessages(database.db, {
        municipalityId: id, caseId: kase.id, caseNumber: kase.number, at: new Date(Date.now() - 60_000),
        requests: [request(bzrPayload(kase.number), 'Bundesamt für Justiz')],
      });
      messageId = message!.id;
    } finally {
      await database.close();
    }
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists, delivers into DATA_DIR/outbox, and lists again', async () => {
    const before = await cli(dataDir, 'outbox', 'list', '--json');
    expect(before.stderr).toBe('');
    const list = JSON.parse(before.stdout) as OutboxList;
    expect(list.messages).toEqual([expect.objectContaining({ id: messageId, status: 'pending', kind: 'bzr_application', caseNumber })]);

    const deliver = await cli(dataDir, 'outbox', 'deliver');
    expect(deliver.code).toBe(0);
    expect(deliver.stdout).toContain(`${messageId}  delivered  bzr_application/bzr_application_${caseNumber}_${messageId}.xml`);
    expect(existsSync(join(dataDir, 'outbox', 'bzr_application', `bzr_application_${caseNumber}_${messageId}.xml`))).toBe(true);

    const after = await cli(dataDir, 'outbox', 'list', '--status', 'delivered');
    expect(after.stdout).toMatch(new RegExp(`delivered\\s+bzr_application\\s+${caseNumber}\\s+Bundesamt für Justiz\\s+\\(1 attempt\\)`));
    const again = await cli(dataDir, 'outbox', 'deliver');
    expect(again.stdout).toContain('No message is due.');
  });

  it('names the allowed values of a wrong --status', async () => {
    const run = await cli(dataDir, 'outbox', 'list', '--status', 'lost');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('--status must be one of pending, sending, delivered, failed, rejected, cancelled');
  });
});
