import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../audit/schema.ts';
import { createTestUser, testSessionHeaders } from '../identity/testing.ts';
import type { Database } from '../platform/db/database.ts';
import { startTestServer } from '../platform/http/testing.ts';
import type { App } from '../platform/http/types.ts';
import type { testContext } from '../platform/testing.ts';
import { ensureMunicipality } from '../platform/tenancy/municipalities.ts';
import { enqueueMessages } from './enqueue.ts';
import { deliverMessage } from './outbox.ts';
import type { OutboxList, OutboxMessageDetail, OutboxMessageSummary } from './outbox-view.types.ts';
import { bzrPayload, caseState, createCompletedCase, RecordingTransport, request, rueckmeldungPayload } from './testing.ts';

describe('outbox API', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let app: App;
  let municipalityId: string;
  let clerk: Record<string, string>;
  let admin: Record<string, string>;
  let dispatcher: Record<string, string>;
  let caseId: string;
  let bzrId: string;
  let rueckmeldungId: string;
  let otherMunicipalityMessage: string;
  const now = new Date('2026-03-09T10:00:00Z');

  beforeAll(async () => {
    ({ database, ctx, app, municipalityId } = await startTestServer({ now }));
    clerk = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['clerk'], username: 'k.klein' }), municipalityId);
    admin = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['admin'] }), municipalityId);
    dispatcher = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['dispatcher'] }), municipalityId);
    const kase = await createCompletedCase(database.db, municipalityId, { serviceId: 'anmeldung' });
    caseId = kase.id;
    // Enqueued on 2 March, due 5 March: by 9 March the Rückmeldung is overdue.
    const ids = await enqueueMessages(database.db, {
      municipalityId, caseId: kase.id, caseNumber: kase.number, at: new Date('2026-03-02T09:00:00Z'),
      requests: [request(rueckmeldungPayload(kase.number), 'Stadt Essen', '2026-03-05'), request(bzrPayload(kase.number), 'Bundesamt für Justiz')],
    });
    rueckmeldungId = ids[0]!.id;
    bzrId = ids[1]!.id;
    const essen = await ensureMunicipality(database.db, '05113000', 'Essen');
    const foreign = await createCompletedCase(database.db, essen.id);
    otherMunicipalityMessage = (await enqueueMessages(database.db, {
      municipalityId: essen.id, caseId: foreign.id, caseNumber: foreign.number, at: now, requests: [request(bzrPayload(foreign.number), 'BfJ')],
    }))[0]!.id;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const get = (url: string, headers: Record<string, string>) => app.inject({ method: 'GET', url, headers });
  const post = (url: string, headers: Record<string, string>, payload: unknown) => app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });

  it('lists the municipality\'s messages with status, due day and the overdue flag, filtered', async () => {
    const response = await get('/api/outbox', clerk);
    expect(response.statusCode).toBe(200);
    const body = response.json<OutboxList>();
    expect(body.total).toBe(2);
    expect(body.messages.map((m) => m.id).sort()).toEqual([bzrId, rueckmeldungId].sort());
    expect(body.messages.map((m) => m.id)).not.toContain(otherMunicipalityMessage);
    const rueckmeldung = body.messages.find((m) => m.id === rueckmeldungId)!;
    expect(rueckmeldung).toMatchObject({
      kind: 'xmeld_rueckmeldung', status: 'pending', dueBy: '2026-03-05', overdue: true, attempts: 0, recipientName: 'Stadt Essen',
      caseId, nextAttemptAt: '2026-03-02T09:00:00.000Z',
    });
    expect(rueckmeldung).not.toHaveProperty('payload');
    expect(body.messages.find((m) => m.id === bzrId)!.overdue).toBe(false);

    const overdue = (await get('/api/outbox?overdue=true', clerk)).json<OutboxList>();
    expect(overdue.messages.map((m) => m.id)).toEqual([rueckmeldungId]);
    const byKind = (await get('/api/outbox?kind=bzr_application', admin)).json<OutboxList>();
    expect(byKind.messages.map((m) => m.id)).toEqual([bzrId]);
    const byCase = (await get(`/api/outbox?caseId=${caseId}&status=pending`, clerk)).json<OutboxList>();
    expect(byCase.total).toBe(2);
    expect((await get('/api/outbox?status=delivered', clerk)).json<OutboxList>().total).toBe(0);
    expect((await get('/api/outbox?status=lost', clerk)).statusCode).toBe(400);
  });

  it('refuses roles without outbox.read', async () => {
    expect((await get('/api/outbox', dispatcher)).statusCode).toBe(403);
    expect((await get(`/api/outbox/${bzrId}`, dispatcher)).statusCode).toBe(403);
    expect((await get('/api/outbox', {})).statusCode).toBe(401);
  });

  it('shows the clerk one message with its payload and attempts, and logs the read', async () => {
    await deliverMessage(ctx, bzrId, { transport: new RecordingTransport({ failures: 1 }) });
    const response = await get(`/api/outbox/${bzrId}?purpose=Nachfrage%20BfJ`, clerk);
    expect(response.statusCode).toBe(200);
    const body = response.json<OutboxMessageDetail>();
    expect(body).toMatchObject({ id: bzrId, status: 'pending', attempts: 1, payloadWithheld: false });
    expect(body.payload).toMatchObject({ kind: 'bzr_application', person: { familyName: 'Kowalski' } });
    expect(body.deliveries).toHaveLength(1);
    expect(body.deliveries[0]).toMatchObject({ attempt: 1, outcome: 'error', transport: 'recording', contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/) as string });
    expect(body.lastError).toContain('ENOSPC');
    const [entry] = await database.db.select().from(auditEntries)
      .where(and(eq(auditEntries.municipalityId, municipalityId), eq(auditEntries.action, 'outbox.message.read')));
    expect(entry).toMatchObject({ actorName: 'k.klein', purpose: 'Nachfrage BfJ', personIds: ['00000000-0000-4000-8000-000000000001'] });
    expect(entry!.dataCategories).toContain('names');
  });

  it('shows an admin the delivery state but not the personal data, and logs nothing', async () => {
    const before = await database.db.select().from(auditEntries).where(eq(auditEntries.action, 'outbox.message.read'));
    const body = (await get(`/api/outbox/${bzrId}`, admin)).json<OutboxMessageDetail>();
    expect(body).toMatchObject({ id: bzrId, payload: null, payloadWithheld: true });
    expect(JSON.stringify(body)).not.toContain('Kowalski');
    expect(await database.db.select().from(auditEntries).where(eq(auditEntries.action, 'outbox.message.read'))).toHaveLength(before.length);
  });

  it('answers 404 for a message of another municipality and for a malformed id', async () => {
    expect((await get(`/api/outbox/${otherMunicipalityMessage}`, clerk)).statusCode).toBe(404);
    expect((await get('/api/outbox/not-a-uuid', clerk)).statusCode).toBe(404);
    expect((await post(`/api/outbox/${otherMunicipalityMessage}/retry`, clerk, { reason: 'Test' })).statusCode).toBe(404);
  });

  it('retries a rejected message, recording who did it and why', async () => {
    // The Rückmeldung: rejected while the XMeld renderer refuses it, delivered once it renders.
    const attempt = await deliverMessage(ctx, rueckmeldungId, { transport: new RecordingTransport() });
    const response = await post(`/api/outbox/${rueckmeldungId}/retry`, clerk, { reason: 'XMeld-Renderer aktualisiert' });
    if (attempt.outcome === 'rejected') {
      expect(response.statusCode).toBe(200);
      expect(response.json<OutboxMessageSummary>()).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: now.toISOString() });
      const [entry] = await database.db.select().from(auditEntries).where(eq(auditEntries.action, 'outbox.message.retry'));
      expect(entry).toMatchObject({ actorName: 'k.klein', purpose: 'XMeld-Renderer aktualisiert', personIds: [], details: expect.objectContaining({ messageId: rueckmeldungId, fromStatus: 'rejected' }) as unknown });
      // Without a reason (the office UI's button) it works too; who did it is still recorded.
      const again = await post(`/api/outbox/${rueckmeldungId}/retry`, clerk, {});
      expect(again.statusCode).toBe(200);
      const entries = await database.db.select().from(auditEntries).where(eq(auditEntries.action, 'outbox.message.retry'));
      expect(entries.map((e) => [e.actorName, e.purpose])).toEqual([['k.klein', 'XMeld-Renderer aktualisiert'], ['k.klein', null]]);
    } else {
      expect(attempt.outcome).toBe('delivered');
      expect(response.statusCode).toBe(409);
    }
  });

  it('refuses to retry or cancel a delivered message (409, saying why)', async () => {
    // The first attempt failed; the retry is due a minute later.
    ctx.setNow(new Date(now.getTime() + 90_000));
    expect((await deliverMessage(ctx, bzrId, { transport: new RecordingTransport() })).outcome).toBe('delivered');
    const retry = await post(`/api/outbox/${bzrId}/retry`, clerk, { reason: 'nochmal' });
    expect(retry.statusCode).toBe(409);
    expect(retry.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'OUTBOX_WRONG_STATE', message: expect.stringContaining('delivered') as string });
    expect((await post(`/api/outbox/${bzrId}/cancel`, clerk, { reason: 'doch nicht' })).statusCode).toBe(409);
    expect((await post(`/api/outbox/${bzrId}/retry`, admin, { reason: 'nochmal' })).statusCode).toBe(403);
  });

  it('refuses to cancel without a reason, saying so in German and English', async () => {
    const missing = await post(`/api/outbox/${bzrId}/cancel`, clerk, { reason: ' ' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'OUTBOX_REASON_REQUIRED', message: expect.stringMatching(/Grund.*reason/) as string,
    });
  });

  it('cancels an undelivered message with a reason; the case then counts as transmitted', async () => {
    const kase = await createCompletedCase(database.db, municipalityId, { serviceId: 'fuehrungszeugnis' });
    const [unsendable, other] = await enqueueMessages(database.db, {
      municipalityId, caseId: kase.id, caseNumber: kase.number, at: ctx.now(),
      requests: [
        // Type O without the receiving authority: rejected at rendering.
        request(bzrPayload(kase.number, { recipientAuthority: null }), 'Bundesamt für Justiz'),
        request(rueckmeldungPayload(kase.number, { ags: '05913000', name: 'Stadt Dortmund' }), 'Stadt Dortmund'),
      ],
    });
    expect((await deliverMessage(ctx, unsendable!.id, { transport: new RecordingTransport() })).outcome).toBe('rejected');
    await post(`/api/outbox/${other!.id}/cancel`, clerk, { reason: 'per Post an Dortmund gesandt' });
    expect(await caseState(database.db, kase.id)).toBe('completed');

    const response = await post(`/api/outbox/${unsendable!.id}/cancel`, clerk, { reason: 'Antrag neu aufgenommen (Vorgang 2026-000999)' });
    expect(response.statusCode).toBe(200);
    const body = response.json<OutboxMessageSummary>();
    expect(body).toMatchObject({ status: 'cancelled', overdue: false, nextAttemptAt: null });
    expect(body.lastError).toContain('Antrag neu aufgenommen');
    expect(body.lastError).toContain('k.klein');
    const entries = await database.db.select().from(auditEntries).where(eq(auditEntries.action, 'outbox.message.cancel'));
    expect(entries.map((e) => [e.actorName, e.purpose])).toContainEqual(['k.klein', 'Antrag neu aufgenommen (Vorgang 2026-000999)']);
    expect(['completed', 'transmitted']).toContain(await caseState(database.db, kase.id));
    // Cancelled is final: a job that still runs for it sends nothing.
    expect(await deliverMessage(ctx, unsendable!.id, { transport: new RecordingTransport() })).toEqual({ outcome: 'skipped', status: 'cancelled' });
  });
});
