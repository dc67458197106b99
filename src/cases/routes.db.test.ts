import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceIds } from '../catalogue/services.ts';
import { createTestUser, testSessionHeaders } from '../identity/testing.ts';
import type { Role } from '../identity/policies.ts';
import { startTestServer, type TestServer } from '../platform/http/testing.ts';
import { aPersonRecord } from '../register/import/testing.ts';
import { writePersonRecords } from '../register/import/write-records.ts';
import { persons } from '../register/schema.ts';
import type { CaseSummary, CaseView } from './case-view.types.ts';
import { createTestWorkflow, installTestWorkflows } from './testing/test-workflow.ts';
import { workflowOf } from './workflows/index.ts';

const now = new Date('2026-11-05T10:00:00Z');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7]);

describe('case API routes', () => {
  let server: TestServer;
  let restore: () => void;
  const ids: Record<string, string> = {};
  const users = new Map<Role, { id: string }>();

  const headers = async (role: Role) => testSessionHeaders(server.ctx, users.get(role)!, server.municipalityId);
  const call = async (role: Role, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
    const response = await server.app.inject({ method, url, headers: await headers(role), ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>(), raw: response };
  };
  const view = (body: Record<string, unknown>) => body as unknown as CaseView;

  beforeAll(async () => {
    server = await startTestServer({ now });
    for (const role of ['clerk', 'field_officer', 'dispatcher', 'admin', 'auditor'] as Role[]) {
      users.set(role, await createTestUser(server.ctx, server.municipalityId, { roles: [role] }));
    }
    await writePersonRecords(server.ctx, { kind: 'system', name: 'test', municipalityId: server.municipalityId }, server.municipalityId, [
      aPersonRecord({ ref: 'anna' }),
      aPersonRecord({ ref: 'bert', familyName: 'Brandt', givenNames: ['Bert'], preferredGivenName: null, documents: [],
        blocks: [{ kind: 'bedingter_sperrvermerk', reason: 'Pflegeheim', validFrom: '2024-01-01' }] }),
    ]);
    for (const row of await server.database.db.select({ id: persons.id, ref: persons.sourceKey }).from(persons)) if (row.ref) ids[row.ref] = row.id;
    restore = installTestWorkflows({
      personalausweis: createTestWorkflow('personalausweis', { handOver: true }),
      lebensbescheinigung: createTestWorkflow('lebensbescheinigung'),
    });
  });
  afterAll(async () => {
    restore();
    await server.app.close();
    await server.database.close();
  });

  it('GET /api/catalogue/services marks services with a workflow as available', async () => {
    const { status, body } = await call('dispatcher', 'GET', '/api/catalogue/services');
    expect(status).toBe(200);
    const services = body.services as { id: string; available: boolean; name: { de: string } }[];
    expect(services.map((s) => s.id)).toEqual([...serviceIds]);
    for (const service of services) expect(service.available).toBe(workflowOf(service.id as (typeof serviceIds)[number]) !== undefined);
    expect(services.find((s) => s.id === 'personalausweis')).toMatchObject({ available: true, name: { de: 'Personalausweis beantragen' } });
  });

  it('GET /api/catalogue/services/:id/form gives steps, hand-over form and device actions', async () => {
    const { status, body } = await call('field_officer', 'GET', '/api/catalogue/services/personalausweis/form');
    expect(status).toBe(200);
    expect(body).toMatchObject({ serviceId: 'personalausweis', steps: [{ id: 'main' }], handOver: [{ id: 'handover' }] });
    expect((body.deviceActions as { name: string }[]).map((a) => a.name)).toEqual(['photo', 'fingerprints', 'scan']);
    expect((await call('clerk', 'GET', '/api/catalogue/services/lebensbescheinigung/form')).body.handOver).toBeNull();
    expect((await call('clerk', 'GET', '/api/catalogue/services/nonsense/form')).status).toBe(404);
  });

  it('serves the form of every installed workflow (the response schema holds for all of them)', async () => {
    for (const id of serviceIds) {
      const workflow = workflowOf(id);
      const { status, body } = await call('clerk', 'GET', `/api/catalogue/services/${id}/form`);
      if (!workflow) {
        expect(status).toBe(404);
        continue;
      }
      expect(status, `${id}: ${JSON.stringify(body).slice(0, 300)}`).toBe(200);
      expect((body.steps as unknown[]).length).toBe(workflow.form.length);
      expect((body.deviceActions as { name: string }[]).map((a) => a.name)).toEqual(Object.keys(workflow.deviceActions ?? {}));
    }
  });

  it('runs an ID document case through the API, from opening to hand-over', async () => {
    const denied = await call('dispatcher', 'POST', '/api/cases', { serviceId: 'personalausweis', personId: ids.anna, applicant: { kind: 'self' } });
    expect(denied.status).toBe(403);
    const opened = await call('field_officer', 'POST', '/api/cases', { serviceId: 'personalausweis', personId: ids.anna, applicant: { kind: 'self' } });
    expect(opened.status).toBe(200);
    let kase = view(opened.body);
    expect(kase).toMatchObject({ state: 'draft', serviceName: { de: 'Personalausweis beantragen' }, person: { familyName: 'Kowalski' } });
    const path = `/api/cases/${kase.id}`;

    // Dispatchers read, but do not change.
    expect((await call('dispatcher', 'GET', path)).status).toBe(200);
    expect((await call('dispatcher', 'PATCH', path, { version: kase.version, data: {} })).status).toBe(403);

    const invalid = await call('field_officer', 'POST', `${path}/capture`, { version: kase.version });
    expect(invalid.status).toBe(422);
    const error = invalid.body.error as { code: string; details: { violations: { code: string; field: string; message: { de: string; en: string } }[] } };
    expect(error.code).toBe('CASE_VIOLATIONS');
    expect(error.details.violations).toEqual([expect.objectContaining({ code: 'HINT_NOT_ACKNOWLEDGED', field: 'hintAcknowledged', message: { de: expect.any(String), en: expect.any(String) } })]);

    const device = await call('field_officer', 'POST', `${path}/devices/fingerprints`, { version: kase.version });
    expect(device.status).toBe(200);
    kase = view(device.body);
    expect(kase.attachments.map((a) => a.kind)).toEqual(['fingerprint', 'fingerprint']);

    const stale = await call('field_officer', 'PATCH', path, { version: kase.version - 1, data: { hintAcknowledged: true } });
    expect([stale.status, (stale.body.error as { code: string }).code]).toEqual([409, 'CASE_VERSION_CONFLICT']);
    expect((await call('field_officer', 'PATCH', path, { version: kase.version, data: { hintAcknowledged: true } })).status).toBe(200);

    const upload = await server.app.inject({
      method: 'POST', url: `${path}/attachments?kind=signature`, headers: { ...(await headers('field_officer')), 'content-type': 'image/png' }, payload: png,
    });
    expect(upload.statusCode).toBe(200);
    const attachment = upload.json<{ id: string; kind: string; mediaType: string }>();
    expect(attachment).toMatchObject({ kind: 'signature', mediaType: 'image/png' });
    const wrongType = await server.app.inject({
      method: 'POST', url: `${path}/attachments?kind=signature`, headers: { ...(await headers('field_officer')), 'content-type': 'text/plain' }, payload: 'hello',
    });
    expect([wrongType.statusCode, wrongType.json<{ error: { code: string } }>().error.code]).toEqual([400, 'ATTACHMENT_INVALID']);
    const fake = await server.app.inject({
      method: 'POST', url: `${path}/attachments?kind=scan`, headers: { ...(await headers('field_officer')), 'content-type': 'application/pdf' }, payload: png,
    });
    expect([fake.statusCode, fake.json<{ error: { code: string } }>().error.code]).toEqual([400, 'ATTACHMENT_INVALID']);
    const download = await server.app.inject({ method: 'GET', url: `${path}/attachments/${attachment.id}`, headers: await headers('dispatcher') });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.rawPayload.equals(png)).toBe(true);

    kase = view((await call('field_officer', 'GET', path)).body);
    const captured = await call('field_officer', 'POST', `${path}/capture`, { version: kase.version });
    expect(captured.status).toBe(200);
    kase = view(captured.body);
    expect(kase).toMatchObject({ state: 'captured', fee: { totalCents: 4600 }, outstandingCents: 4600 });

    const badPayment = await call('field_officer', 'POST', `${path}/payments`, { method: 'card', amountCents: 4600 });
    expect(badPayment.status).toBe(422);
    const paid = await call('field_officer', 'POST', `${path}/payments`, { method: 'card', amountCents: 4600, cardReference: 'ZVT-123' });
    expect(paid.status).toBe(200);
    kase = view(paid.body);
    expect(kase).toMatchObject({ state: 'paid', payments: [{ receiptNumber: 'Q-2026-000001', method: 'card', cardReference: 'ZVT-123' }] });

    kase = view((await call('field_officer', 'POST', `${path}/complete`, { version: kase.version })).body);
    expect(kase.state).toBe('completed');
    expect((await call('field_officer', 'POST', `${path}/close`, { version: kase.version })).status).toBe(422);
    const handedOver = await call('field_officer', 'POST', `${path}/hand-over`, { version: kase.version, input: { handedOverAt: '2026-11-05T11:00' } });
    expect(handedOver.status).toBe(200);
    kase = view(handedOver.body);
    expect(kase.state).toBe('handed_over');
    const print = kase.attachments.find((a) => a.kind === 'fingerprint')!;
    expect(print.deleted).toBe(true);
    const goneResponse = await server.app.inject({ method: 'GET', url: `${path}/attachments/${print.id}`, headers: await headers('clerk') });
    expect([goneResponse.statusCode, goneResponse.json<{ error: { code: string } }>().error.code]).toEqual([410, 'ATTACHMENT_DELETED']);

    const listed = await call('dispatcher', 'GET', `/api/cases?personId=${ids.anna}`);
    expect((listed.body.cases as CaseSummary[]).map((c) => [c.number, c.state])).toEqual([[kase.number, 'handed_over']]);
    expect((await call('auditor', 'GET', '/api/cases')).status).toBe(403);
  });

  it('closes, cancels and reviews through the API, with the review for clerks only', async () => {
    let kase = view((await call('clerk', 'POST', '/api/cases', {
      serviceId: 'lebensbescheinigung', personId: ids.anna, applicant: { kind: 'self' }, data: { purpose: 'Rente', hintAcknowledged: true },
    })).body);
    const path = `/api/cases/${kase.id}`;
    kase = view((await call('clerk', 'POST', `${path}/capture`, { version: kase.version })).body);
    expect((await call('field_officer', 'POST', `${path}/review`, { version: kase.version, decision: 'flag', note: 'prüfen' })).status).toBe(403);
    kase = view((await call('clerk', 'POST', `${path}/review`, { version: kase.version, decision: 'flag', note: 'Formular der Rentenstelle fehlt' })).body);
    expect(kase.state).toBe('needs_review');
    const queue = await call('clerk', 'GET', '/api/cases/review');
    expect((queue.body.cases as CaseSummary[]).find((c) => c.id === kase.id)).toMatchObject({ reviewReason: 'Formular der Rentenstelle fehlt' });
    expect((await call('field_officer', 'GET', '/api/cases/review')).status).toBe(403);
    kase = view((await call('clerk', 'POST', `${path}/review`, { version: kase.version, decision: 'resume', note: 'liegt vor' })).body);
    expect(kase.state).toBe('captured');
    kase = view((await call('clerk', 'POST', `${path}/payments`, { method: 'cash', amountCents: kase.outstandingCents })).body);
    expect(kase.state).toBe('paid');
    kase = view((await call('clerk', 'POST', `${path}/complete`, { version: kase.version })).body);
    const closed = await call('clerk', 'POST', `${path}/close`, { version: kase.version });
    expect([closed.status, view(closed.body).state]).toEqual([200, 'closed']);

    const other = view((await call('clerk', 'POST', '/api/cases', { serviceId: 'lebensbescheinigung', personId: ids.anna, applicant: { kind: 'self' } })).body);
    const cancelled = await call('field_officer', 'POST', `/api/cases/${other.id}/cancel`, { version: other.version, reason: 'zurückgezogen' });
    expect([cancelled.status, view(cancelled.body).state]).toEqual([200, 'cancelled']);
    expect((await call('clerk', 'GET', '/api/cases?state=cancelled')).body.cases).toEqual([expect.objectContaining({ id: other.id })]);
  });

  it('keeps cases of persons under a bedingter Sperrvermerk from field officers', async () => {
    expect((await call('field_officer', 'POST', '/api/cases', { serviceId: 'lebensbescheinigung', personId: ids.bert, applicant: { kind: 'self' } })).status).toBe(404);
    const kase = view((await call('clerk', 'POST', '/api/cases', { serviceId: 'lebensbescheinigung', personId: ids.bert, applicant: { kind: 'self' } })).body);
    expect((await call('field_officer', 'GET', `/api/cases/${kase.id}`)).status).toBe(404);
    expect((await call('dispatcher', 'GET', `/api/cases/${kase.id}`)).status).toBe(200);
    expect((await call('field_officer', 'GET', `/api/cases?personId=${ids.bert}`)).body.cases).toEqual([]);
  });

  it('POST /api/cases/number-reservations hands out a block for a kit', async () => {
    const first = await call('admin', 'POST', '/api/cases/number-reservations', { count: 3, reservedFor: 'kit:1' });
    expect(first.status).toBe(200);
    const numbers = first.body.numbers as string[];
    expect(numbers).toHaveLength(3);
    const second = await call('field_officer', 'POST', '/api/cases/number-reservations', { count: 2, reservedFor: 'kit:2' });
    expect((second.body.numbers as string[]).some((x) => numbers.includes(x))).toBe(false);
    expect((await call('dispatcher', 'POST', '/api/cases/number-reservations', { count: 2, reservedFor: 'kit:3' })).status).toBe(403);
    expect((await call('clerk', 'POST', '/api/cases/number-reservations', { count: 0, reservedFor: 'kit:3' })).status).toBe(400);
    // An online case after the reservations does not take a reserved number.
    const kase = view((await call('clerk', 'POST', '/api/cases', { serviceId: 'personalausweis', personId: ids.bert, applicant: { kind: 'self' } })).body);
    expect([...numbers, ...(second.body.numbers as string[])]).not.toContain(kase.number);
  });
});
