import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../audit/schema.ts';
import type { SystemActor } from '../identity/principal.ts';
import type { Database } from '../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../platform/db/testing.ts';
import { AppError } from '../platform/errors.ts';
import { testContext } from '../platform/testing.ts';
import { insertTestPerson } from '../register/search/testing.ts';
import { addRequestAttachment } from './attachments.ts';
import { createVisitRequest, type NewVisitRequest } from './create-request.ts';
import { findDuplicateRequests } from './duplicates.ts';
import { getVisitRequest } from './get-request.ts';
import { listVisitRequests } from './list-requests.ts';
import { matchRequestSubject, suggestSubjectMatches } from './match-subject.ts';
import { mergeVisitRequests } from './merge-requests.ts';
import { requestCorrespondence, visitRequests } from './schema.ts';
import { updateVisitRequest } from './update-request.ts';
import type { RequestProblem } from './validate-request.ts';

const failsWith = (code: string, status?: number) => (error: unknown) =>
  error instanceof AppError && error.code === code && (status === undefined || error.status === status);
const problemsOf = (error: unknown) => ((error as AppError).details?.problems as RequestProblem[]).map((p) => `${p.code}@${p.field}`);

describe('visit requests: edit, list, match, duplicates, merge', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let municipalityId: string;
  let actor: SystemActor;
  const now = new Date('2026-12-01T09:00:00Z');

  const newRequest = (overrides: Partial<NewVisitRequest> = {}): NewVisitRequest => ({
    municipalityId,
    channel: 'phone',
    status: 'open',
    subject: { familyName: 'Kowalski', givenNames: 'Erna', birthDate: '1938-04-02' },
    requester: { name: 'Jan Kowalski', relation: 'relative', phone: '0234 1234', preferredContact: 'phone' },
    services: ['personalausweis'],
    location: { kind: 'home', street: 'Hauptstraße', houseNumber: '3', postcode: '44787', city: 'Bochum' },
    availability: [{ weekday: 2, from: '09:00', to: '12:00' }],
    urgency: 'normal',
    ...overrides,
  });
  const create = async (overrides: Partial<NewVisitRequest> = {}) => createVisitRequest(database.db, actor, newRequest(overrides), ctx.now());

  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
    ctx = testContext(database, { now });
    actor = { kind: 'system', name: 'Disposition Test', municipalityId };
  });
  afterAll(async () => {
    await database.close();
  });

  it('completes a draft from the inbox, reporting every problem with its field', async () => {
    const draft = await create({
      status: 'draft', channel: 'email', services: [], subject: { familyName: '', givenNames: '' },
      requester: { name: 'Petra Schulz', relation: 'relative', email: 'petra@example.org', preferredContact: 'email' },
    });
    const attempt = updateVisitRequest(ctx, actor, {
      requestId: draft.id, version: 1, open: true,
      changes: { availability: [{ weekday: 8, from: '12:00', to: '11:00' }], neededBy: '2026-02-30', urgency: 'urgent', services: ['hundesteuer'] },
    });
    await expect(attempt).rejects.toSatisfy(failsWith('REQUEST_INVALID', 422));
    expect(problemsOf(await attempt.catch((e: unknown) => e))).toEqual([
      'SUBJECT_FAMILY_NAME_MISSING@subject.familyName', 'SUBJECT_GIVEN_NAMES_MISSING@subject.givenNames', 'SERVICE_UNKNOWN@services.0',
      'AVAILABILITY_SPAN_EMPTY@availability.0.to', 'AVAILABILITY_WEEKDAY_INVALID@availability.0.weekday', 'NEEDED_BY_INVALID@neededBy',
      'URGENCY_REASON_MISSING@urgencyReason',
    ]);
    // Saving the draft without opening it only checks what is there.
    ctx.setNow(new Date('2026-12-01T09:05:00Z'));
    const saved = await updateVisitRequest(ctx, actor, { requestId: draft.id, version: 1, changes: { subject: { familyName: 'Schulz', givenNames: 'Gerda' } } });
    expect(saved).toMatchObject({ status: 'draft', version: 2, subjectName: 'Gerda Schulz' });
    ctx.setNow(new Date('2026-12-01T09:10:00Z'));
    const opened = await updateVisitRequest(ctx, actor, { requestId: draft.id, version: 2, open: true, changes: { services: ['personalausweis', 'personalausweis'], urgency: 'high', urgencyReason: ' Rentenantrag ' } });
    expect(opened).toMatchObject({ status: 'open', version: 3, services: ['personalausweis'], urgencyReason: 'Rentenantrag' });
    expect(opened.events.map((e) => [e.kind, e.detail])).toEqual([
      ['created', expect.objectContaining({ status: 'draft' })],
      ['updated', { fields: ['subject'] }],
      ['updated', { fields: ['services', 'urgency', 'urgencyReason'], status: { from: 'draft', to: 'open' } }],
    ]);
    await expect(updateVisitRequest(ctx, actor, { requestId: draft.id, version: 2, changes: { notes: 'x' } })).rejects.toSatisfy(failsWith('REQUEST_VERSION_CONFLICT', 409));
    await expect(updateVisitRequest(ctx, actor, { requestId: draft.id, version: 3, changes: { requester: { name: 'Petra Schulz', relation: 'relative', preferredContact: 'email' } } }))
      .rejects.toSatisfy((e: unknown) => failsWith('REQUEST_INVALID')(e) && problemsOf(e).join() === 'REQUESTER_EMAIL_MISSING@requester.email');
    ctx.setNow(now);
  });

  it('reopens a decided request when the person or the place changes, not for other edits', async () => {
    const made = await create();
    await database.db.update(visitRequests).set({ status: 'eligible', waitlistedAt: now }).where(eq(visitRequests.id, made.id));
    const noted = await updateVisitRequest(ctx, actor, { requestId: made.id, version: 1, changes: { notes: 'Klingel defekt', services: ['personalausweis', 'meldebescheinigung'] } });
    expect(noted.status).toBe('eligible');
    const moved = await updateVisitRequest(ctx, actor, {
      requestId: made.id, version: 2,
      changes: { location: { kind: 'institution', institutionId: '00000000-0000-4000-8000-00000000abcd', street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum' } },
    });
    expect(moved.status).toBe('open');
    expect(moved.events.filter((e) => e.kind === 'updated').map((e) => e.detail)).toEqual(expect.arrayContaining([
      { fields: ['notes', 'services'] }, { fields: ['location'], status: { from: 'eligible', to: 'open' }, decisionReset: true },
    ]));
    const [row] = await database.db.select().from(visitRequests).where(eq(visitRequests.id, made.id));
    expect(row!.waitlistedAt).toBeNull();
  });

  it('lists by status, channel and text, with paging', async () => {
    const other = { ...newRequest(), subject: { familyName: 'Müller-Lüdenscheidt', givenNames: 'Heinrich' }, channel: 'web' as const };
    const a = await createVisitRequest(database.db, actor, other, new Date('2026-12-01T10:00:00Z'));
    const b = await createVisitRequest(database.db, actor, { ...other, requester: { ...other.requester, name: 'Seniorenzentrum Nord', relation: 'care_home', organisation: 'AWO' } }, new Date('2026-12-01T11:00:00Z'));
    // Accents folded: "muller" finds Müller.
    expect((await listVisitRequests(ctx, actor, { text: 'muller' })).total).toBe(2);
    const byName = await listVisitRequests(ctx, actor, { text: 'Müller-Lüd' });
    expect(byName.requests.map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await listVisitRequests(ctx, actor, { text: 'heinrich müller' })).total).toBe(2);
    expect((await listVisitRequests(ctx, actor, { text: a.reference.toLowerCase() })).requests.map((r) => r.id)).toEqual([a.id]);
    expect((await listVisitRequests(ctx, actor, { text: 'seniorenzentrum' })).requests.map((r) => r.id)).toEqual([b.id]);
    expect((await listVisitRequests(ctx, actor, { channel: 'web' })).total).toBe(2);
    const page = await listVisitRequests(ctx, actor, { channel: 'web', limit: 1, offset: 1 });
    expect(page).toMatchObject({ total: 2, requests: [{ id: a.id, subjectName: 'Heinrich Müller-Lüdenscheidt', requesterName: 'Jan Kowalski' }] });
    expect((await listVisitRequests(ctx, actor, { status: ['draft'] })).requests.every((r) => r.status === 'draft')).toBe(true);
  });

  it('matches the subject to the register, logged with the reference as purpose', async () => {
    const personId = await insertTestPerson(database.db, municipalityId, {
      familyName: 'Brenner', givenNames: ['Hildegard'], birthDate: '1931-02-03', address: { street: 'Am Stadtpark', houseNumber: '12' },
      blocks: [{ kind: 'bedingter_sperrvermerk', validFrom: '2020-01-01' }],
    });
    const request = await create({ subject: { familyName: 'Brener', givenNames: 'Hildegard', birthDate: '1931-02-03' } });
    const suggestions = await suggestSubjectMatches(ctx, actor, request.id);
    expect(suggestions.hits.map((h) => h.personId)).toEqual([personId]);
    ctx.setNow(new Date('2026-12-01T09:20:00Z'));
    const view = await matchRequestSubject(ctx, actor, { requestId: request.id, personId, version: 1 });
    expect(view).toMatchObject({ personId, version: 2 });
    expect(view.events.map((e) => e.kind)).toEqual(['created', 'matched']);
    const logged = await database.db.select().from(auditEntries).where(and(eq(auditEntries.municipalityId, municipalityId), eq(auditEntries.purpose, `Hausbesuch ${request.reference}`)));
    expect(logged.map((e) => e.action).sort()).toEqual(['register.search', 'register.search.blocked_hit', 'requests.subject.match']);
    expect(logged.find((e) => e.action === 'requests.subject.match')).toMatchObject({ personIds: [personId], details: { blocked: true } });
    await expect(matchRequestSubject(ctx, actor, { requestId: request.id, personId: '00000000-0000-4000-8000-000000000000' })).rejects.toSatisfy(failsWith('NOT_FOUND', 404));
    expect((await matchRequestSubject(ctx, actor, { requestId: request.id, personId: null })).personId).toBeNull();
    ctx.setNow(now);
  });

  it('finds duplicates by register person or by name and birth date, and merges with everything moved', async () => {
    const personId = await insertTestPerson(database.db, municipalityId, { familyName: 'Yılmaz', givenNames: ['Ayşe'], birthDate: '1940-05-06' });
    const first = await create({ subject: { familyName: 'Yılmaz', givenNames: 'Ayşe', birthDate: '1940-05-06' }, personId, neededBy: '2026-12-20' });
    const sameName = await create({
      channel: 'email', status: 'draft', subject: { familyName: 'YILMAZ', givenNames: 'Ayse', birthDate: '1940-05-06', phone: '0234 555' },
      requester: { name: 'Pflegedienst Sonne', relation: 'other', email: 'info@sonne.example', preferredContact: 'email' },
      services: ['reisepass', 'personalausweis'], availability: [{ weekday: 4, from: '14:00', to: '16:00' }, { weekday: 2, from: '09:00', to: '12:00' }],
      urgency: 'urgent', urgencyReason: 'Reise im Januar', neededBy: '2026-12-10', notes: 'Klingel defekt',
    });
    const samePerson = await create({ subject: { familyName: 'Yilmaz-Demir', givenNames: 'Ayşe' }, personId });
    const otherBirth = await create({ subject: { familyName: 'Yılmaz', givenNames: 'Ayşe', birthDate: '1941-05-06' } });

    const duplicates = await findDuplicateRequests(database.db, municipalityId, first.id);
    expect(duplicates.map((d) => `${d.id} ${d.match}`).sort()).toEqual([`${sameName.id} name_and_birth_date`, `${samePerson.id} person`].sort());
    expect((await findDuplicateRequests(database.db, municipalityId, otherBirth.id))).toEqual([]);

    const attachment = await addRequestAttachment(database.db, {
      municipalityId, requestId: sameName.id, kind: 'evidence', filename: 'bescheid.pdf', contentType: 'application/pdf', content: new Uint8Array([1, 2, 3]), source: 'mail',
    });
    await database.db.insert(requestCorrespondence).values({ municipalityId, requestId: sameName.id, kind: 'acknowledgement', channel: 'email', recipient: 'info@sonne.example', status: 'sent' });

    ctx.setNow(new Date('2026-12-01T09:30:00Z'));
    await expect(mergeVisitRequests(ctx, actor, { keepId: first.id, mergeId: first.id })).rejects.toSatisfy(failsWith('MERGE_SAME_REQUEST', 400));
    const kept = await mergeVisitRequests(ctx, actor, { keepId: first.id, mergeId: sameName.id });
    expect(kept).toMatchObject({
      status: 'open', personId, services: ['personalausweis', 'reisepass'], urgency: 'urgent', urgencyReason: 'Reise im Januar', neededBy: '2026-12-10',
      notes: `Aus ${sameName.reference}: Klingel defekt`, requester: { name: 'Jan Kowalski', email: 'info@sonne.example' }, subject: { phone: '0234 555' },
      mergedRequests: [{ id: sameName.id, reference: sameName.reference }],
    });
    expect(kept.availability).toEqual([{ weekday: 2, from: '09:00', to: '12:00' }, { weekday: 4, from: '14:00', to: '16:00' }]);
    expect(kept.attachments.map((a) => a.id)).toEqual([attachment.id]);
    expect(kept.correspondence.map((c) => c.kind)).toEqual(['acknowledgement']);
    // The merged request's history shows on the kept one.
    expect(kept.events.filter((e) => e.requestId === sameName.id).map((e) => e.kind)).toEqual(['created', 'merged']);
    const [merged] = await database.db.select().from(visitRequests).where(eq(visitRequests.id, sameName.id));
    expect(merged).toMatchObject({ status: 'merged', mergedIntoId: first.id });
    expect((await findDuplicateRequests(database.db, municipalityId, first.id)).map((d) => d.id)).toEqual([samePerson.id]);
    await expect(mergeVisitRequests(ctx, actor, { keepId: first.id, mergeId: sameName.id })).rejects.toSatisfy(failsWith('MERGE_NOT_ACTIVE', 409));
    expect((await listVisitRequests(ctx, actor, { text: 'yilmaz' })).requests.map((r) => r.id)).not.toContain(sameName.id);

    const stranger = await insertTestPerson(database.db, municipalityId, { familyName: 'Yılmaz', givenNames: ['Ayşe'], birthDate: '1940-05-06' });
    const namesake = await create({ subject: { familyName: 'Yılmaz', givenNames: 'Ayşe', birthDate: '1940-05-06' }, personId: stranger });
    expect((await findDuplicateRequests(database.db, municipalityId, first.id)).map((d) => d.id)).not.toContain(namesake.id);
    await expect(mergeVisitRequests(ctx, actor, { keepId: first.id, mergeId: namesake.id })).rejects.toSatisfy(failsWith('MERGE_DIFFERENT_PERSONS', 409));
  });

  it('gets one request of the own municipality only', async () => {
    const request = await create();
    expect((await getVisitRequest(ctx, actor, request.id)).reference).toBe(request.reference);
    await expect(getVisitRequest(ctx, { ...actor, municipalityId: '00000000-0000-4000-8000-000000000009' }, request.id)).rejects.toSatisfy(failsWith('NOT_FOUND', 404));
  });
});
