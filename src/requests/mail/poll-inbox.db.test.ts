import { and, asc, eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../../platform/db/testing.ts';
import { AppError } from '../../platform/errors.ts';
import { startTestImapServer, type TestImapServer } from '../../platform/mail/testing.ts';
import { testContext } from '../../platform/testing.ts';
import { inboundMails, requestAttachments, requestCorrespondence, requestEvents, visitRequests } from '../schema.ts';
import { pollMailInbox } from './poll-inbox.ts';
import { appendWithFlags, composeMail, inboxFlags, markAllUnread, samplePdf, samplePng } from './testing.ts';

describe('pollMailInbox against a real dovecot', () => {
  let database: Database;
  let imap: TestImapServer;
  let ctx: ReturnType<typeof testContext>;
  let municipalityId: string;

  beforeAll(async () => {
    [database, imap] = await Promise.all([createTestDatabase(), startTestImapServer()]);
    municipalityId = (await testMunicipality(database)).id;
    ctx = testContext(database, { now: new Date('2026-12-01T09:00:00Z'), config: { imapUrl: imap.url } });
  }, 60_000);
  afterAll(async () => {
    await imap?.stop();
    await database?.close();
  });

  const inbound = () => database.db.select().from(inboundMails).where(eq(inboundMails.municipalityId, municipalityId)).orderBy(asc(inboundMails.uid));
  const attachmentsOf = (requestId: string) => database.db.select().from(requestAttachments)
    .where(eq(requestAttachments.requestId, requestId)).orderBy(asc(requestAttachments.createdAt), asc(requestAttachments.filename));
  const requestCount = async () => (await database.db.select({ id: visitRequests.id }).from(visitRequests)).length;

  let petraRequestId: string;
  let petraMessageId: string;

  it('turns each new mail into a draft request with the original and its scans; a mail without sender is kept as failed', async () => {
    const petra = await composeMail({
      from: 'Petra Kowalski <Petra.Kowalski@example.org>',
      to: 'hausbesuch@bochum.example',
      subject: 'Hausbesuch für meine Mutter – Ausweis läuft ab',
      messageId: '<anfrage-1@example.org>',
      text: 'Guten Tag,\n\nmeine Mutter Erna Kowalski (88) wohnt seit März im Seniorenzentrum Am Stadtpark, Zimmer 12. Ihr Personalausweis läuft ab.\n\nViele Grüße\nPetra Kowalski',
      attachments: [
        { filename: 'Pflegegrad-Bescheid.pdf', content: samplePdf, contentType: 'application/pdf' },
        { filename: 'Ausweis Rückseite.png', content: samplePng, contentType: 'image/png' },
      ],
    });
    const juergen = await composeMail({
      from: { name: 'Jürgen Müller', address: 'j.mueller@example.net' },
      subject: 'Anfrage Hausbesuch Großvater',
      html: '<p>Mein Großvater kann nicht mehr gehen. Können Sie zu ihm kommen?</p>',
    });
    const noSender = Buffer.from('Subject: ohne Absender\r\nMessage-ID: <anonym@example.org>\r\n\r\nBitte melden.\r\n');
    await imap.append(petra);
    await imap.append(juergen);
    await imap.append(noSender);

    const result = await pollMailInbox(ctx, municipalityId);
    expect(result).toEqual({ fetched: 3, created: 2, linked: 0, bounced: 0, ignored: 0, failed: 1 });

    const mails = await inbound();
    expect(mails.map((m) => [m.status, m.fromAddress, m.subject])).toEqual([
      ['new', 'petra.kowalski@example.org', 'Hausbesuch für meine Mutter – Ausweis läuft ab'],
      ['new', 'j.mueller@example.net', 'Anfrage Hausbesuch Großvater'],
      ['failed', '', 'ohne Absender'],
    ]);
    const [first, second, third] = mails;
    expect(first!.messageId).toBe('<anfrage-1@example.org>');
    expect(first!.text).toContain('Viele Grüße');
    expect(first!.fromName).toBe('Petra Kowalski');
    expect(second!.fromName).toBe('Jürgen Müller');
    expect(second!.text).toContain('Großvater kann nicht mehr gehen');
    expect(third!.requestId).toBeNull();
    expect(third!.error).toMatch(/no sender address/);
    // The failed mail is kept byte for byte for the dispatcher.
    expect(Buffer.from(third!.raw).toString()).toContain('Bitte melden.');

    petraRequestId = first!.requestId!;
    petraMessageId = first!.messageId;
    const [request] = await database.db.select().from(visitRequests).where(eq(visitRequests.id, petraRequestId));
    expect(request).toMatchObject({ channel: 'email', status: 'draft', createdByName: 'mail-inbox', services: [] });
    expect(request!.requester).toEqual({ name: 'Petra Kowalski', relation: 'other', email: 'petra.kowalski@example.org', preferredContact: 'email' });
    expect(request!.notes).toContain('Seniorenzentrum Am Stadtpark');

    const files = await attachmentsOf(petraRequestId);
    expect(files.map((f) => [f.kind, f.filename, f.contentType, f.source])).toEqual([
      ['evidence', 'Ausweis Rückseite.png', 'image/png', 'mail'],
      ['evidence', 'Pflegegrad-Bescheid.pdf', 'application/pdf', 'mail'],
      ['mail_original', expect.stringMatching(/^mail-\d{4}-\d{2}-\d{2}-1\.eml$/), 'message/rfc822', 'mail'],
    ]);
    expect(Buffer.from(files[0]!.content).equals(samplePng)).toBe(true);
    expect(Buffer.from(files[1]!.content).equals(samplePdf)).toBe(true);
    expect(Buffer.from(files[2]!.content).equals(Buffer.from(first!.raw))).toBe(true);
    expect((await simpleParser(Buffer.from(files[2]!.content))).messageId).toBe('<anfrage-1@example.org>');

    const events = await database.db.select().from(requestEvents).where(eq(requestEvents.requestId, petraRequestId)).orderBy(asc(requestEvents.at));
    expect(events.map((e) => e.kind).sort()).toEqual(['created', 'mail_in']);

    // Stored first, then flagged: all three are marked seen now.
    const flags = await inboxFlags(imap);
    expect([...flags.values()].map((f) => f.has('\\Seen'))).toEqual([true, true, true]);
  });

  it('creates nothing on a second poll, even when someone marked the mails unread again', async () => {
    const before = await requestCount();
    expect(await pollMailInbox(ctx, municipalityId)).toEqual({ fetched: 0, created: 0, linked: 0, bounced: 0, ignored: 0, failed: 0 });
    await markAllUnread(imap);
    expect(await pollMailInbox(ctx, municipalityId)).toEqual({ fetched: 0, created: 0, linked: 0, bounced: 0, ignored: 0, failed: 0 });
    expect(await requestCount()).toBe(before);
    expect(await inbound()).toHaveLength(3);
  });

  it('links replies to the request they answer: to our mail, to the requester\'s own first mail, or by the reference in the subject', async () => {
    const [request] = await database.db.select().from(visitRequests).where(eq(visitRequests.id, petraRequestId));
    await database.db.insert(requestCorrespondence).values({
      municipalityId, requestId: petraRequestId, kind: 'acknowledgement', channel: 'email', recipient: 'petra.kowalski@example.org',
      subject: `Ihre Anfrage [${request!.reference}]`, messageId: '<ack-1@bochum.example>', inReplyTo: petraMessageId, status: 'sent',
    });
    const replyToUs = await composeMail({
      from: 'Petra Kowalski <petra.kowalski@example.org>',
      subject: 'AW: Ihre Anfrage',
      inReplyTo: '<ack-1@bochum.example>',
      references: [petraMessageId, '<ack-1@bochum.example>'],
      text: 'Anbei die Heimbestätigung.',
      attachments: [{ filename: 'Heimbestätigung.pdf', content: samplePdf, contentType: 'application/pdf' }],
    });
    const followUp = await composeMail({
      from: 'petra.kowalski@example.org',
      subject: 'Nachtrag',
      inReplyTo: petraMessageId,
      text: 'Vormittags ist besser.',
    });
    const byReference = await composeMail({
      from: 'Seniorenzentrum Am Stadtpark <verwaltung@stadtpark.example>',
      subject: `Besuchszeiten zu ${request!.reference.toLowerCase()}`,
      text: 'Besuche sind von 10 bis 12 Uhr möglich.',
    });
    await imap.append(replyToUs);
    await imap.append(followUp);
    // Opened in a mail client before the poll: still taken in (the watermark, not \Seen, says what is new).
    await appendWithFlags(imap, byReference, ['\\Seen']);

    const before = await requestCount();
    expect(await pollMailInbox(ctx, municipalityId)).toEqual({ fetched: 3, created: 0, linked: 3, bounced: 0, ignored: 0, failed: 0 });
    expect(await requestCount()).toBe(before);

    const linked = (await inbound()).slice(3);
    expect(linked.map((m) => [m.status, m.requestId])).toEqual([['linked', petraRequestId], ['linked', petraRequestId], ['linked', petraRequestId]]);
    const mailIn = await database.db.select().from(requestEvents)
      .where(and(eq(requestEvents.requestId, petraRequestId), eq(requestEvents.kind, 'mail_in'))).orderBy(asc(requestEvents.at));
    // The first mail_in is the mail that made the request; the three replies say how they were matched.
    expect(mailIn.map((e) => e.detail.linkedVia ?? 'made the request').sort()).toEqual(['in_reply_to', 'in_reply_to', 'made the request', 'subject_reference']);
    const files = await attachmentsOf(petraRequestId);
    expect(files.filter((f) => f.kind === 'evidence').map((f) => f.filename).sort())
      .toEqual(['Ausweis Rückseite.png', 'Heimbestätigung.pdf', 'Pflegegrad-Bescheid.pdf']);
    expect(files.filter((f) => f.kind === 'mail_original')).toHaveLength(4);
  });

  it('keeps a second copy of a message as ignored and reads mails with broken parts', async () => {
    const [first] = await inbound();
    const withNul = Buffer.from(
      'From: Erwin Nul <erwin@example.org>\r\nSubject: Anfrage\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: multipart/mixed; boundary="xyz"\r\n\r\n--xyz\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBitte kommen Sie\u0000 vorbei.\r\n' +
      '--xyz\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%kein base64%%%\r\n', 'latin1');
    await imap.append(Buffer.from(first!.raw));
    await imap.append(withNul);
    const before = await requestCount();
    expect(await pollMailInbox(ctx, municipalityId)).toEqual({ fetched: 2, created: 1, linked: 0, bounced: 0, ignored: 1, failed: 0 });
    expect(await requestCount()).toBe(before + 1);
    const [copy, broken] = (await inbound()).slice(6);
    expect(copy).toMatchObject({ status: 'ignored', messageId: '<anfrage-1@example.org>', requestId: petraRequestId });
    expect(broken).toMatchObject({ status: 'new', fromAddress: 'erwin@example.org' });
    // PostgreSQL text cannot hold NUL: it is gone (dovecot or the parser may leave a replacement character).
    expect(broken!.text).toMatch(/^Bitte kommen Sie\uFFFD? vorbei\.$/);
    expect(broken!.messageId).toMatch(/^<sha256-[0-9a-f]{40}@buergerkoffer\.invalid>$/);
  });

  it('takes in only up to the limit per poll and the rest on the next', async () => {
    for (const n of [1, 2, 3]) await imap.append(await composeMail({ from: `nr${n}@example.org`, subject: `Mail ${n}`, text: 'Hallo' }));
    expect(await pollMailInbox(ctx, municipalityId, { limit: 2 })).toMatchObject({ fetched: 2, created: 2 });
    expect(await pollMailInbox(ctx, municipalityId, { limit: 2 })).toMatchObject({ fetched: 1, created: 1 });
    expect((await inbound()).slice(-3).map((m) => m.subject)).toEqual(['Mail 1', 'Mail 2', 'Mail 3']);
  });

  it('says what to fix when no mailbox is configured or the login fails', async () => {
    const off = testContext(database, { config: { imapUrl: undefined } });
    await expect(pollMailInbox(off, municipalityId)).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'MAIL_INTAKE_OFF');
    const wrong = testContext(database, { config: { imapUrl: `imap://${imap.user}:falsch@${imap.host}:${imap.port}/INBOX` } });
    const error = await pollMailInbox(wrong, municipalityId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('MAIL_INBOX_UNREACHABLE');
    expect((error as AppError).message).not.toContain('falsch');
    expect((error as AppError).message).toContain('IMAP_URL');
  });
});
