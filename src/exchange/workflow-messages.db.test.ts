import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalausweisWorkflow, reisepassWorkflow } from '../cases/workflows/id-documents/index.ts';
import { capturedData, caseFacts, completionContext } from '../cases/workflows/id-documents/testing.ts';
import type { Database } from '../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../platform/db/testing.ts';
import type { IdOrderPayload, OutboundPayload } from './messages.ts';
import { renderMessage } from './render.ts';
import { addAttachment, createCompletedCase, pngBytes } from './testing.ts';

/*
 * The ID order exactly as the real workflows build it (their own fixtures), rendered and validated
 * against our XSD: the contract between the workflows and the outbox, checked from both sides.
 */
const xsd = join(dirname(fileURLToPath(import.meta.url)), 'schemas', 'ausweisauftrag.xsd');

function validates(content: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'bk-wf-'));
  try {
    writeFileSync(join(dir, 'order.xml'), content);
    const run = spawnSync('xmllint', ['--nonet', '--noout', '--schema', xsd, join(dir, 'order.xml')], { encoding: 'utf8' });
    if (run.error) throw new Error(`xmllint could not run (apt-get install libxml2-utils): ${run.error.message}`);
    return `${run.stdout}${run.stderr}`.replace(dir, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('ID orders of the real workflows', () => {
  let database: Database;
  let municipalityId: string;
  let ids: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
    const kase = await createCompletedCase(database.db, municipalityId);
    // The fixtures' attachment ids, mapped to stored attachments.
    ids = {
      'att-photo': await addAttachment(database.db, municipalityId, kase.id, 'photo', pngBytes('photo')),
      'att-fp-1': await addAttachment(database.db, municipalityId, kase.id, 'fingerprint', pngBytes('fp1')),
      'att-fp-2': await addAttachment(database.db, municipalityId, kase.id, 'fingerprint', pngBytes('fp2')),
      'att-sig': await addAttachment(database.db, municipalityId, kase.id, 'signature', pngBytes('sig')),
    };
  });
  afterAll(async () => {
    await database.close();
  });

  const withStoredAttachments = (payload: OutboundPayload): OutboundPayload =>
    JSON.parse(JSON.stringify(payload), (_key, value: unknown) => (typeof value === 'string' && value in ids ? ids[value] : value)) as OutboundPayload;

  it.each([
    ['Personalausweis, pickup', () => personalausweisWorkflow.complete(capturedData('personalausweis'), caseFacts(), completionContext('personalausweis'))],
    ['Reisepass, 48 pages, postal delivery to another address', () => reisepassWorkflow.complete(capturedData('reisepass', {
      passport: { pages: '48', express: true },
      delivery: { kind: 'postal', recipientName: 'Hildegard Krüger', address: { street: 'Hauptstraße', houseNumber: '7', addition: null, postcode: '10115', city: 'Berlin' } },
    }), caseFacts(), completionContext('reisepass'))],
  ])('%s: renders and validates against ausweisauftrag.xsd', async (_label, complete) => {
    const effects = complete();
    const order = effects.messages.find((m) => m.payload.kind === 'id_order');
    expect(order, 'the workflow sends an ID order').toBeDefined();
    const payload = withStoredAttachments(order!.payload) as IdOrderPayload;
    const rendered = await renderMessage(database.db, payload, { messageId: 'c0ffee00-0000-4000-8000-000000000001', municipalityId, createdAt: '2026-03-02T10:15:00.000Z' });
    expect(validates(rendered.content)).toContain('validates');
  });
});
