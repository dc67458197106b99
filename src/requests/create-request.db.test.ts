import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemActor } from '../identity/principal.ts';
import type { Database } from '../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../platform/db/testing.ts';
import { AppError } from '../platform/errors.ts';
import { addRequestAttachment, getRequestAttachment } from './attachments.ts';
import { createVisitRequest, type NewVisitRequest } from './create-request.ts';
import { statusTokenHash } from './reference.ts';
import { requestEvents, visitRequests } from './schema.ts';

describe('createVisitRequest and addRequestAttachment', () => {
  let database: Database;
  let municipalityId: string;
  let actor: SystemActor;
  const at = new Date('2026-12-01T09:00:00Z');
  const input = (overrides: Partial<NewVisitRequest> = {}): NewVisitRequest => ({
    municipalityId,
    channel: 'phone',
    status: 'open',
    subject: { familyName: 'Kowalski', givenNames: 'Erna', birthDate: '1938-04-02' },
    requester: { name: 'Jan Kowalski', relation: 'relative', phone: '0234 1234', preferredContact: 'phone' },
    services: ['id_card'],
    location: { kind: 'home', street: 'Hauptstraße', houseNumber: '3', postcode: '44787', city: 'Bochum' },
    availability: [{ weekday: 2, from: '09:00', to: '12:00' }],
    urgency: 'high',
    urgencyReason: 'Rentenantrag',
    neededBy: '2026-12-15',
    ...overrides,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
    actor = { kind: 'system', name: 'test', municipalityId };
  });
  afterAll(async () => {
    await database.close();
  });

  it('stores the request with a reference, a hashed status token and a created event', async () => {
    const created = await database.db.transaction((tx) => createVisitRequest(tx, actor, input(), at));
    expect(created.reference).toMatch(/^HB-[0-9A-Z]{4}-[0-9A-Z*~$=U]{4}$/);
    const [row] = await database.db.select().from(visitRequests).where(eq(visitRequests.id, created.id));
    expect(row).toMatchObject({ status: 'open', channel: 'phone', urgency: 'high', neededBy: '2026-12-15', createdByName: 'test', version: 1 });
    expect(row!.statusTokenHash).toBe(statusTokenHash(created.statusToken));
    const events = await database.db.select().from(requestEvents).where(eq(requestEvents.requestId, created.id));
    expect(events.map((e) => e.kind)).toEqual(['created']);
  });

  it('refuses to open an incomplete request but keeps it as a draft', async () => {
    const incomplete = input({ services: [], subject: { familyName: '', givenNames: '' } });
    await expect(createVisitRequest(database.db, actor, incomplete, at)).rejects.toSatisfy(
      (e: unknown) => e instanceof AppError && e.code === 'REQUEST_INCOMPLETE');
    const draft = await createVisitRequest(database.db, actor, { ...incomplete, status: 'draft', channel: 'email' }, at);
    const [row] = await database.db.select().from(visitRequests).where(eq(visitRequests.id, draft.id));
    expect(row!.status).toBe('draft');
  });

  it('keeps attachments with the request and only in its municipality', async () => {
    const created = await createVisitRequest(database.db, actor, input(), at);
    const content = new TextEncoder().encode('Pflegegrad 4');
    const { id } = await addRequestAttachment(database.db, {
      municipalityId, requestId: created.id, kind: 'evidence', filename: '../bescheid.pdf', contentType: 'application/pdf', content, source: 'upload',
    });
    const stored = await getRequestAttachment(database.db, municipalityId, created.id, id);
    expect(stored).toMatchObject({ filename: '.._bescheid.pdf', size: content.byteLength, kind: 'evidence' });
    expect(new TextDecoder().decode(stored!.content)).toBe('Pflegegrad 4');
    await expect(addRequestAttachment(database.db, {
      municipalityId, requestId: '00000000-0000-0000-0000-000000000000', kind: 'evidence', filename: 'x', contentType: 'text/plain', content, source: 'upload',
    })).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.status === 404);
  });
});
