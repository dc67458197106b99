import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal, SystemActor } from '../../identity/principal.ts';
import type { Database } from '../../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../../platform/db/testing.ts';
import { AppError } from '../../platform/errors.ts';
import { startTestImapServer, startTestSmtpServer, type TestImapServer, type TestSmtpServer } from '../../platform/mail/testing.ts';
import { ensureMunicipality } from '../../platform/tenancy/municipalities.ts';
import { testContext } from '../../platform/testing.ts';
import { createVisitRequest } from '../create-request.ts';
import { inboundMails, requestCorrespondence, requestEvents } from '../schema.ts';
import type { Requester } from '../types.ts';
import { pollMailInbox } from './poll-inbox.ts';
import { sendRequestMail, withReference } from './send-request-mail.ts';
import { composeMail, samplePdf } from './testing.ts';

describe('sendRequestMail over a real SMTP server', () => {
  let database: Database;
  let smtp: TestSmtpServer;
  let imap: TestImapServer;
  let ctx: ReturnType<typeof testContext>;
  let municipalityId: string;
  let actor: SystemActor;

  beforeAll(async () => {
    [database, smtp, imap] = await Promise.all([createTestDatabase(), startTestSmtpServer(), startTestImapServer()]);
    municipalityId = (await testMunicipality(database)).id;
    ctx = testContext(database, { now: new Date('2026-12-02T10:00:00Z'), config: { smtpUrl: smtp.url, imapUrl: imap.url } });
    actor = { kind: 'system', name: 'test', municipalityId };
  }, 60_000);
  afterAll(async () => {
    await Promise.all([smtp?.stop(), imap?.stop()]);
    await database?.close();
  });

  const newRequest = async (requester: Partial<Requester> = {}, inMunicipality = municipalityId) => createVisitRequest(database.db,
    { kind: 'system', name: 'test', municipalityId: inMunicipality }, {
      municipalityId: inMunicipality, channel: 'email', status: 'draft', subject: { familyName: 'Kowalski', givenNames: 'Erna' },
      requester: { name: 'Petra Kowalski', relation: 'relative', email: 'petra@example.org', preferredContact: 'email', ...requester },
      services: [], location: null, availability: [], urgency: 'normal',
    }, ctx.now());
  const correspondenceOf = (requestId: string) => database.db.select().from(requestCorrespondence)
    .where(eq(requestCorrespondence.requestId, requestId)).orderBy(asc(requestCorrespondence.createdAt));

  it('answers in the thread of the requester\'s last mail, with the reference in the subject', async () => {
    const request = await newRequest();
    const inbound = (uid: number, messageId: string, receivedAt: string, references: string) => ({
      municipalityId, mailbox: 'test@localhost/INBOX', uidValidity: '1', uid, messageId, fromAddress: 'petra@example.org', subject: 'Hausbesuch',
      receivedAt: new Date(receivedAt), text: 'Hallo', status: 'linked', requestId: request.id,
      raw: Buffer.from(`From: petra@example.org\r\nMessage-ID: ${messageId}\r\n${references ? `References: ${references}\r\n` : ''}Subject: Hausbesuch\r\n\r\nHallo\r\n`),
    });
    await database.db.insert(inboundMails).values([
      inbound(1, '<erste@example.org>', '2026-12-01T08:00:00Z', ''),
      inbound(2, '<zweite@example.org>', '2026-12-01T09:00:00Z', '<erste@example.org> <antwort-1@bochum.example>'),
    ]);

    const sent = await sendRequestMail(ctx, actor, {
      requestId: request.id, kind: 'reply', subject: 'Ihr Hausbesuch', text: 'Guten Tag Frau Kowalski,\n\nwir melden uns wegen des Termins. Grüße',
      attachments: [{ filename: 'Checkliste.pdf', contentType: 'application/pdf', content: samplePdf }],
    });
    const [mail] = await smtp.waitForMessages(1);
    expect(mail!.envelope.to).toEqual(['petra@example.org']);
    expect(mail!.parsed.subject).toBe(`Ihr Hausbesuch [${request.reference}]`);
    expect(mail!.parsed.messageId).toBe(sent.messageId);
    expect(mail!.parsed.inReplyTo).toBe('<zweite@example.org>');
    expect(mail!.parsed.references).toEqual(['<erste@example.org>', '<antwort-1@bochum.example>', '<zweite@example.org>']);
    expect(mail!.parsed.to && 'value' in mail!.parsed.to ? mail!.parsed.to.value[0] : null).toMatchObject({ name: 'Petra Kowalski', address: 'petra@example.org' });
    expect(mail!.parsed.text).toContain('Grüße');
    expect(mail!.parsed.attachments.map((a) => a.filename)).toEqual(['Checkliste.pdf']);

    const [row] = await correspondenceOf(request.id);
    expect(row).toMatchObject({
      id: sent.correspondenceId, kind: 'reply', channel: 'email', recipient: 'petra@example.org', subject: `Ihr Hausbesuch [${request.reference}]`,
      messageId: sent.messageId, inReplyTo: '<zweite@example.org>', status: 'sent', error: null,
    });
    expect(row!.sentAt?.toISOString()).toBe('2026-12-02T10:00:00.000Z');
    const events = await database.db.select().from(requestEvents)
      .where(and(eq(requestEvents.requestId, request.id), eq(requestEvents.kind, 'mail_out')));
    expect(events.map((e) => e.detail)).toEqual([expect.objectContaining({ correspondenceId: sent.correspondenceId, kind: 'reply', messageId: sent.messageId })]);
  });

  it('threads onto our own last mail when the requester never wrote, and the answer to it comes back to the request', async () => {
    const request = await newRequest({ email: 'tochter@example.org' });
    const first = await sendRequestMail(ctx, actor, { requestId: request.id, kind: 'acknowledgement', subject: `Eingang [${request.reference}]`, text: 'Danke.' });
    const second = await sendRequestMail(ctx, actor, { requestId: request.id, kind: 'confirmation', subject: 'Termin', text: 'Donnerstag.', tourStopId: null });
    const mails = (await smtp.waitForMessages(3)).slice(1);
    expect(mails[0]!.parsed.subject).toBe(`Eingang [${request.reference}]`);
    expect(mails[0]!.parsed.inReplyTo).toBeUndefined();
    expect(mails[1]!.parsed.inReplyTo).toBe(first.messageId);

    // The requester answers the confirmation from her mail client.
    await imap.append(await composeMail({
      from: 'tochter@example.org', subject: `AW: ${mails[1]!.parsed.subject}`, text: 'Passt.',
      inReplyTo: second.messageId, references: [first.messageId, second.messageId],
    }));
    expect(await pollMailInbox(ctx, municipalityId)).toMatchObject({ fetched: 1, created: 0, linked: 1 });
    const [answer] = await database.db.select().from(inboundMails).where(eq(inboundMails.subject, `AW: ${mails[1]!.parsed.subject}`));
    expect(answer).toMatchObject({ status: 'linked', requestId: request.id });

    // … and our next mail answers hers.
    await sendRequestMail(ctx, actor, { requestId: request.id, kind: 'reply', subject: 'Danke', text: 'Bis Donnerstag.' });
    const [, , , next] = await smtp.waitForMessages(4);
    expect(next!.parsed.inReplyTo).toBe(answer!.messageId);
    expect(next!.parsed.references).toEqual([first.messageId, second.messageId, answer!.messageId]);
  });

  it('refuses a requester without email, another municipality\'s request and a role that may not write', async () => {
    const before = smtp.messages.length;
    const phoneOnly = await newRequest({ email: undefined, preferredContact: 'phone' });
    const noMail = await sendRequestMail(ctx, actor, { requestId: phoneOnly.id, kind: 'reply', subject: 'x', text: 'y' }).catch((e: unknown) => e);
    expect(noMail).toBeInstanceOf(AppError);
    expect(noMail).toMatchObject({ code: 'REQUEST_NO_EMAIL', status: 409 });
    expect((noMail as AppError).message).toContain(phoneOnly.reference);
    expect(await correspondenceOf(phoneOnly.id)).toEqual([]);

    const essen = await ensureMunicipality(database.db, '05113000', 'Essen');
    const elsewhere = await newRequest({}, essen.id);
    await expect(sendRequestMail(ctx, actor, { requestId: elsewhere.id, kind: 'reply', subject: 'x', text: 'y' }))
      .rejects.toMatchObject({ code: 'NOT_FOUND' });

    const clerk: Principal = {
      userId: '00000000-0000-4000-8000-000000000001', municipalityId, username: 'clerk', displayName: 'Clerk', roles: ['clerk'], sessionId: 's', csrfToken: 't',
    };
    const request = await newRequest();
    await expect(sendRequestMail(ctx, clerk, { requestId: request.id, kind: 'reply', subject: 'x', text: 'y' }))
      .rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(smtp.messages.length).toBe(before);
  });

  it('records a mail the server refused as failed, with the reason', async () => {
    const request = await newRequest();
    const down = testContext(database, { config: { smtpUrl: 'smtp://127.0.0.1:1' } });
    const error = await sendRequestMail(down, actor, { requestId: request.id, kind: 'reply', subject: 'x', text: 'y' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MAIL_NOT_SENT', status: 502 });
    const [row] = await correspondenceOf(request.id);
    expect(row).toMatchObject({ status: 'failed', sentAt: null });
    expect(row!.error).toMatch(/SMTP_URL/);
    const events = await database.db.select().from(requestEvents)
      .where(and(eq(requestEvents.requestId, request.id), eq(requestEvents.kind, 'mail_out')));
    expect(events).toEqual([]);
  });

  it.each([
    ['Ihr Hausbesuch', 'Ihr Hausbesuch [HB-7K2M-Q9A4]'],
    ['AW: [hb-7k2m-q9a4] Termin', 'AW: [hb-7k2m-q9a4] Termin'],
    ['', '[HB-7K2M-Q9A4]'],
    ['Zeile\r\nBcc: x@y', 'Zeile Bcc: x@y [HB-7K2M-Q9A4]'],
  ])('puts the reference into the subject "%s"', (subject, expected) => {
    expect(withReference(subject, 'HB-7K2M-Q9A4')).toBe(expected);
  });
});
