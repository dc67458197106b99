// Printing an issued document on a real CUPS queue (Debian's cupsd on loopback) through the
// document route, as the kit does after a service at the bedside.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../cases/case-view.types.ts';
import { printerFromUrl } from '../devices/ipp-printer.ts';
import { createSimulatedDevicePorts } from '../devices/simulators.ts';
import { cupsMissing, startTestCups, type TestCups, type TestQueue } from '../devices/testing/cups.ts';
import { createTestUser, testSessionHeaders } from '../identity/testing.ts';
import { startTestServer, type TestServer } from '../platform/http/testing.ts';
import { aPersonRecord } from '../register/import/testing.ts';
import { writePersonRecords } from '../register/import/write-records.ts';
import { persons } from '../register/schema.ts';

const missing = cupsMissing();

describe.skipIf(missing && !process.env.CI)('printing an issued document on CUPS', () => {
  let server: TestServer;
  let cups: TestCups;
  let queue: TestQueue;
  let headers: Record<string, string>;

  beforeAll(async () => {
    cups = await startTestCups();
    queue = await cups.addQueue('kit', { kind: 'pdf' });
    server = await startTestServer({ now: new Date('2026-12-08T09:00:00Z') });
    server.ctx.devices = { ...createSimulatedDevicePorts(), printer: printerFromUrl(queue.url) };
    await writePersonRecords(server.ctx, { kind: 'system', name: 'test', municipalityId: server.municipalityId }, server.municipalityId, [aPersonRecord({ ref: 'erna', familyName: 'Kowalski' })]);
    const user = await createTestUser(server.ctx, server.municipalityId, { roles: ['field_officer'] });
    headers = await testSessionHeaders(server.ctx, user, server.municipalityId);
  }, 60_000);
  afterAll(async () => {
    await server?.app.close();
    await server?.database.close();
    await cups?.stop();
  });

  const ok = async (method: 'POST' | 'PATCH', url: string, payload: Record<string, unknown>) => {
    const response = await server.app.inject({ method, url, headers, payload });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    return response.json<CaseView>();
  };

  it('prints the Meldebescheinigung, and the queue received that PDF', async () => {
    const [person] = await server.database.db.select().from(persons);
    let kase = await ok('POST', '/api/cases', { serviceId: 'meldebescheinigung', personId: person!.id, applicant: { kind: 'self' } });
    kase = await ok('PATCH', `/api/cases/${kase.id}`, { version: kase.version, data: { kind: 'simple', extendedFields: [], authorisationChecked: false, purpose: 'general', purposeDetail: '' } });
    kase = await ok('POST', `/api/cases/${kase.id}/capture`, { version: kase.version });
    kase = await ok('POST', `/api/cases/${kase.id}/payments`, { method: 'cash', amountCents: kase.outstandingCents });
    kase = await ok('POST', `/api/cases/${kase.id}/complete`, { version: kase.version });
    const certificate = kase.documents.find((d) => d.kind === 'meldebescheinigung');
    expect(certificate).toBeDefined();

    await queue.clearOutput();
    const printed = await server.app.inject({ method: 'POST', url: `/api/documents/${certificate!.id}/print`, headers, payload: {} });
    expect(printed.statusCode, printed.body).toBe(200);
    expect(printed.json()).toMatchObject({ state: 'completed' });
    const text = execFileSync('pdftotext', ['-', '-'], { input: await queue.readOutput() }).toString('utf8');
    expect(text).toContain('Meldebescheinigung');
    expect(text).toContain('Kowalski');
  });
});
