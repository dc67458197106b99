import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, testSessionHeaders } from '../../identity/testing.ts';
import type { Database } from '../../platform/db/database.ts';
import { startTestServer } from '../../platform/http/testing.ts';
import type { App } from '../../platform/http/types.ts';
import { startTestImapServer, startTestSmtpServer, type TestImapServer, type TestSmtpServer } from '../../platform/mail/testing.ts';
import type { testContext } from '../../platform/testing.ts';
import { createVisitRequest } from '../create-request.ts';
import type { CorrespondenceItem, InboundMailSummary } from './correspondence.ts';
import { postfixBounce } from './bounce-testing.ts';
import { composeMail, samplePdf } from './testing.ts';

describe('mail API', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let app: App;
  let municipalityId: string;
  let smtp: TestSmtpServer;
  let imap: TestImapServer;
  let dispatcher: Record<string, string>;
  let clerk: Record<string, string>;

  beforeAll(async () => {
    [smtp, imap] = await Promise.all([startTestSmtpServer(), startTestImapServer()]);
    ({ database, ctx, app, municipalityId } = await startTestServer({ config: { smtpUrl: smtp.url, imapUrl: imap.url } }));
    dispatcher = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['dispatcher'] }), municipalityId);
    clerk = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['clerk'] }), municipalityId);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await Promise.all([smtp?.stop(), imap?.stop()]);
    await database?.close();
  });

  const send = (method: 'GET' | 'POST', url: string, payload?: object, headers = dispatcher) =>
    app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it('polls on request, lists the inbox, shows the thread and sends a threaded reply', async () => {
    await imap.append(await composeMail({
      from: 'Petra Kowalski <petra@example.org>', subject: 'Hausbesuch für Mutter', messageId: '<anfrage@example.org>',
      text: 'Bitte kommen Sie zu meiner Mutter.', attachments: [{ filename: 'Bescheid.pdf', content: samplePdf, contentType: 'application/pdf' }],
    }));
    await imap.append(Buffer.from('Subject: kaputt\r\n\r\nohne Absender\r\n'));

    expect((await send('POST', '/api/mail/poll', undefined, clerk)).statusCode).toBe(403);
    const polled = await send('POST', '/api/mail/poll');
    expect(polled.statusCode).toBe(200);
    expect(polled.json()).toEqual({ fetched: 2, created: 1, linked: 0, bounced: 0, ignored: 0, failed: 1 });

    const list = await send('GET', '/api/mail/inbound');
    expect(list.statusCode).toBe(200);
    const { mails, total } = list.json<{ mails: InboundMailSummary[]; total: number }>();
    expect(total).toBe(2);
    const made = mails.find((m) => m.status === 'new')!;
    expect(made).toMatchObject({ fromAddress: 'petra@example.org', fromName: 'Petra Kowalski', subject: 'Hausbesuch für Mutter', excerpt: 'Bitte kommen Sie zu meiner Mutter.', error: null });
    expect(made.reference).toMatch(/^HB-/);
    const failed = await send('GET', '/api/mail/inbound?status=failed');
    expect(failed.json<{ mails: InboundMailSummary[] }>().mails).toEqual([expect.objectContaining({ subject: 'kaputt', requestId: null, error: expect.stringMatching(/sender/) })]);

    // The mail's time is the server's delivery time (IMAP INTERNALDATE, the real clock); the answer comes a minute later.
    ctx.setNow(new Date(Date.now() + 60_000));
    const replied = await send('POST', `/api/visit-requests/${made.requestId}/reply`, { subject: 'Ihr Hausbesuch', text: 'Wir melden uns mit einem Termin.' });
    expect(replied.statusCode).toBe(201);
    const { messageId } = replied.json<{ correspondenceId: string; messageId: string }>();
    const [mail] = await smtp.waitForMessages(1);
    expect(mail!.parsed.subject).toBe(`Ihr Hausbesuch [${made.reference}]`);
    expect(mail!.parsed.inReplyTo).toBe('<anfrage@example.org>');
    expect(mail!.parsed.messageId).toBe(messageId);

    const thread = await send('GET', `/api/visit-requests/${made.requestId}/correspondence`);
    expect(thread.statusCode).toBe(200);
    const body = thread.json<{ reference: string; items: CorrespondenceItem[] }>();
    expect(body.reference).toBe(made.reference);
    expect(body.items.map((i) => [i.direction, i.subject, i.status])).toEqual([
      ['in', 'Hausbesuch für Mutter', 'new'],
      ['out', `Ihr Hausbesuch [${made.reference}]`, 'sent'],
    ]);

    // The reply bounces: counted, the mail marked failed, the bounce in the thread and in the inbox under bounced.
    await imap.append(postfixBounce({ original: mail!.raw, recipient: 'petra@example.org', status: '5.2.2', diagnostic: '552 5.2.2 Mailbox full' }));
    const bounced = await send('POST', '/api/mail/poll');
    expect(bounced.json()).toEqual({ fetched: 1, created: 0, linked: 0, bounced: 1, ignored: 0, failed: 0 });
    const after = (await send('GET', `/api/visit-requests/${made.requestId}/correspondence`)).json<{ items: CorrespondenceItem[] }>().items;
    // (The bounce's time is the real clock, the reply's the test's clock a minute ahead: compare without order.)
    expect(after.map((i) => `${i.direction} ${i.status}`).sort()).toEqual(['in bounced', 'in new', 'out failed']);
    const reply = after.find((i) => i.direction === 'out') as Extract<CorrespondenceItem, { direction: 'out' }>;
    expect(reply.error).toBe('Unzustellbar an petra@example.org: Das Postfach ist voll (SMTP 5.2.2: 552 5.2.2 Mailbox full)');
    const inbox = (await send('GET', '/api/mail/inbound?status=bounced')).json<{ mails: InboundMailSummary[] }>();
    const reason = reply.error;
    expect(inbox.mails).toEqual([expect.objectContaining({ requestId: made.requestId, reference: made.reference, error: reason })]);
  });

  it('says why a reply cannot go out and refuses bad input', async () => {
    const request = await createVisitRequest(database.db, { kind: 'system', name: 'test', municipalityId }, {
      municipalityId, channel: 'phone', status: 'draft', subject: { familyName: 'A', givenNames: 'B' },
      requester: { name: 'Anrufer', relation: 'self', phone: '0234 1', preferredContact: 'phone' },
      services: [], location: null, availability: [], urgency: 'normal',
    }, ctx.now());
    const noMail = await send('POST', `/api/visit-requests/${request.id}/reply`, { subject: 'Termin', text: 'Donnerstag' });
    expect(noMail.statusCode).toBe(409);
    expect(noMail.json()).toMatchObject({ error: { code: 'REQUEST_NO_EMAIL' } });
    expect((await send('POST', `/api/visit-requests/${request.id}/reply`, { subject: ' ', text: 'x' })).statusCode).toBe(400);
    expect((await send('GET', '/api/visit-requests/00000000-0000-4000-8000-000000000000/correspondence')).statusCode).toBe(404);
    expect((await send('GET', `/api/visit-requests/${request.id}/correspondence`, undefined, clerk)).statusCode).toBe(403);
  });
});
