import { and, eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../../audit/schema.ts';
import { createTestUser, testSessionHeaders } from '../../identity/testing.ts';
import type { Principal } from '../../identity/principal.ts';
import type { Database } from '../../platform/db/database.ts';
import { startTestServer } from '../../platform/http/testing.ts';
import type { App } from '../../platform/http/types.ts';
import { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../platform/mail/testing.ts';
import type { testContext } from '../../platform/testing.ts';
import { municipalities } from '../../platform/tenancy/schema.ts';
import { addresses, institutions } from '../../register/schema.ts';
import { createVisitRequest } from '../../requests/create-request.ts';
import { requestCorrespondence, requestEvents, visitRequests } from '../../requests/schema.ts';
import type { Requester } from '../../requests/types.ts';
import { tourStops, tours } from '../schema.ts';

const tuesday = '2026-12-08';
const at = (time: string) => new Date(`${tuesday}T${time}:00+01:00`);

describe('confirming a tour, printing its letters and reminding the day before (real SMTP)', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let app: App;
  let smtp: TestSmtpServer;
  let municipalityId: string;
  let dispatcher: Record<string, string>;
  let dispatcherUser: { id: string };
  let tourId: string;
  const ids: Record<'mail' | 'letter' | 'bounce' | 'home', string> = { mail: '', letter: '', bounce: '', home: '' };
  let institutionStopId: string;
  const system = (): Principal => ({ userId: '00000000-0000-4000-8000-000000000001', username: 'd', displayName: 'Disponent', roles: ['dispatcher'], municipalityId } as unknown as Principal);

  const send = (method: 'GET' | 'POST', url: string, payload?: object, headers = dispatcher) =>
    app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  async function plannedRequest(familyName: string, requester: Requester, services: string[], extra: { institutionId?: string; birthDate?: string } = {}): Promise<string> {
    const { id } = await createVisitRequest(database.db, system(), {
      municipalityId, channel: 'phone', status: 'open',
      subject: { familyName, givenNames: 'Erna', ...(extra.birthDate ? { birthDate: extra.birthDate } : {}) },
      requester, services, availability: [], urgency: 'normal',
      location: extra.institutionId
        ? { kind: 'institution', institutionId: extra.institutionId, street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum' }
        : { kind: 'home', street: 'Hauptstraße', houseNumber: '1', postcode: '44787', city: 'Bochum', latitude: 51.48, longitude: 7.22 },
    }, ctx.now());
    await database.db.update(visitRequests).set({ status: 'planned' }).where(eq(visitRequests.id, id));
    return id;
  }
  const mailsTo = (address: string): ReceivedMail[] => smtp.messages.filter((m) => m.envelope.to.includes(address));
  const linkIn = (mail: ReceivedMail): string => {
    const match = /\/hausbesuch\/status\/([A-Za-z0-9_-]{40,64})/.exec(mail.parsed.text ?? '');
    expect(match).not.toBeNull();
    return match![1]!;
  };

  beforeAll(async () => {
    smtp = await startTestSmtpServer({ rejectRecipient: (address) => address === 'verzogen@example.org' });
    ({ database, ctx, app, municipalityId } = await startTestServer({
      now: new Date('2026-12-03T09:00:00Z'), config: { smtpUrl: smtp.url, mailFrom: 'Bürgerbüro Bochum <buergerbuero@bochum.example>' },
    }));
    dispatcherUser = await createTestUser(ctx, municipalityId, { roles: ['dispatcher'], displayName: 'Dana Disponentin' });
    dispatcher = await testSessionHeaders(ctx, dispatcherUser, municipalityId);
    const officerIds: string[] = [];
    for (const displayName of ['Anna Außendienst', 'Bernd Berger']) {
      const user = await createTestUser(ctx, municipalityId, { roles: ['field_officer'], displayName });
      const response = await send('POST', '/api/officers', { staffUserId: user.id });
      expect(response.statusCode).toBe(201);
      officerIds.push(response.json<{ officer: { id: string } }>().officer.id);
    }
    const kit = await send('POST', '/api/kits', { name: 'Koffer 1', maxStops: 3 });
    const kitId = kit.json<{ kit: { id: string } }>().kit.id;

    const [municipality] = await database.db.select().from(municipalities).where(eq(municipalities.id, municipalityId));
    const [address] = await database.db.insert(addresses).values({
      municipalityId, street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum', ags: municipality!.ags, addressKey: 'am stadtpark|3||44791', latitude: 51.49, longitude: 7.23,
    }).returning();
    const [home] = await database.db.insert(institutions).values({
      municipalityId, name: 'Seniorenzentrum Am Stadtpark', kind: 'care_home', addressId: address!.id, email: 'verwaltung@stadtpark.example',
    }).returning();

    ids.mail = await plannedRequest('Kowalski', { name: 'Petra Kowalski', relation: 'relative', email: 'petra@example.org', preferredContact: 'email' },
      ['personalausweis', 'meldebescheinigung'], { birthDate: '1938-03-02' });
    ids.letter = await plannedRequest('Brandt', { name: 'Erna Brandt', relation: 'self', phone: '0234 555', preferredContact: 'phone', easyLanguage: true }, ['lebensbescheinigung']);
    ids.bounce = await plannedRequest('Yilmaz', { name: 'Ayşe Yilmaz', relation: 'relative', email: 'verzogen@example.org', preferredContact: 'email' }, ['ummeldung'], { institutionId: home!.id });
    ids.home = await plannedRequest('Nowak', { name: 'Pflegedienstleitung', relation: 'care_home', organisation: 'Seniorenzentrum Am Stadtpark', preferredContact: 'letter' }, ['personalausweis'], { institutionId: home!.id });

    const [tour] = await database.db.insert(tours).values({
      municipalityId, date: tuesday, kitId, officerIds, departAt: at('08:00'), returnAt: at('13:00'), travelMinutes: 40,
    }).returning();
    tourId = tour!.id;
    const stop = (sequence: number, requestIds: string[], start: string, end: string, place: string, institutionId: string | null = null) => ({
      municipalityId, tourId, sequence, requestIds, place, institutionId, latitude: 51.48, longitude: 7.22, arriveAt: at(start), startAt: at(start), endAt: at(end),
    });
    const stops = await database.db.insert(tourStops).values([
      stop(1, [ids.mail], '09:00', '09:45', 'Hauptstraße 1, 44787 Bochum'),
      stop(2, [ids.letter], '10:07', '10:30', 'Hauptstraße 1, 44787 Bochum'),
      stop(3, [ids.bounce, ids.home], '11:00', '12:00', 'Seniorenzentrum Am Stadtpark, Am Stadtpark 3, 44791 Bochum', home!.id),
    ]).returning();
    institutionStopId = stops[2]!.id;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await smtp?.stop();
    await database?.close();
  });

  it('confirms: mail with the letter and a calendar entry, letters for the others, the institution\'s letter by mail and on paper', async () => {
    const response = await send('POST', `/api/planning/tours/${tourId}/confirm`);
    expect(response.statusCode).toBe(200);
    const result = response.json<{ mailed: number; letters: number; institutionLetters: number; failures: { requestId: string; reason: string }[] }>();
    expect(result).toMatchObject({ mailed: 1, letters: 2, institutionLetters: 1 });
    expect(result.failures).toEqual([expect.objectContaining({ requestId: ids.bounce, reason: expect.stringContaining('ready to print') })]);

    const [tour] = await database.db.select().from(tours).where(eq(tours.id, tourId));
    expect(tour).toMatchObject({ status: 'confirmed', locked: true });
    const statuses = await database.db.select({ id: visitRequests.id, status: visitRequests.status }).from(visitRequests);
    expect(statuses.filter((r) => Object.values(ids).includes(r.id)).map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed']);

    await smtp.waitForMessages(2);
    const [mail] = mailsTo('petra@example.org');
    expect(mail!.parsed.subject).toMatch(/^Terminbestätigung: Hausbesuch am 08\.12\.2026 \[HB-/);
    expect(mail!.parsed.text).toContain('zwischen 08:45 und 09:30 Uhr');
    expect(mail!.parsed.text).toContain('Bisheriger Ausweis oder Reisepass');
    expect(mail!.parsed.text).toMatch(/Gebühren voraussichtlich: \d+,\d\d €/);
    const attachments = mail!.parsed.attachments.map((a) => a.filename);
    expect(attachments).toEqual([expect.stringMatching(/^Terminbestaetigung-HB-.*\.pdf$/), 'Hausbesuch.ics']);
    // Unfolded (RFC 5545 § 3.1: long lines continue after CRLF + space).
    const ics = mail!.parsed.attachments[1]!.content.toString('utf8').replace(/\r\n[ \t]/g, '');
    expect(ics).toContain('METHOD:PUBLISH');
    expect(ics).toContain(`UID:visit-${ids.mail}-${tourId}@bochum.example`);
    expect(ics).toContain('DTSTART:20261208T074500Z');
    expect(ics).toContain('STATUS:CONFIRMED');
    const [institutionMail] = mailsTo('verwaltung@stadtpark.example');
    expect(institutionMail!.parsed.attachments.map((a) => a.filename)).toEqual(['Sammeltermin.pdf']);
    expect(mailsTo('verzogen@example.org')).toEqual([]);

    // The link in the mail opens the requester's status page.
    const status = await app.inject({ method: 'GET', url: `/api/public/visit-requests/status/${linkIn(mail!)}` });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ state: 'confirmed', visit: { date: tuesday, place: 'Hauptstraße 1, 44787 Bochum' } });

    // What each request's history and correspondence say.
    const letters = await database.db.select().from(requestCorrespondence).where(and(eq(requestCorrespondence.channel, 'letter'), eq(requestCorrespondence.status, 'queued')));
    expect(letters.map((l) => l.requestId).sort()).toEqual([ids.letter, ids.bounce, ids.bounce, ids.home].sort());
    const homeMails = await database.db.select().from(requestCorrespondence)
      .where(and(eq(requestCorrespondence.channel, 'email'), eq(requestCorrespondence.recipient, 'verwaltung@stadtpark.example')));
    expect(homeMails.map((m) => [m.requestId, m.status]).sort()).toEqual([[ids.bounce, 'sent'], [ids.home, 'sent']].sort());
    const events = await database.db.select().from(requestEvents).where(and(eq(requestEvents.requestId, ids.home), eq(requestEvents.kind, 'confirmed')));
    expect(events[0]!.detail).toMatchObject({ tourId, stopId: institutionStopId, channel: 'institution' });
  });

  it('refuses to confirm twice', async () => {
    const again = await send('POST', `/api/planning/tours/${tourId}/confirm`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'TOUR_NOT_DRAFT' } });
  });

  it('prints the letters waiting for the post as one PDF, once, and logs it', async () => {
    const response = await send('GET', `/api/planning/tours/${tourId}/letters`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    // Frau Brandt's letter, the failed mail's letter, the institution's letter.
    expect(response.headers['x-letter-count']).toBe('3');
    const pdf = await PDFDocument.load(response.rawPayload);
    expect(pdf.getPageCount()).toBeGreaterThanOrEqual(3);
    const log = await database.db.select().from(auditEntries).where(eq(auditEntries.action, 'planning.letters.print'));
    expect(log).toHaveLength(1);

    const none = await send('GET', `/api/planning/tours/${tourId}/letters`);
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ error: { code: 'TOUR_NO_LETTERS' } });
    const reprint = await send('GET', `/api/planning/tours/${tourId}/letters?all=true`);
    expect(reprint.statusCode).toBe(200);
    expect(reprint.headers['x-letter-count']).toBe('3');
  });

  it('reminds the day before by mail once, lists whom to call, and retries a failed reminder', async () => {
    ctx.setNow(new Date('2026-12-07T15:00:00Z'));
    dispatcher = await testSessionHeaders(ctx, dispatcherUser, municipalityId);
    const first = await send('POST', '/api/planning/reminders', { day: tuesday });
    expect(first.statusCode).toBe(200);
    const run = first.json<{ mailed: number; alreadySent: number; failed: { reference: string }[]; toCall: { name: string; phone: string | null }[] }>();
    expect(run.mailed).toBe(1);
    expect(run.failed).toHaveLength(1);
    expect(run.toCall.map((c) => [c.name, c.phone])).toEqual([['Erna Brandt', '0234 555'], ['Pflegedienstleitung', null]]);
    const reminder = mailsTo('petra@example.org').find((m) => m.parsed.subject?.startsWith('Erinnerung'));
    expect(reminder!.parsed.text).toContain('zwischen 08:45 und 09:30 Uhr');

    const second = await send('POST', '/api/planning/reminders', { day: tuesday });
    expect(second.json()).toMatchObject({ mailed: 0, alreadySent: 1, failed: [expect.anything()] });
    expect(mailsTo('petra@example.org').filter((m) => m.parsed.subject?.startsWith('Erinnerung'))).toHaveLength(1);

    // Cancelling through the reminder's link frees the stop.
    const cancel = await app.inject({ method: 'POST', url: `/api/public/visit-requests/status/${linkIn(reminder!)}/cancel`, payload: {} });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json()).toMatchObject({ state: 'cancelled' });
    const stops = await database.db.select().from(tourStops).where(eq(tourStops.tourId, tourId));
    expect(stops.flatMap((s) => s.requestIds)).not.toContain(ids.mail);
  });
});
