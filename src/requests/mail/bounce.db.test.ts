import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, testSessionHeaders } from '../../identity/testing.ts';
import type { Principal } from '../../identity/principal.ts';
import type { Database } from '../../platform/db/database.ts';
import { startTestServer } from '../../platform/http/testing.ts';
import type { App } from '../../platform/http/types.ts';
import { startTestImapServer, startTestSmtpServer, type ReceivedMail, type TestImapServer, type TestSmtpServer } from '../../platform/mail/testing.ts';
import type { testContext } from '../../platform/testing.ts';
import { kits, tourStops, tours } from '../../planning/schema.ts';
import { createVisitRequest } from '../create-request.ts';
import { inboundMails, requestCorrespondence, requestEvents, visitRequests } from '../schema.ts';
import type { Requester } from '../types.ts';
import { eximBounce, microsoftBounce, postfixBounce } from './bounce-testing.ts';
import type { CorrespondenceItem, InboundMailSummary } from './correspondence.ts';
import { pollMailInbox } from './poll-inbox.ts';
import { composeMail } from './testing.ts';

const tuesday = '2026-12-08';
const at = (time: string) => new Date(`${tuesday}T${time}:00+01:00`);

describe('bounces in the intake mailbox (real SMTP out, real dovecot in)', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let app: App;
  let smtp: TestSmtpServer;
  let imap: TestImapServer;
  let municipalityId: string;
  let dispatcher: Record<string, string>;
  let tourId: string;
  const stopIds: string[] = [];
  const ids = { petra: '', jonas: '' };
  const system = (): Principal => ({ userId: '00000000-0000-4000-8000-000000000001', username: 'd', displayName: 'Disponent', roles: ['dispatcher'], municipalityId } as unknown as Principal);

  const send = (method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url, headers: dispatcher, ...(payload ? { payload } : {}) });
  const mailTo = (address: string, subject: RegExp): ReceivedMail => {
    const mail = smtp.messages.find((m) => m.envelope.to.includes(address) && subject.test(m.parsed.subject ?? ''));
    expect(mail, `mail to ${address} ${subject}`).toBeDefined();
    return mail!;
  };
  const correspondenceOf = (requestId: string) => database.db.select().from(requestCorrespondence)
    .where(eq(requestCorrespondence.requestId, requestId)).orderBy(asc(requestCorrespondence.createdAt), asc(requestCorrespondence.channel));
  const eventsOf = (requestId: string, kind: string) => database.db.select().from(requestEvents)
    .where(and(eq(requestEvents.requestId, requestId), eq(requestEvents.kind, kind)));
  const requestCount = async () => (await database.db.select({ id: visitRequests.id }).from(visitRequests)).length;
  const inbound = () => database.db.select().from(inboundMails).where(eq(inboundMails.municipalityId, municipalityId)).orderBy(asc(inboundMails.uid));
  /** Everything a bounce may change, to compare before and after a repeat. */
  const snapshot = async () => ({
    requests: await requestCount(),
    correspondence: (await database.db.select().from(requestCorrespondence)).map((c) => [c.id, c.status, c.error]).sort(),
    events: (await database.db.select({ id: requestEvents.id }).from(requestEvents)).length,
  });

  async function plannedRequest(familyName: string, requester: Requester): Promise<string> {
    const { id } = await createVisitRequest(database.db, system(), {
      municipalityId, channel: 'phone', status: 'open', subject: { familyName, givenNames: 'Erna', birthDate: '1938-03-02' },
      requester, services: ['personalausweis'], availability: [], urgency: 'normal',
      location: { kind: 'home', street: 'Hauptstraße', houseNumber: '1', postcode: '44787', city: 'Bochum', latitude: 51.48, longitude: 7.22 },
    }, ctx.now());
    await database.db.update(visitRequests).set({ status: 'planned' }).where(eq(visitRequests.id, id));
    return id;
  }

  beforeAll(async () => {
    [smtp, imap] = await Promise.all([startTestSmtpServer(), startTestImapServer()]);
    ({ database, ctx, app, municipalityId } = await startTestServer({
      now: new Date('2026-12-03T09:00:00Z'),
      config: { smtpUrl: smtp.url, imapUrl: imap.url, mailFrom: 'Bürgerbüro Bochum <buergerbuero@bochum.example>' },
    }));
    dispatcher = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['dispatcher'], displayName: 'Dana Disponentin' }), municipalityId);
    const [kit] = await database.db.insert(kits).values({ municipalityId, name: 'Koffer 1' }).returning();
    ids.petra = await plannedRequest('Kowalski', { name: 'Petra Kowalski', relation: 'relative', email: 'petra@example.org', preferredContact: 'email' });
    ids.jonas = await plannedRequest('Weber', { name: 'Jonas Weber', relation: 'relative', email: 'jonas@contoso.example', preferredContact: 'email' });
    const [tour] = await database.db.insert(tours).values({
      municipalityId, date: tuesday, kitId: kit!.id, officerIds: ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2'],
      departAt: at('08:00'), returnAt: at('12:00'), travelMinutes: 30,
    }).returning();
    tourId = tour!.id;
    const stops = await database.db.insert(tourStops).values([ids.petra, ids.jonas].map((requestId, i) => ({
      municipalityId, tourId, sequence: i + 1, requestIds: [requestId], place: 'Hauptstraße 1, 44787 Bochum', institutionId: null,
      latitude: 51.48, longitude: 7.22, arriveAt: at(i === 0 ? '09:00' : '10:00'), startAt: at(i === 0 ? '09:00' : '10:00'), endAt: at(i === 0 ? '09:30' : '10:30'),
    }))).returning();
    stopIds.push(...stops.map((s) => s.id));
    const confirmed = await send('POST', `/api/planning/tours/${tourId}/confirm`);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ mailed: 2, letters: 0, failures: [] });
    await smtp.waitForMessages(2);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await Promise.all([smtp?.stop(), imap?.stop()]);
    await database?.close();
  });

  it('marks a bounced confirmation failed, records it, queues the letter and makes no request', async () => {
    const confirmation = mailTo('petra@example.org', /Hausbesuch/);
    const before = await requestCount();
    await imap.append(postfixBounce({ original: confirmation.raw, recipient: 'petra@example.org' }));

    expect(await pollMailInbox(ctx, municipalityId)).toEqual({ fetched: 1, created: 0, linked: 0, bounced: 1, ignored: 0, failed: 0 });
    expect(await requestCount()).toBe(before);

    const rows = await correspondenceOf(ids.petra);
    const mailed = rows.find((c) => c.channel === 'email')!;
    expect(mailed).toMatchObject({
      kind: 'confirmation', status: 'failed', messageId: confirmation.parsed.messageId,
      error: 'Unzustellbar an petra@example.org: Die Empfängeradresse gibt es nicht (SMTP 5.1.1: 550 5.1.1 <petra@example.org>: Recipient address rejected: User unknown in virtual mailbox table)',
    });
    // The same letter the mail carried, now in the tour's print pile.
    const letters = rows.filter((c) => c.channel === 'letter');
    expect(letters).toEqual([expect.objectContaining({ kind: 'confirmation', status: 'queued', tourStopId: stopIds[0], documentId: mailed.documentId, recipient: expect.stringContaining('Erna Kowalski') })]);

    const [bounced] = await eventsOf(ids.petra, 'mail_bounced');
    expect(bounced).toMatchObject({ actorName: 'mail-inbox' });
    expect(bounced!.detail).toMatchObject({ correspondenceId: mailed.id, kind: 'confirmation', to: 'petra@example.org', status: '5.1.1', letter: 'queued', reason: mailed.error });
    expect(await eventsOf(ids.petra, 'letter')).toHaveLength(1);

    const [mail] = await inbound();
    expect(mail).toMatchObject({ status: 'bounced', requestId: ids.petra, error: mailed.error, fromAddress: 'mailer-daemon@mail.bochum.example' });
    // The request's thread shows the bounce next to the mail it reports.
    const thread = await send('GET', `/api/visit-requests/${ids.petra}/correspondence`);
    expect(thread.statusCode).toBe(200);
    const items = thread.json<{ items: CorrespondenceItem[] }>().items;
    expect(items.map((i) => [i.direction, i.status, i.direction === 'out' ? i.channel : null])).toEqual(expect.arrayContaining([
      ['out', 'failed', 'email'], ['out', 'queued', 'letter'], ['in', 'bounced', null],
    ]));
    const counts = await send('GET', `/api/planning/tours/${tourId}/letters`);
    expect(counts.statusCode).toBe(200);
    expect(counts.headers['content-type']).toContain('application/pdf');
  });

  it('changes nothing when the same bounce comes again, or another report about the same mail', async () => {
    const before = await snapshot();
    expect(await pollMailInbox(ctx, municipalityId)).toEqual({ fetched: 0, created: 0, linked: 0, bounced: 0, ignored: 0, failed: 0 });
    const confirmation = mailTo('petra@example.org', /Hausbesuch/);
    // Delivered twice (the same Message-ID): a copy. A second relay's own report on the same mail: linked, but no second letter.
    await imap.append(postfixBounce({ original: confirmation.raw, recipient: 'petra@example.org' }));
    await imap.append(postfixBounce({ original: confirmation.raw, recipient: 'petra@example.org', messageId: '20261203111502.9ZZ@relay.example.org' }));
    expect(await pollMailInbox(ctx, municipalityId)).toEqual({ fetched: 2, created: 0, linked: 0, bounced: 1, ignored: 1, failed: 0 });
    expect(await snapshot()).toEqual(before);
    expect((await inbound()).slice(1).map((m) => [m.status, m.requestId])).toEqual([['ignored', ids.petra], ['bounced', ids.petra]]);
  });

  it('puts the confirmation letter in the pile when the reminder bounces, and ignores a delay notice', async () => {
    const reminded = await send('POST', '/api/planning/reminders', { day: tuesday });
    expect(reminded.json()).toMatchObject({ mailed: 2, failed: [] });
    const reminder = mailTo('jonas@contoso.example', /Erinnerung/);
    const confirmation = mailTo('jonas@contoso.example', /Hausbesuch/);
    // The confirmation is only late: Postfix still tries.
    await imap.append(postfixBounce({ original: confirmation.raw, recipient: 'jonas@contoso.example', action: 'delayed', messageId: 'delay.1@mail.bochum.example' }));
    await imap.append(microsoftBounce({ original: reminder.raw, recipient: 'jonas@contoso.example' }));
    expect(await pollMailInbox(ctx, municipalityId)).toEqual({ fetched: 2, created: 0, linked: 0, bounced: 1, ignored: 1, failed: 0 });

    // One clock for the whole test: order by channel and kind.
    const rows = (await correspondenceOf(ids.jonas)).sort((a, b) => a.channel.localeCompare(b.channel) || a.kind.localeCompare(b.kind));
    expect(rows.map((c) => [c.kind, c.channel, c.status])).toEqual([
      ['confirmation', 'email', 'sent'], ['reminder', 'email', 'failed'], ['confirmation', 'letter', 'queued'],
    ]);
    expect(rows[1]!.error).toMatch(/^Unzustellbar an jonas@contoso\.example: Die Empfängeradresse gibt es nicht \(SMTP 5\.1\.10: 550 5\.1\.10 RESOLVER\.ADR\.RecipientNotFound/);
    expect(rows[2]).toMatchObject({ tourStopId: stopIds[1], documentId: rows[0]!.documentId });
    expect((await eventsOf(ids.jonas, 'mail_bounced')).map((e) => [e.detail.kind, e.detail.letter])).toEqual([['reminder', 'queued']]);
    const [delay] = (await inbound()).slice(-2);
    expect(delay).toMatchObject({ status: 'ignored', requestId: null, error: expect.stringMatching(/Action: delayed/) });
  });

  it('keeps a bounce of a mail nobody here knows for the dispatcher, with the reason', async () => {
    const stranger = await composeMail({
      from: 'buergerbuero@bochum.example', to: 'alt@example.net', subject: 'Alte Mail', messageId: '<vor-der-umstellung.1@bochum.example>', text: 'Hallo',
    });
    const before = await snapshot();
    await imap.append(eximBounce({ original: stranger, recipient: 'alt@example.net' }));
    expect(await pollMailInbox(ctx, municipalityId)).toEqual({ fetched: 1, created: 0, linked: 0, bounced: 1, ignored: 0, failed: 0 });
    expect(await snapshot()).toEqual(before);
    const listed = await send('GET', '/api/mail/inbound?status=bounced');
    expect(listed.statusCode).toBe(200);
    const mails = listed.json<{ mails: InboundMailSummary[] }>().mails;
    expect(mails).toHaveLength(4);
    expect(mails[0]).toMatchObject({
      requestId: null, reference: null, subject: 'Mail delivery failed: returning message to sender',
      error: expect.stringMatching(/^Unzustellbar an alt@example\.net: Das Postfach ist gesperrt und nimmt keine E-Mails an \(SMTP 5\.0\.0: 550 5\.2\.1 .*<vor-der-umstellung\.1@bochum\.example> ist keiner Anfrage zuzuordnen/),
    });
  });
});
