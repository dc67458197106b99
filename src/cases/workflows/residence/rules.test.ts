import { describe, expect, it } from 'vitest';
import type { Applicant } from '../../workflow.ts';
import { applicantNotices, applicantViolations, coversAufenthaltsbestimmung, type ApplicantContext } from './applicant.ts';
import { lateness, moveDateNotices, moveDateViolations, registrationDeadline } from './deadlines.ts';
import { namesPerson, wohnungsgeberViolations } from './wohnungsgeber.ts';
import { facts, newFlat, wohnungsgeber } from './testing.ts';
import { movingFromRegister, type MovingPerson } from './model.ts';

const nrw = { land: 'NW' as const };

describe('registration deadline (BMG § 17: two weeks, next working day)', () => {
  it.each([
    ['moved in Thursday 22.10., registered on the 14th day (05.11.)', '2026-10-22', '2026-11-05', '2026-11-05', false, 0],
    ['moved in Wednesday 21.10., registered on the 15th day (05.11.)', '2026-10-21', '2026-11-05', '2026-11-04', true, 1],
    ['deadline on a Saturday moves to Monday', '2026-10-17', '2026-11-02', '2026-11-02', false, 0],
    ['… and the Tuesday after is late', '2026-10-17', '2026-11-03', '2026-11-02', true, 1],
    ['deadline on Christmas Day moves past the holidays and the weekend', '2026-12-11', '2026-12-28', '2026-12-28', false, 0],
    ['deadline on Easter Monday moves to Tuesday', '2026-03-23', '2026-04-07', '2026-04-07', false, 0],
    ['registered the same day', '2026-11-05', '2026-11-05', '2026-11-19', false, 0],
    ['three months late', '2026-08-01', '2026-11-05', '2026-08-17', true, 80],
  ])('%s', (_label, moved, registered, deadline, late, daysLate) => {
    expect(registrationDeadline(moved, nrw)).toBe(deadline);
    expect(lateness(moved, registered, nrw)).toEqual({ deadline, late, daysLate });
  });

  it.each([
    ['in', '2026-11-12', 0], ['in', '2026-11-13', 1], ['out', '2026-11-12', 0], ['out', '2026-11-13', 1], ['in', '2026-02-30', 1], ['in', undefined, 1],
  ] as const)('move %s on %s (today 05.11.): %i violation(s)', (direction, date, count) => {
    expect(moveDateViolations(date, '2026-11-05', direction, 'movedIn')).toHaveLength(count);
  });

  it('flags a late registration and a future move with notices', () => {
    expect(moveDateNotices('2026-10-01', '2026-11-05', 'in', nrw).map((n) => n.code)).toEqual(['RESIDENCE_REGISTRATION_LATE']);
    expect(moveDateNotices('2026-10-01', '2026-11-05', 'in', nrw)[0]!.message.de).toMatch(/Ordnungswidrigkeit/);
    expect(moveDateNotices('2026-11-09', '2026-11-05', 'out', nrw).map((n) => n.code)).toEqual(['RESIDENCE_MOVE_OUT_AHEAD']);
    expect(moveDateNotices('2026-11-01', '2026-11-05', 'in', nrw)).toEqual([]);
  });
});

describe('who may register (applicant ≠ data subject)', () => {
  const adult: ApplicantContext = { kind: 'anmeldung', subjectBirthDate: '1980-05-17', intoCareHome: false, residentUnable: false, relations: [] };
  const child = { ...adult, subjectBirthDate: '2012-01-01' };
  const teenager = { ...adult, subjectBirthDate: '2010-01-01' };
  const resident = { ...adult, subjectBirthDate: '1935-01-01', intoCareHome: true, residentUnable: true };
  const someone = (kind: Exclude<Applicant['kind'], 'self'>, extra: Partial<Extract<Applicant, { name: string }>> = {}): Applicant =>
    ({ kind, name: 'Petra Vogel', evidence: 'BA-123/2024', ...extra });
  it.each<[string, Applicant | undefined, ApplicantContext, string[]]>([
    ['an adult in person', undefined, adult, []],
    ['a 16-year-old in person', { kind: 'self' }, teenager, []],
    ['a 14-year-old in person', { kind: 'self' }, child, ['RESIDENCE_APPLICANT_UNDER_16']],
    ['a parent for a 14-year-old', someone('parent'), child, []],
    ['a parent for an adult', someone('parent'), adult, ['RESIDENCE_APPLICANT_PARENT_OF_ADULT']],
    ['a Betreuer with Aufenthaltsbestimmung', someone('betreuer', { scope: ['Aufenthaltsbestimmung', 'Vermögenssorge'] }), adult, []],
    ['a Betreuer for Vermögenssorge only', someone('betreuer', { scope: ['Vermögenssorge'] }), adult, ['RESIDENCE_BETREUER_SCOPE']],
    ['a Betreuer for a minor', someone('betreuer', { scope: ['aufenthaltsbestimmung'] }), child, ['RESIDENCE_BETREUER_MINOR']],
    ['the head of the care home for a resident who cannot', someone('care_home_head'), resident, []],
    ['the head of the care home, flat not in a care home', someone('care_home_head'), { ...resident, intoCareHome: false }, ['RESIDENCE_CARE_HOME_HEAD_NOT_CARE_HOME']],
    ['the head of the care home for a resident who can', someone('care_home_head'), { ...resident, residentUnable: false }, ['RESIDENCE_CARE_HOME_RESIDENT_ABLE']],
    ['the head of the care home for an Abmeldung', someone('care_home_head'), { ...resident, kind: 'abmeldung' }, ['RESIDENCE_CARE_HOME_HEAD_ABMELDUNG']],
    ['an authorised person with Vollmacht', someone('authorised_person'), adult, []],
    ['an authorised person without evidence or name', { kind: 'authorised_person', name: ' ', evidence: '' }, adult, ['RESIDENCE_APPLICANT_NAME_MISSING', 'RESIDENCE_APPLICANT_EVIDENCE_MISSING']],
    ['a guardian (legal representative) for a child', someone('legal_representative'), child, []],
  ])('%s', (_label, applicant, context, codes) => {
    const violations = applicantViolations(facts(applicant ? { applicant } : {}), context);
    expect(violations.map((v) => v.code)).toEqual(codes);
    for (const v of violations) expect(v.message.de.length > 20 && v.message.en.length > 20).toBe(true);
  });

  it('Aufgabenkreis spellings', () => {
    expect(coversAufenthaltsbestimmung(['Aufenthaltsbestimmungsrecht'])).toBe(true);
    expect(coversAufenthaltsbestimmung(['Bestimmung des Aufenthalts'])).toBe(true);
    expect(coversAufenthaltsbestimmung(['Gesundheitssorge'])).toBe(false);
    expect(coversAufenthaltsbestimmung(null)).toBe(false);
  });

  it('tells the officer when a registered Betreuer should have been the one to register', () => {
    const relations = [{ kind: 'betreuer', relatedPersonId: null, externalName: 'Klaus Berger', scope: ['aufenthaltsbestimmung'] }];
    expect(applicantNotices(facts(), { ...adult, relations }).map((n) => n.code)).toEqual(['RESIDENCE_BETREUER_REGISTERED']);
    expect(applicantNotices(facts(), { ...adult, relations })[0]!.message.de).toContain('Klaus Berger');
    const authorised = facts({ applicant: { kind: 'authorised_person', name: 'Petra Vogel', evidence: 'Vollmacht' } });
    expect(applicantNotices(authorised, { ...adult, relations }).map((n) => n.code)).toEqual(['RESIDENCE_BETREUER_REGISTERED', 'RESIDENCE_VOLLMACHT_CHECK']);
  });

  it('a Betreuer in the register needs no Aufgabenkreis typed in: the register\'s relation shows it', () => {
    const relations = [{ kind: 'betreuer', relatedPersonId: 'person-9', externalName: null, scope: ['Aufenthaltsbestimmung'] }];
    const betreuer = facts({ applicant: { kind: 'betreuer', name: 'Klaus Berger', personId: 'person-9', evidence: 'Betreuerausweis 12 XVII 345/23' } });
    expect(applicantViolations(betreuer, { ...adult, relations })).toEqual([]);
    expect(applicantNotices(betreuer, { ...adult, relations })).toEqual([]);
    const stranger = facts({ applicant: { kind: 'betreuer', name: 'Klaus Berger', personId: 'person-8', evidence: 'Betreuerausweis' } });
    expect(applicantViolations(stranger, { ...adult, relations }).map((v) => v.code)).toEqual(['RESIDENCE_BETREUER_SCOPE']);
  });
});

describe('Wohnungsgeberbestätigung (§ 19 BMG)', () => {
  const subject = movingFromRegister(facts().subject!, 'subject');
  const spouse: MovingPerson = { ...subject, personId: 'person-2', familyName: 'Schmidt', givenNames: ['Jan'] };
  const context = { movedIn: '2026-11-01', flat: { ...newFlat, addition: null, ags: '05911000' }, persons: [subject] };
  it.each<[string, Partial<ReturnType<typeof wohnungsgeber>> | null, string[]]>([
    ['complete paper confirmation', {}, []],
    ['missing altogether', null, ['RESIDENCE_WOHNUNGSGEBER_MISSING']],
    ['Einzugsdatum differs', { moveInDate: '2026-10-15' }, ['RESIDENCE_WOHNUNGSGEBER_DATE_MISMATCH']],
    ['another flat', { flatAddress: { ...newFlat, houseNumber: '14' } }, ['RESIDENCE_WOHNUNGSGEBER_FLAT_MISMATCH']],
    ['"Str." written short is the same flat', { flatAddress: { ...newFlat, street: 'Hauptstr.' } }, []],
    ['person not named', { personsNamed: ['Jan Schmidt'] }, ['RESIDENCE_WOHNUNGSGEBER_PERSON_NOT_NAMED']],
    ['names folded: "Anna Maria SCHMIDT"', { personsNamed: ['Anna Maria SCHMIDT'] }, []],
    ['paper without Wohnungsgeber name and address', { name: null, address: null }, ['RESIDENCE_WOHNUNGSGEBER_NAME_MISSING', 'RESIDENCE_WOHNUNGSGEBER_ADDRESS_MISSING']],
    ['owner named without address', { ownerName: 'Erben Kowalski' }, ['RESIDENCE_OWNER_ADDRESS_MISSING']],
    ['owner with address', { ownerName: 'Erben Kowalski', ownerAddress: { street: 'Ringstraße', houseNumber: '2', postcode: '45127', city: 'Essen' } }, []],
    ['electronic with Zuordnungsmerkmal only', { form: 'electronic', confirmationCode: 'WGB7Q2X9K4', name: null, address: null, moveInDate: null, flatAddress: null, personsNamed: null, attachmentId: null }, []],
    ['electronic without code', { form: 'electronic', confirmationCode: null }, ['RESIDENCE_WOHNUNGSGEBER_CODE_MISSING']],
    ['electronic with a malformed code', { form: 'electronic', confirmationCode: 'abc' }, ['RESIDENCE_WOHNUNGSGEBER_CODE_INVALID']],
    ['scan of the wrong kind', { attachmentId: 'att-photo' }, ['RESIDENCE_WOHNUNGSGEBER_SCAN_KIND']],
    ['scan gone', { attachmentId: 'att-none' }, ['RESIDENCE_WOHNUNGSGEBER_SCAN_MISSING']],
    ['all mismatches at once', { moveInDate: '2026-10-15', flatAddress: { ...newFlat, houseNumber: '14' }, personsNamed: ['Jan Schmidt'] },
      ['RESIDENCE_WOHNUNGSGEBER_DATE_MISMATCH', 'RESIDENCE_WOHNUNGSGEBER_FLAT_MISMATCH', 'RESIDENCE_WOHNUNGSGEBER_PERSON_NOT_NAMED']],
  ])('%s', (_label, overrides, codes) => {
    const f = facts({ attachments: [{ id: 'att-wg', kind: 'wohnungsgeberbestaetigung', mediaType: 'image/png', deleted: false }, { id: 'att-photo', kind: 'photo', mediaType: 'image/png', deleted: false }] });
    const input = overrides === null ? undefined : wohnungsgeber(overrides);
    expect(wohnungsgeberViolations(input, f, context).map((v) => v.code)).toEqual(codes);
  });

  it('each co-mover must be named', () => {
    const violations = wohnungsgeberViolations(wohnungsgeber({ personsNamed: ['Anna Schmidt'] }), facts(), { ...context, persons: [subject, spouse] });
    expect(violations).toHaveLength(1);
    expect(violations[0]!.message.de).toMatch(/^Jan Schmidt zieht mit ein/);
    expect(violations[0]!.field).toBe('wohnungsgeber.personsNamed');
  });

  it.each([
    ['Anna Schmidt', true], ['Schmidt, Anna', true], ['Maria Schmidt', true], ['A. Schmidt', false], ['Anna Schmitt', false], ['Anna', false],
  ])('namesPerson(%j) = %s', (named, expected) => {
    expect(namesPerson(named, { familyName: 'Schmidt', givenNames: ['Anna', 'Maria'] })).toBe(expected);
  });
});
