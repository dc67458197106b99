import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, testSessionHeaders } from '../../identity/testing.ts';
import { kits, tourStops, tours } from '../../planning/schema.ts';
import { municipalities } from '../../platform/tenancy/schema.ts';
import { addresses, institutions } from '../../register/schema.ts';
import type { Database } from '../../platform/db/database.ts';
import { startTestServer } from '../../platform/http/testing.ts';
import type { App } from '../../platform/http/types.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../platform/mail/testing.ts';
import type { testContext } from '../../platform/testing.ts';
import { createVisitRequest } from '../create-request.ts';
import { samplePdf } from '../mail/testing.ts';
import { requestAttachments, requestCorrespondence, requestEvents, visitRequests } from '../schema.ts';
import { solveChallenge } from './pow.ts';

const bits = 4;
const day = '2026-12-09';
const berlin = (hhmm: string) => new Date(`${day}T${hhmm}:00+01:00`);
let ipCounter = 0;
const freshIp = () => `198.51.100.${(ipCounter += 1)}`;

describe('public request form, status link, cancellation and the waitlist', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let app: App;
  let municipalityId: string;
  let smtp: TestSmtpServer;

  const challenge = async (ip = freshIp()) => {
    const response = await app.inject({ method: 'GET', url: '/api/public/challenge', headers: { 'x-forwarded-for': ip } });
    expect(response.statusCode).toBe(200);
    const c = response.json<{ challenge: string; signature: string; difficulty: number }>();
    return { challenge: c.challenge, signature: c.signature, nonce: solveChallenge(c.challenge, c.difficulty) };
  };
  const form = (over: Record<string, unknown> = {}) => ({
    consent: true,
    requester: { name: 'Petra Kowalski', relation: 'relative', email: 'petra@example.org', preferredContact: 'email' },
    subject: { familyName: 'Kowalski', givenNames: 'Erna', birthDate: '1938-04-02' },
    services: ['personalausweis'],
    location: { kind: 'home', street: 'Hauptstraße', houseNumber: '12', postcode: '44787', city: 'Bochum' },
    availability: [{ weekday: 3, from: '09:00', to: '12:00' }],
    urgency: 'normal',
    ...over,
  });
  const submit = (body: object, ip = freshIp()) => app.inject({ method: 'POST', url: '/api/public/visit-requests', headers: { 'x-forwarded-for': ip }, payload: body });
  const submitMultipart = async (body: object, file: { content: Uint8Array; type: string; name: string }, ip = freshIp()) => {
    const data = new FormData();
    data.append('request', JSON.stringify(body));
    data.append('proof', new Blob([Buffer.from(file.content)], { type: file.type }), file.name);
    const encoded = new Request('http://localhost/', { method: 'POST', body: data });
    return app.inject({
      method: 'POST', url: '/api/public/visit-requests',
      headers: { 'x-forwarded-for': ip, 'content-type': encoded.headers.get('content-type')! },
      payload: Buffer.from(await encoded.arrayBuffer()),
    });
  };
  const tokenOf = (statusUrl: string) => statusUrl.split('/').pop()!;
  const status = (token: string) => app.inject({ method: 'GET', url: `/api/public/visit-requests/status/${token}` });

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    ({ database, ctx, app, municipalityId } = await startTestServer({ now: new Date('2026-12-02T09:00:00Z'), config: { portalPowBits: bits, smtpUrl: smtp.url } }));
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await smtp?.stop();
  });

  it('issues a challenge of the configured difficulty for the only municipality', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/public/challenge' });
    expect(response.json()).toMatchObject({ difficulty: bits, municipality: { ags: expect.stringMatching(/^\d{8}$/) } });
  });

  it('takes a request with a solved challenge: open, channel web, reference and status link, acknowledgement mailed', async () => {
    const before = smtp.messages.length;
    const response = await submit({ ...form(), solution: await challenge() });
    expect(response.statusCode).toBe(201);
    const created = response.json<{ reference: string; statusUrl: string; acknowledgement: string }>();
    expect(created.reference).toMatch(/^HB-/);
    expect(created.statusUrl).toMatch(/^https:\/\/buergerkoffer\.example\/hausbesuch\/status\/[A-Za-z0-9_-]{43}$/);
    expect(created.acknowledgement).toBe('sent');
    const [row] = await database.db.select().from(visitRequests).where(eq(visitRequests.reference, created.reference));
    expect(row).toMatchObject({ channel: 'web', status: 'open', createdByName: 'Webformular' });
    const [mail] = (await smtp.waitForMessages(before + 1)).slice(before);
    expect(mail!.envelope.to).toEqual(['petra@example.org']);
    expect(mail!.parsed.text).toContain(created.statusUrl);
    expect(mail!.parsed.subject).toContain(created.reference);
  });

  it('rejects an unsolved, forged or replayed challenge', async () => {
    const solution = await challenge();
    const wrongNonce = await submit({ ...form(), solution: { ...solution, nonce: 'x' } });
    // With 4 bits, "x" may by chance be a solution; the signature check never is.
    const forged = await submit({ ...form(), solution: { ...solution, signature: solution.signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) } });
    expect(forged.statusCode).toBe(400);
    expect(forged.json()).toMatchObject({ error: { code: 'POW_INVALID', details: { reason: 'signature', text: { de: expect.any(String), en: expect.any(String) } } } });
    if (wrongNonce.statusCode !== 201) expect(wrongNonce.json()).toMatchObject({ error: { code: 'POW_INVALID', details: { reason: 'insufficient_work' } } });

    const fresh = await challenge();
    expect((await submit({ ...form(), solution: fresh })).statusCode).toBe(201);
    const replay = await submit({ ...form(), solution: fresh });
    expect(replay.statusCode).toBe(409);
    expect(replay.json()).toMatchObject({ error: { code: 'POW_SPENT' } });
  });

  it('needs a proof of authority from a Betreuer, stores it when sent, and refuses files that are not PDF, JPEG or PNG', async () => {
    const betreuer = form({ requester: { name: 'Dr. Hans Berger', relation: 'betreuer', phone: '0234 555', preferredContact: 'phone' } });
    const missing = await submit({ ...betreuer, solution: await challenge() });
    expect(missing.statusCode).toBe(422);
    const problems = missing.json<{ error: { details: { problems: { code: string; field: string; message: { de: string } }[] } } }>().error.details.problems;
    expect(problems).toEqual([expect.objectContaining({ code: 'PROOF_MISSING', field: 'proof' })]);

    const wrongType = await submitMultipart({ ...betreuer, solution: await challenge() }, { content: Buffer.from('not a scan'), type: 'application/pdf', name: 'x.pdf' });
    expect(wrongType.statusCode).toBe(422);
    expect(wrongType.json()).toMatchObject({ error: { details: { problems: [{ code: 'PROOF_TYPE' }] } } });

    const sent = await submitMultipart({ ...betreuer, solution: await challenge() }, { content: samplePdf, type: 'application/pdf', name: 'Betreuerausweis.pdf' });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({ acknowledgement: 'none' });
    const [row] = await database.db.select().from(visitRequests).where(eq(visitRequests.reference, sent.json<{ reference: string }>().reference));
    const files = await database.db.select().from(requestAttachments).where(eq(requestAttachments.requestId, row!.id));
    expect(files.map((f) => ({ kind: f.kind, source: f.source, contentType: f.contentType, filename: f.filename }))).toEqual([
      { kind: 'authority_proof', source: 'portal', contentType: 'application/pdf', filename: 'Betreuerausweis.pdf' },
    ]);
  });

  it('names every missing field of the form, consent included, in German and English', async () => {
    const response = await submit({ ...form({ consent: false, services: [], requester: { name: 'X', relation: 'self', preferredContact: 'phone' } }), solution: await challenge() });
    expect(response.statusCode).toBe(422);
    const codes = response.json<{ error: { details: { problems: { code: string }[] } } }>().error.details.problems.map((p) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['CONSENT_MISSING', 'SERVICES_MISSING', 'REQUESTER_CONTACT_MISSING']));
  });

  it('limits submissions to 5 an hour per address', async () => {
    const ip = freshIp();
    const codes: number[] = [];
    for (let i = 0; i < 6; i += 1) codes.push((await submit({ ...form(), solution: await challenge() }, ip)).statusCode);
    expect(codes.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(codes[5]).toBe(429);
    expect((await submit({ ...form(), solution: await challenge() }, freshIp())).statusCode).toBe(201);
  });

  it('shows the requester their request without register data, and 404 for an unknown link', async () => {
    const created = (await submit({ ...form(), solution: await challenge() })).json<{ reference: string; statusUrl: string }>();
    const response = await status(tokenOf(created.statusUrl));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      reference: created.reference, state: 'in_review', stateText: { de: expect.any(String), en: expect.any(String) },
      subjectName: 'Erna Kowalski', services: ['personalausweis'], createdAt: '2026-12-02T09:00:00.000Z', visit: null, canCancel: true, offers: [],
    });
    expect((await status('A'.repeat(43))).statusCode).toBe(404);
    expect((await status('short')).json()).toMatchObject({ error: { code: 'STATUS_LINK_UNKNOWN' } });
  });

  it('cancelling frees the stop and offers the slot to the waitlist; the first acceptance wins, the second is told it is taken', async () => {
    const created = (await submit({ ...form(), solution: await challenge() })).json<{ reference: string; statusUrl: string }>();
    const token = tokenOf(created.statusUrl);
    const [cancelling] = await database.db.select().from(visitRequests).where(eq(visitRequests.reference, created.reference));
    const system = { kind: 'system' as const, name: 'test', municipalityId };
    const waitlisted = async (name: string, over: { urgency?: 'normal' | 'high' | 'urgent'; waitlistedAt: string; email?: string; weekday?: number }) => {
      const made = await createVisitRequest(database.db, system, {
        municipalityId, channel: 'phone', status: 'open', subject: { familyName: name, givenNames: 'Anna' },
        requester: { name: `Familie ${name}`, relation: 'relative', preferredContact: over.email ? 'email' : 'phone', phone: '0234 1', ...(over.email ? { email: over.email } : {}) },
        services: ['meldebescheinigung'],
        location: { kind: 'home', street: 'Hauptstraße', houseNumber: '1', postcode: '44787', city: 'Bochum', latitude: 51.485, longitude: 7.22 },
        availability: over.weekday ? [{ weekday: over.weekday, from: '08:00', to: '16:00' }] : [], urgency: over.urgency ?? 'normal',
        urgencyReason: over.urgency && over.urgency !== 'normal' ? 'Rentenantrag' : null,
      }, ctx.now());
      await database.db.update(visitRequests).set({ status: 'eligible', waitlistedAt: new Date(over.waitlistedAt) }).where(eq(visitRequests.id, made.id));
      return made;
    };
    const longest = await waitlisted('Lang', { waitlistedAt: '2026-11-20T10:00:00Z', email: 'lang@example.org' });
    const urgent = await waitlisted('Eilig', { urgency: 'urgent', waitlistedAt: '2026-11-28T10:00:00Z', email: 'eilig@example.org' });
    const mondaysOnly = await waitlisted('Montag', { waitlistedAt: '2026-11-10T10:00:00Z', email: 'montag@example.org', weekday: 1 });
    const noMail = await waitlisted('Telefon', { urgency: 'high', waitlistedAt: '2026-11-25T10:00:00Z' });
    const fourth = await waitlisted('Vierte', { waitlistedAt: '2026-11-29T10:00:00Z', email: 'vierte@example.org' });

    const [kit] = await database.db.insert(kits).values({ municipalityId, name: 'Koffer Test', maxStops: 4 }).returning();
    const [tour] = await database.db.insert(tours).values({
      municipalityId, date: day, kitId: kit!.id, officerIds: [], status: 'confirmed', departAt: berlin('08:30'), returnAt: berlin('12:30'),
    }).returning();
    const stop = (sequence: number, requestIds: string[], from: string, to: string) => ({
      municipalityId, tourId: tour!.id, sequence, place: 'Hauptstraße 12, 44787 Bochum', latitude: 51.484, longitude: 7.218,
      arriveAt: berlin(from), startAt: berlin(from), endAt: berlin(to), requestIds,
    });
    const other = await waitlisted('Andere', { waitlistedAt: '2026-11-01T10:00:00Z' });
    await database.db.update(visitRequests).set({ status: 'planned' }).where(eq(visitRequests.id, other.id));
    await database.db.update(visitRequests).set({ status: 'planned' }).where(eq(visitRequests.id, cancelling!.id));
    await database.db.insert(tourStops).values([stop(1, [cancelling!.id], '09:00', '09:40'), stop(2, [other.id], '11:30', '12:00')]);

    const planned = (await status(token)).json<{ state: string; visit: { date: string; place: string } | null }>();
    expect(planned).toMatchObject({ state: 'planned', visit: { date: day, place: 'Hauptstraße 12, 44787 Bochum', from: berlin('09:00').toISOString() } });

    const mailsBefore = smtp.messages.length;
    const cancelled = await app.inject({ method: 'POST', url: `/api/public/visit-requests/status/${token}/cancel`, payload: { reason: 'Mutter ist ins Krankenhaus gekommen' } });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ state: 'cancelled', canCancel: false, visit: null });
    const stops = await database.db.select().from(tourStops).where(eq(tourStops.tourId, tour!.id));
    expect(stops.map((s) => ({ sequence: s.sequence, requestIds: s.requestIds }))).toEqual([{ sequence: 1, requestIds: [other.id] }]);
    const [tourAfter] = await database.db.select().from(tours).where(eq(tours.id, tour!.id));
    expect(tourAfter!.returnAt).toEqual(berlin('12:30'));
    const [cancelEvent] = await database.db.select().from(requestEvents).where(and(eq(requestEvents.requestId, cancelling!.id), eq(requestEvents.kind, 'cancelled')));
    expect(cancelEvent!.detail).toMatchObject({ by: 'requester', previousStatus: 'planned', reason: 'Mutter ist ins Krankenhaus gekommen' });
    expect((await app.inject({ method: 'POST', url: `/api/public/visit-requests/status/${token}/cancel`, payload: {} })).json()).toMatchObject({ error: { code: 'REQUEST_NOT_CANCELLABLE' } });

    // Urgent first, then high, then the longest waiting; Mondays-only does not fit a Wednesday; three are asked.
    const offered = await database.db.select({ requestId: requestEvents.requestId, detail: requestEvents.detail }).from(requestEvents).where(eq(requestEvents.kind, 'offered'));
    expect(offered.map((o) => o.requestId).sort()).toEqual([urgent.id, noMail.id, longest.id].sort());
    expect(offered.find((o) => o.requestId === noMail.id)!.detail).toMatchObject({ channel: 'dispatcher', tourId: tour!.id, date: day });
    expect(offered.some((o) => o.requestId === mondaysOnly.id || o.requestId === fourth.id)).toBe(false);

    // The cancellation mail and two offer mails (the third asked has no address).
    const mails = (await smtp.waitForMessages(mailsBefore + 3)).slice(mailsBefore);
    expect(mails.map((m) => m.envelope.to[0]).sort()).toEqual(['eilig@example.org', 'lang@example.org', 'petra@example.org']);
    const kinds = await database.db.select({ kind: requestCorrespondence.kind }).from(requestCorrespondence).where(eq(requestCorrespondence.requestId, cancelling!.id));
    expect(kinds.map((k) => k.kind)).toEqual(['acknowledgement', 'cancellation']);
    const offerMail = mails.find((m) => m.envelope.to[0] === 'eilig@example.org')!;
    const offerToken = /\/hausbesuch\/status\/([A-Za-z0-9_-]+)/.exec(offerMail.parsed.text ?? '')![1]!;

    const seen = (await status(offerToken)).json<{ state: string; offers: { date: string }[] }>();
    expect(seen).toMatchObject({ state: 'waiting', offers: [{ date: day }] });

    const accepted = await app.inject({ method: 'POST', url: `/api/public/visit-requests/status/${offerToken}/accept-offer`, payload: {} });
    expect(accepted.statusCode).toBe(200);
    // The tour is confirmed already: so is the visit, with its own confirmation mail.
    expect(accepted.json()).toMatchObject({ state: 'confirmed', offers: [], visit: { date: day } });
    const confirmation = (await smtp.waitForMessages(mailsBefore + 4)).slice(mailsBefore + 3);
    expect(confirmation.map((m) => [m.envelope.to[0], m.parsed.attachments.map((a) => a.filename).at(-1)])).toEqual([['eilig@example.org', 'Hausbesuch.ics']]);
    const after = await database.db.select().from(tourStops).where(eq(tourStops.tourId, tour!.id));
    const added = after.find((s) => s.requestIds.includes(urgent.id))!;
    // Into the gap the cancellation left: before the other stop, which keeps its time.
    expect(added.sequence).toBe(1);
    expect(added.startAt.getTime()).toBeGreaterThanOrEqual(berlin('08:30').getTime());
    expect(added.endAt.getTime()).toBeLessThanOrEqual(berlin('11:30').getTime());
    expect(after.find((s) => s.requestIds.includes(other.id))!.sequence).toBe(2);

    // The longest waiting accepts with their own status link: too late.
    const second = await app.inject({ method: 'POST', url: `/api/public/visit-requests/status/${longest.statusToken}/accept-offer`, payload: {} });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ error: { code: 'OFFER_TAKEN', details: { text: { de: expect.stringContaining('schon') } } } });
    expect((await status(longest.statusToken)).json()).toMatchObject({ state: 'waiting', offers: [] });
    const [still] = await database.db.select().from(visitRequests).where(eq(visitRequests.id, longest.id));
    expect(still!.status).toBe('eligible');
    expect((await app.inject({ method: 'POST', url: `/api/public/visit-requests/status/${fourth.statusToken}/accept-offer`, payload: {} })).json())
      .toMatchObject({ error: { code: 'OFFER_NONE' } });
  });

  it('a resident of the institution joins its Sammeltermin on a full confirmed tour when the dispatcher takes the offer on the phone', async () => {
    const thursday = '2026-12-10';
    const at = (hhmm: string) => new Date(`${thursday}T${hhmm}:00+01:00`);
    const system = { kind: 'system' as const, name: 'test', municipalityId };
    const dispatcher = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['dispatcher'] }), municipalityId);
    const [municipality] = await database.db.select().from(municipalities).where(eq(municipalities.id, municipalityId));
    const [address] = await database.db.insert(addresses).values({
      municipalityId, street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum', ags: municipality!.ags, addressKey: 'test|stadtpark|3', latitude: 51.49, longitude: 7.23,
    }).returning();
    const [home] = await database.db.insert(institutions).values({
      municipalityId, name: 'Seniorenzentrum Am Stadtpark', kind: 'care_home', addressId: address!.id, visitingHours: { 4: [['09:00', '12:00']] },
    }).returning();
    const resident = async (name: string, status: 'planned' | 'eligible', waitlistedAt: string | null) => {
      const made = await createVisitRequest(database.db, system, {
        municipalityId, channel: 'phone', status: 'open', subject: { familyName: name, givenNames: 'Karl' },
        requester: { name: 'Pflegedienst', relation: 'care_home', preferredContact: 'phone', phone: '0234 77' },
        services: ['lebensbescheinigung'], availability: [], urgency: 'urgent', urgencyReason: 'Rentenstelle',
        location: { kind: 'institution', institutionId: home!.id, street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum' },
      }, ctx.now());
      await database.db.update(visitRequests).set({ status, waitlistedAt: waitlistedAt ? new Date(waitlistedAt) : null }).where(eq(visitRequests.id, made.id));
      return made;
    };
    const leaving = await resident('Abreise', 'planned', null);
    const staying = await resident('Bleibt', 'planned', null);
    const waiting = await resident('Wartet', 'eligible', '2026-10-01T10:00:00Z');
    const neighbour = await resident('Nachbar', 'planned', null);
    const [kit] = await database.db.insert(kits).values({ municipalityId, name: 'Koffer Voll', maxStops: 2 }).returning();
    const [tour] = await database.db.insert(tours).values({
      municipalityId, date: thursday, kitId: kit!.id, officerIds: [], status: 'confirmed', departAt: at('08:30'), returnAt: at('12:30'),
    }).returning();
    await database.db.insert(tourStops).values([
      { municipalityId, tourId: tour!.id, sequence: 1, institutionId: home!.id, place: 'Seniorenzentrum Am Stadtpark, Am Stadtpark 3, 44791 Bochum', latitude: 51.49, longitude: 7.23,
        arriveAt: at('09:00'), startAt: at('09:00'), endAt: at('09:40'), requestIds: [leaving.id, staying.id] },
      { municipalityId, tourId: tour!.id, sequence: 2, place: 'Hauptstraße 1, 44787 Bochum', latitude: 51.485, longitude: 7.22,
        arriveAt: at('11:00'), startAt: at('11:00'), endAt: at('11:30'), requestIds: [neighbour.id] },
    ]);

    expect((await app.inject({ method: 'POST', url: `/api/public/visit-requests/status/${leaving.statusToken}/cancel`, payload: {} })).statusCode).toBe(200);
    // The tour has as many stops as the kit takes: only a resident of the home could be offered the room.
    const offers = await database.db.select({ requestId: requestEvents.requestId, detail: requestEvents.detail }).from(requestEvents)
      .where(and(eq(requestEvents.kind, 'offered'), sql`${requestEvents.detail}->>'tourId' = ${tour!.id}`));
    expect(offers.map((o) => o.requestId)).toEqual([waiting.id]);

    const week = await app.inject({ method: 'GET', url: '/api/planning/weeks/2026-12-07', headers: dispatcher });
    const listed = week.json<{ week: { waiting: { id: string; offers: { slotId: string; date: string }[] }[] } }>().week.waiting.find((w) => w.id === waiting.id)!;
    expect(listed.offers).toEqual([expect.objectContaining({ date: thursday })]);
    const taken = await app.inject({ method: 'POST', url: `/api/visit-requests/${waiting.id}/accept-offer`, headers: dispatcher, payload: { slotId: listed.offers[0]!.slotId } });
    expect(taken.statusCode).toBe(200);
    expect(taken.json()).toMatchObject({ date: thursday, confirmation: 'letter' });

    const stops = await database.db.select().from(tourStops).where(eq(tourStops.tourId, tour!.id));
    const sammeltermin = stops.find((s) => s.sequence === 1)!;
    expect(sammeltermin.requestIds).toEqual([staying.id, waiting.id]);
    // Lebensbescheinigung: 3 minutes more, no second set-up.
    expect(sammeltermin.endAt).toEqual(at('09:43'));
    expect(stops).toHaveLength(2);
    const [row] = await database.db.select().from(visitRequests).where(eq(visitRequests.id, waiting.id));
    expect(row!.status).toBe('confirmed');
    const letters = await database.db.select().from(requestCorrespondence).where(and(eq(requestCorrespondence.requestId, waiting.id), eq(requestCorrespondence.channel, 'letter')));
    expect(letters).toEqual([expect.objectContaining({ kind: 'confirmation', status: 'queued', tourStopId: sammeltermin.id })]);
    const again = await app.inject({ method: 'POST', url: `/api/visit-requests/${waiting.id}/accept-offer`, headers: dispatcher, payload: {} });
    expect(again.json()).toMatchObject({ error: { code: 'OFFER_NONE' } });
  });
});
