import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../../audit/schema.ts';
import { poppler } from '../../documents/testing.ts';
import { issuedDocuments } from '../../documents/schema.ts';
import type { SystemActor } from '../../identity/principal.ts';
import type { Database } from '../../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../../platform/db/testing.ts';
import { AppError } from '../../platform/errors.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../platform/mail/testing.ts';
import { testContext } from '../../platform/testing.ts';
import { institutions, residences } from '../../register/schema.ts';
import { insertTestPerson } from '../../register/search/testing.ts';
import { createVisitRequest, type NewVisitRequest } from '../create-request.ts';
import { eligibilityDecisions, requestCorrespondence, requestEvents, visitRequests } from '../schema.ts';
import { decideEligibility } from './decide.ts';
import { bochumRules, essenRules } from './presets.ts';
import { addEligibilityRuleSet, listEligibilityRuleSets } from './rule-sets.ts';

const failsWith = (code: string, status?: number) => (error: unknown) =>
  error instanceof AppError && error.code === code && (status === undefined || error.status === status);

describe('eligibility rule sets and decisions', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let municipalityId: string;
  let actor: SystemActor;
  let smtp: TestSmtpServer;
  const now = new Date('2026-12-01T09:00:00Z');

  const newRequest = (overrides: Partial<NewVisitRequest> = {}): NewVisitRequest => ({
    municipalityId,
    channel: 'phone',
    status: 'open',
    subject: { familyName: 'Kowalski', givenNames: 'Erna', birthDate: '1938-04-02' },
    requester: { name: 'Jan Kowalski', relation: 'relative', phone: '0234 1234', preferredContact: 'letter', postalAddress: ['Hauptstraße 3', '44787 Bochum'] },
    services: ['personalausweis'],
    location: { kind: 'home', street: 'Hauptstraße', houseNumber: '3', postcode: '44787', city: 'Bochum' },
    availability: [],
    urgency: 'normal',
    ...overrides,
  });
  const create = async (overrides: Partial<NewVisitRequest> = {}) => (await createVisitRequest(database.db, actor, newRequest(overrides), now)).id;

  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
    smtp = await startTestSmtpServer();
    ctx = testContext(database, { now, config: { smtpUrl: smtp.url } });
    actor = { kind: 'system', name: 'Disposition Test', municipalityId };
  });
  afterAll(async () => {
    await smtp?.stop();
    await database.close();
  });

  it('refuses to decide while no rule set is in force', async () => {
    const requestId = await create();
    await expect(decideEligibility(ctx, actor, { requestId, evidence: [] })).rejects.toSatisfy(failsWith('ELIGIBILITY_NO_RULES', 409));
  });

  it('stores versions; the one in force is the newest that has started', async () => {
    const v1 = await addEligibilityRuleSet(database.db, actor, { municipalityId, name: 'Richtlinie 2025', rules: bochumRules, validFrom: '2025-01-01' });
    const v2 = await addEligibilityRuleSet(database.db, actor, { municipalityId, name: 'Richtlinie 2027', rules: essenRules, validFrom: '2027-01-01' });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    const list = await listEligibilityRuleSets(database.db, municipalityId, '2026-12-01');
    expect(list.map((v) => [v.version, v.active, v.validFrom, v.validUntil])).toEqual([[1, true, '2025-01-01', '2026-12-31'], [2, false, '2027-01-01', null]]);
    expect((await listEligibilityRuleSets(database.db, municipalityId, '2027-01-01')).map((v) => v.active)).toEqual([false, true]);
    await expect(addEligibilityRuleSet(database.db, actor, { municipalityId, name: 'Zu früh', rules: bochumRules, validFrom: '2026-06-01' }))
      .rejects.toSatisfy(failsWith('ELIGIBILITY_RULES_INVALID', 409));
    await expect(addEligibilityRuleSet(database.db, actor, { municipalityId, name: 'Kaputt', rules: { criteria: [], alternatives: [] }, validFrom: '2027-02-01' }))
      .rejects.toSatisfy((e: unknown) => failsWith('ELIGIBILITY_RULES_INVALID', 400)(e) && (e as AppError).details?.field === 'rules.criteria');
  });

  it('decides eligible with the version in force, Pflegegrad 4 seen', async () => {
    const requestId = await create();
    const result = await decideEligibility(ctx, actor, { requestId, evidence: [{ kind: 'pflegegrad_bescheid', pflegegrad: 4, note: ' Bescheid vom 02.03.2026 ' }], note: 'Tochter am Telefon' });
    expect(result).toMatchObject({ outcome: 'eligible', overridden: false, ruleSet: { version: 1 }, letterDocumentId: null, requestVersion: 2 });
    const [request] = await database.db.select().from(visitRequests).where(eq(visitRequests.id, requestId));
    expect(request?.status).toBe('eligible');
    const [decision] = await database.db.select().from(eligibilityDecisions).where(eq(eligibilityDecisions.requestId, requestId));
    expect(decision).toMatchObject({ outcome: 'eligible', ruleVersion: 1, criteria: ['pflegegrad'], current: true, decidedByName: 'Disposition Test' });
    expect(decision?.evidence).toEqual([{ kind: 'pflegegrad_bescheid', pflegegrad: 4, note: 'Bescheid vom 02.03.2026' }]);
    expect(decision?.reasons).toContain('Pflegegrad 4 ist belegt');
    expect(decision?.reasons).toContain('Vermerk: Tochter am Telefon');
    const events = await database.db.select().from(requestEvents).where(eq(requestEvents.requestId, requestId));
    expect(events.map((e) => e.kind)).toEqual(['created', 'decided']);
  });

  it('denies Pflegegrad 3 and issues the letter with the reason and the alternatives', async () => {
    const requestId = await create();
    const result = await decideEligibility(ctx, actor, { requestId, evidence: [{ kind: 'pflegegrad_bescheid', pflegegrad: 3 }, { kind: 'schwerbehindertenausweis', merkzeichen: ['B'] }] });
    expect(result.outcome).toBe('denied');
    expect(result.verdict.denialCodes).toEqual(['NOT_IN_INSTITUTION', 'PFLEGEGRAD_TOO_LOW', 'MERKZEICHEN_MISSING']);
    expect(result.letterDocumentId).not.toBeNull();
    const [decision] = await database.db.select().from(eligibilityDecisions).where(eq(eligibilityDecisions.requestId, requestId));
    expect(decision).toMatchObject({ outcome: 'denied', letterDocumentId: result.letterDocumentId, criteria: ['NOT_IN_INSTITUTION', 'PFLEGEGRAD_TOO_LOW', 'MERKZEICHEN_MISSING'] });
    const [document] = await database.db.select().from(issuedDocuments).where(eq(issuedDocuments.id, result.letterDocumentId!));
    expect(document).toMatchObject({ kind: 'visit_denial', caseId: null, title: 'Ihre Anfrage nach einem Hausbesuch' });
    const text = poppler('pdftotext', document!.pdf).replace(/\s+/g, ' ');
    for (const phrase of [
      'Jan Kowalski', 'Hauptstraße 3', 'Erna Kowalski', 'Fassung 1',
      'Der Pflegegrad 3 liegt unter dem nötigen Pflegegrad 4.',
      'nicht das nötige Merkzeichen aG',
      'Befreiung von der Ausweispflicht', 'vorläufigen Personalausweis', 'Foto-Code', 'Online-Dienste', 'Bürgerbüro',
    ]) expect(text).toContain(phrase);
    const events = await database.db.select().from(requestEvents).where(eq(requestEvents.requestId, requestId));
    expect(events.map((e) => e.kind)).toEqual(['created', 'decided', 'letter']);
    // The requester wants post: the letter waits to be printed.
    expect(result.letterSent).toBe('letter');
    const letters = await database.db.select().from(requestCorrespondence).where(eq(requestCorrespondence.requestId, requestId));
    expect(letters).toEqual([expect.objectContaining({ kind: 'denial', channel: 'letter', status: 'queued', documentId: result.letterDocumentId, recipient: 'Jan Kowalski, Hauptstraße 3, 44787 Bochum' })]);
  });

  it('mails the denial letter to a requester who wants mail', async () => {
    const requestId = await create({ requester: { name: 'Jan Kowalski', relation: 'relative', email: 'jan@example.org', preferredContact: 'email' } });
    const result = await decideEligibility(ctx, actor, { requestId, evidence: [{ kind: 'pflegegrad_bescheid', pflegegrad: 2 }] });
    expect(result).toMatchObject({ outcome: 'denied', letterSent: 'email' });
    const [mail] = await smtp.waitForMessages(1);
    expect(mail!.envelope.to).toEqual(['jan@example.org']);
    expect(mail!.parsed.subject).toMatch(/^Ihre Anfrage nach einem Hausbesuch \[HB-/);
    expect(mail!.parsed.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
    const sent = await database.db.select().from(requestCorrespondence).where(eq(requestCorrespondence.requestId, requestId));
    expect(sent).toEqual([expect.objectContaining({ kind: 'denial', channel: 'email', status: 'sent', documentId: result.letterDocumentId })]);
  });

  it('confirms a care-home resident from the register (logged) and plans a Sammeltermin', async () => {
    const personId = await insertTestPerson(database.db, municipalityId, {
      familyName: 'Brenner', givenNames: ['Hilde'], birthDate: '1931-02-03', address: { street: 'Am Stadtpark', houseNumber: '12', movedIn: '2026-09-01' },
    });
    const [residence] = await database.db.select().from(residences).where(eq(residences.personId, personId));
    const [home] = await database.db.insert(institutions).values({ municipalityId, name: 'Seniorenzentrum Am Stadtpark', kind: 'care_home', addressId: residence!.addressId }).returning();
    const location = { kind: 'institution' as const, institutionId: home!.id, street: 'Am Stadtpark', houseNumber: '12', postcode: '44791', city: 'Bochum' };
    const matched = await create({ personId, location, subject: { familyName: 'Brenner', givenNames: 'Hilde' } });
    const result = await decideEligibility(ctx, actor, { requestId: matched, evidence: [] });
    expect(result).toMatchObject({ outcome: 'eligible', verdict: { criteriaMet: ['institution'], sammeltermin: true } });
    const logged = await database.db.select().from(auditEntries)
      .where(and(eq(auditEntries.municipalityId, municipalityId), eq(auditEntries.action, 'requests.eligibility.residence_check')));
    expect(logged.map((entry) => entry.personIds)).toEqual([[personId]]);

    // Not matched to the register yet: the residence needs a Heimbestätigung.
    const unmatched = await create({ location, subject: { familyName: 'Brenner', givenNames: 'Hilde' } });
    const denied = await decideEligibility(ctx, actor, { requestId: unmatched, evidence: [] });
    expect(denied.verdict.results[0]).toMatchObject({ outcome: 'evidence_missing', needs: ['heimbestaetigung'] });
    const redecided = await decideEligibility(ctx, actor, { requestId: unmatched, evidence: [{ kind: 'heimbestaetigung' }] });
    expect(redecided.outcome).toBe('eligible');
    const decisions = await database.db.select().from(eligibilityDecisions).where(eq(eligibilityDecisions.requestId, unmatched));
    expect(decisions.map((d) => [d.outcome, d.current]).sort()).toEqual([['denied', false], ['eligible', true]]);
  });

  it('records a decision against the rules with its reason', async () => {
    const requestId = await create();
    await expect(decideEligibility(ctx, actor, { requestId, evidence: [], decision: { outcome: 'eligible', reason: '  ' } }))
      .rejects.toSatisfy(failsWith('DECISION_REASON_MISSING', 400));
    const result = await decideEligibility(ctx, actor, {
      requestId, evidence: [{ kind: 'pflegegrad_bescheid', pflegegrad: 3 }], decision: { outcome: 'eligible', reason: 'Härtefall: Höherstufung beantragt' },
    });
    expect(result).toMatchObject({ outcome: 'eligible', overridden: true, verdict: { eligible: false } });
    const [decision] = await database.db.select().from(eligibilityDecisions).where(eq(eligibilityDecisions.requestId, requestId));
    expect(decision?.criteria).toEqual(['override']);
    expect(decision?.reasons).toContain('Abweichende Entscheidung: Härtefall: Höherstufung beantragt');
  });

  it('refuses drafts, stale versions, foreign attachments and evidence that does not fit its kind', async () => {
    const draft = await create({ status: 'draft', channel: 'email' });
    await expect(decideEligibility(ctx, actor, { requestId: draft, evidence: [] })).rejects.toSatisfy(failsWith('REQUEST_NOT_DECIDABLE', 409));
    const requestId = await create();
    await expect(decideEligibility(ctx, actor, { requestId, evidence: [], version: 7 })).rejects.toSatisfy(failsWith('REQUEST_VERSION_CONFLICT', 409));
    await expect(decideEligibility(ctx, actor, { requestId, evidence: [{ kind: 'heimbestaetigung', pflegegrad: 4 }] }))
      .rejects.toSatisfy((e: unknown) => failsWith('EVIDENCE_INVALID', 400)(e) && (e as AppError).details?.field === 'evidence.0.pflegegrad');
    await expect(decideEligibility(ctx, actor, { requestId, evidence: [{ kind: 'aerztliches_attest', attachmentId: '00000000-0000-4000-8000-000000000000' }] }))
      .rejects.toSatisfy((e: unknown) => failsWith('EVIDENCE_INVALID', 400)(e) && (e as AppError).details?.field === 'evidence.0.attachmentId');
    const [request] = await database.db.select().from(visitRequests).where(eq(visitRequests.id, requestId));
    expect(request?.status).toBe('open');
  });
});
