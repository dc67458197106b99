import { describe, expect, it } from 'vitest';
import { createCameraSimulator } from '../../../devices/camera-simulator.ts';
import { createFingerprintSimulator } from '../../../devices/fingerprint-simulator.ts';
import { createPhotoCodeSimulator } from '../../../devices/photo-code-simulator.ts';
import type { DevicePorts } from '../../../devices/types.ts';
import { hasValidIcaoCheckDigit } from '../../../exchange/icao.ts';
import type { IdOrderPayload } from '../../../exchange/messages.ts';
import type { CaseFacts, DocumentRequest, PersonFacts, Workflow } from '../../workflow.ts';
import type { IdDocumentData } from './data.ts';
import { derive, idDocumentKinds, type IdDocumentService } from './rules.ts';
import {
  allText, applyDeviceResult, attachments, caseFacts, capturedData, completionContext, oldCardSerial, residence, serial,
} from './testing.ts';
import {
  personalausweisWorkflow, reisepassWorkflow, vorlaeufigerPersonalausweisWorkflow, vorlaeufigerReisepassWorkflow, wohnortIdFromAgs,
} from './workflows.ts';

const workflows: Record<IdDocumentService, Workflow<IdDocumentData>> = {
  personalausweis: personalausweisWorkflow,
  vorlaeufiger_personalausweis: vorlaeufigerPersonalausweisWorkflow,
  reisepass: reisepassWorkflow,
  vorlaeufiger_reisepass: vorlaeufigerReisepassWorkflow,
};
const services = Object.keys(workflows) as IdDocumentService[];
const codes = (list: readonly { code: string }[]) => list.map((v) => v.code);

/** Facts for a person born on `birthDate`, applying on `today`. */
function born(birthDate: string, today = '2026-03-02', extra: Partial<CaseFacts> = {}): CaseFacts {
  return caseFacts({ today, now: `${today}T10:00:00.000Z`, subject: { birthDate }, ...extra });
}

function orderOf(effects: ReturnType<Workflow<IdDocumentData>['complete']>): IdOrderPayload {
  const payload = effects.messages[0]?.payload;
  if (payload?.kind !== 'id_order') throw new Error('no ID order');
  return payload;
}

describe.each(services)('%s: a complete capture', (service) => {
  const workflow = workflows[service];

  it('passes every rule and parses with the data schema', () => {
    const data = capturedData(service);
    expect(workflow.validateCapture(data, caseFacts())).toEqual([]);
    expect(workflow.dataSchema.safeParse(data).success).toBe(true);
  });

  it('reports every violation of an empty draft at once, each with field and both languages', () => {
    const violations = workflow.validateCapture({}, caseFacts({ attachments: [] }));
    const expected = [
      ...(service === 'reisepass' ? ['PASSPORT_NOT_IN_PERSON'] : service === 'vorlaeufiger_reisepass' ? [] : ['ID_CARD_NOT_IN_PERSON']),
      'IDENTITY_DOCUMENT_KIND_MISSING', 'IDENTITY_NOT_CHECKED', 'PHOTO_MISSING',
      ...(idDocumentKinds[service].fingerprints ? ['FINGERPRINTS_INCOMPLETE'] : []),
      'SIGNATURE_MISSING', 'HEIGHT_MISSING', 'EYE_COLOUR_MISSING',
      ...(service === 'personalausweis' ? ['EID_INFORMATION_MISSING'] : []),
      ...(idDocumentKinds[service].postalDelivery ? ['DELIVERY_MISSING'] : []),
      ...(idDocumentKinds[service].provisional ? ['PROVISIONAL_SERIAL_MISSING'] : []),
    ];
    expect(codes(violations)).toEqual(expected);
    for (const v of violations) {
      expect(v.field).toBeTruthy();
      expect(v.message.de.length).toBeGreaterThan(15);
      expect(v.message.en.length).toBeGreaterThan(15);
    }
  });

  it('has form fields for every field a violation names', () => {
    const fields = workflow.form.flatMap((step) => step.fields.map((f) => f.name));
    for (const v of workflow.validateCapture({}, caseFacts({ attachments: [] }))) {
      expect(fields.some((name) => name === v.field || name.startsWith(`${v.field}.`) || v.field!.startsWith(`${name}.`))).toBe(true);
    }
    const actions = workflow.form.flatMap((s) => s.fields).filter((f) => f.kind === 'device').map((f) => f.action);
    for (const action of actions) expect(Object.keys(workflow.deviceActions ?? {})).toContain(action);
  });
});

describe('age boundaries on the application date', () => {
  it.each<{ name: string; birthDate: string; today: string; fingerprints: boolean; eid: boolean; years: number; signature: boolean }>([
    { name: 'day before the 6th birthday', birthDate: '2020-03-03', today: '2026-03-02', fingerprints: false, eid: false, years: 6, signature: false },
    { name: '6th birthday', birthDate: '2020-03-02', today: '2026-03-02', fingerprints: true, eid: false, years: 6, signature: false },
    { name: 'born 29 Feb: 28 Feb in a common year is still 5', birthDate: '2020-02-29', today: '2026-02-28', fingerprints: false, eid: false, years: 6, signature: false },
    { name: 'born 29 Feb: 6 on 1 March of a common year', birthDate: '2020-02-29', today: '2026-03-01', fingerprints: true, eid: false, years: 6, signature: false },
    { name: 'day before the 10th birthday', birthDate: '2016-03-03', today: '2026-03-02', fingerprints: true, eid: false, years: 6, signature: false },
    { name: '10th birthday', birthDate: '2016-03-02', today: '2026-03-02', fingerprints: true, eid: false, years: 6, signature: true },
    { name: 'day before the 16th birthday', birthDate: '2010-03-03', today: '2026-03-02', fingerprints: true, eid: false, years: 6, signature: true },
    { name: '16th birthday', birthDate: '2010-03-02', today: '2026-03-02', fingerprints: true, eid: true, years: 6, signature: true },
    { name: 'day before the 24th birthday', birthDate: '2002-03-03', today: '2026-03-02', fingerprints: true, eid: true, years: 6, signature: true },
    { name: '24th birthday', birthDate: '2002-03-02', today: '2026-03-02', fingerprints: true, eid: true, years: 10, signature: true },
  ])('$name', ({ birthDate, today, fingerprints, eid, years, signature }) => {
    const derived = derive(idDocumentKinds.personalausweis, {}, born(birthDate, today));
    expect(derived.fingerprintsRequired).toBe(fingerprints);
    expect(derived.eIdEnabled).toBe(eid);
    expect(derived.validityYears).toBe(years);
    expect(derived.signatureRequired).toBe(signature);
  });

  it('a 5-year-old needs no fingerprints and no signature; prints taken anyway are refused', () => {
    const facts = born('2021-01-15');
    const data = capturedData('personalausweis', { signature: undefined, fingerprints: undefined, identity: { presentedDocumentKind: 'none', otherEvidence: 'Geburtsurkunde vorgelegt', dataMatchRegister: true } });
    const child = { ...facts, applicant: { kind: 'parent' as const, name: 'Anna Krüger', evidence: 'Geburtsurkunde' } };
    expect(personalausweisWorkflow.validateCapture(data, child)).toEqual([]);
    const withPrints = capturedData('personalausweis', { ...data, fingerprints: capturedData('personalausweis').fingerprints });
    expect(codes(personalausweisWorkflow.validateCapture(withPrints, child))).toEqual(['FINGERPRINTS_UNDER_SIX']);
    expect(codes(personalausweisWorkflow.notices!(data, child))).toEqual(expect.arrayContaining(['NO_FINGERPRINTS_UNDER_SIX', 'NO_SIGNATURE_UNDER_10', 'EID_OFF_UNDER_16', 'PIN_LETTER_NONE']));
  });
});

describe('validity', () => {
  it.each<{ service: IdDocumentService; birthDate: string; today: string; validUntil: string }>([
    { service: 'personalausweis', birthDate: '1960-05-01', today: '2026-03-02', validUntil: '2036-03-01' },
    { service: 'personalausweis', birthDate: '2005-05-01', today: '2026-03-02', validUntil: '2032-03-01' },
    { service: 'reisepass', birthDate: '1960-05-01', today: '2028-02-29', validUntil: '2038-02-28' },
    { service: 'reisepass', birthDate: '2005-05-01', today: '2026-01-31', validUntil: '2032-01-30' },
    { service: 'vorlaeufiger_personalausweis', birthDate: '1960-05-01', today: '2026-03-02', validUntil: '2026-06-01' },
    { service: 'vorlaeufiger_personalausweis', birthDate: '1960-05-01', today: '2026-11-30', validUntil: '2027-02-28' },
    { service: 'vorlaeufiger_reisepass', birthDate: '1960-05-01', today: '2026-03-02', validUntil: '2027-03-01' },
  ])('$service applied on $today (born $birthDate) is valid until $validUntil', ({ service, birthDate, today, validUntil }) => {
    expect(derive(idDocumentKinds[service], {}, born(birthDate, today)).validUntil).toBe(validUntil);
  });

  it.each<{ service: IdDocumentService; validUntil: string; code: string | null }>([
    { service: 'vorlaeufiger_personalausweis', validUntil: '2026-06-01', code: null },
    { service: 'vorlaeufiger_personalausweis', validUntil: '2026-06-02', code: 'PROVISIONAL_VALIDITY_TOO_LONG' },
    { service: 'vorlaeufiger_reisepass', validUntil: '2027-03-01', code: null },
    { service: 'vorlaeufiger_reisepass', validUntil: '2027-03-02', code: 'PROVISIONAL_VALIDITY_TOO_LONG' },
    { service: 'vorlaeufiger_reisepass', validUntil: '2026-03-01', code: 'PROVISIONAL_VALIDITY_PAST' },
  ])('$service until $validUntil → $code', ({ service, validUntil, code }) => {
    const data = capturedData(service, { provisional: { serialNumber: serial('CF4711235'), validUntil } });
    expect(codes(workflows[service].validateCapture(data, caseFacts()))).toEqual(code ? [code] : []);
  });
});

describe('PIN letter: only if the holder turns 16 while the card is valid', () => {
  // Application 2026-03-02 by someone under 24: valid until 2032-03-01.
  it.each<{ birthDate: string; pinLetter: boolean }>([
    { birthDate: '2016-03-01', pinLetter: true }, // turns 16 on 2032-03-01, the last day of validity
    { birthDate: '2016-03-02', pinLetter: false }, // turns 16 one day after
    { birthDate: '2019-07-01', pinLetter: false },
    { birthDate: '2011-01-01', pinLetter: true },
    { birthDate: '1950-01-01', pinLetter: true },
  ])('born $birthDate → $pinLetter', ({ birthDate, pinLetter }) => {
    expect(derive(idDocumentKinds.personalausweis, {}, born(birthDate)).pinLetter).toBe(pinLetter);
  });

  it('no PIN letter and no eID question for a Reisepass', () => {
    expect(derive(idDocumentKinds.reisepass, {}, born('1950-01-01')).pinLetter).toBe(false);
    expect(derive(idDocumentKinds.reisepass, {}, born('1950-01-01')).eIdEnabled).toBe(false);
  });

  it('issues the PIN-letter receipt with date and time only when a PIN letter applies', () => {
    const context = completionContext('personalausweis');
    const adult = personalausweisWorkflow.captureDocuments!(capturedData('personalausweis'), caseFacts(), context);
    expect(adult.map((d) => d.kind)).toEqual(['antragsuebersicht', 'pin_letter_receipt']);
    const receipt = adult[1]!;
    expect(allText(receipt)).toContain('02.03.2026, 11:00 Uhr');
    expect(allText(receipt)).toContain(serial('L01X0C7K2'));
    const child = { ...born('2019-07-01'), applicant: { kind: 'parent' as const, name: 'Anna Krüger', evidence: 'Geburtsurkunde' } };
    expect(personalausweisWorkflow.captureDocuments!(capturedData('personalausweis'), child, context).map((d) => d.kind)).toEqual(['antragsuebersicht']);
  });
});

describe('competence and fee input', () => {
  const elsewhere = caseFacts({ subject: { residences: [residence({ address: { street: 'Kettwiger Str.', houseNumber: '1', addition: null, postcode: '45127', city: 'Essen', ags: '05113000' } })] } });

  it('a Hauptwohnung in another municipality: surcharge input, notice, and the important reason is required', () => {
    const data = capturedData('personalausweis');
    expect(personalausweisWorkflow.feeInput(data, elsewhere)).toMatchObject({ notCompetent: true });
    expect(codes(personalausweisWorkflow.validateCapture(data, elsewhere))).toEqual(['COMPETENCE_REASON_MISSING']);
    expect(codes(personalausweisWorkflow.notices!(data, elsewhere))).toContain('NOT_COMPETENT');
    expect(personalausweisWorkflow.validateCapture({ ...data, competence: { importantReason: 'Aufenthalt im Krankenhaus in Bochum' } }, elsewhere)).toEqual([]);
  });

  it.each<{ name: string; service: IdDocumentService; data: Partial<IdDocumentData>; facts?: CaseFacts; expected: Record<string, unknown> }>([
    { name: 'photo by the authority\'s camera', service: 'personalausweis', data: {}, expected: { serviceId: 'personalausweis', photoByAuthority: true, notCompetent: false, postalDelivery: false, applicationDate: '2026-03-02', birthDate: '1938-04-12' } },
    { name: 'photo by provider code', service: 'personalausweis', data: { photo: { ...capturedData('personalausweis').photo, source: 'photo_code', byAuthority: false } }, expected: { photoByAuthority: false } },
    { name: 'postal delivery', service: 'personalausweis', data: { delivery: { kind: 'postal', address: { street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum' } } }, expected: { postalDelivery: true } },
    { name: 'passport with 48 pages, express', service: 'reisepass', data: { passport: { pages: '48', express: true } }, expected: { passport48Pages: true, express: true } },
    { name: 'not competent', service: 'reisepass', data: {}, facts: elsewhere, expected: { notCompetent: true } },
    { name: 'provisional: paper photo, no surcharge', service: 'vorlaeufiger_personalausweis', data: { paperPhoto: { provided: true, takenBy: 'Foto Nord' } }, expected: { photoByAuthority: false, postalDelivery: false } },
  ])('$name', ({ service, data, facts, expected }) => {
    expect(workflows[service].feeInput(capturedData(service, data), facts ?? caseFacts())).toMatchObject(expected);
  });
});

describe('who applies and appears', () => {
  it.each<{ name: string; service: IdDocumentService; data?: Partial<IdDocumentData>; facts: CaseFacts; expected: string[] }>([
    { name: 'passport without appearance → only the vorläufige', service: 'reisepass', data: { appearance: { inPerson: false } }, facts: caseFacts(), expected: ['PASSPORT_NOT_IN_PERSON'] },
    { name: 'vorläufiger Reisepass without appearance is possible', service: 'vorlaeufiger_reisepass', data: { appearance: { inPerson: false } }, facts: caseFacts(), expected: [] },
    { name: 'PA without appearance', service: 'personalausweis', data: { appearance: { inPerson: false } }, facts: caseFacts(), expected: ['ID_CARD_NOT_IN_PERSON'] },
    { name: 'vorläufiger PA: appearance not confirmed', service: 'vorlaeufiger_personalausweis', data: { appearance: {} }, facts: caseFacts(), expected: ['ID_CARD_NOT_IN_PERSON'] },
    { name: 'Bevollmächtigte without certified power of attorney', service: 'personalausweis', facts: caseFacts({ applicant: { kind: 'authorised_person', name: 'Karl Krüger', evidence: 'Vollmacht' } }), expected: ['POWER_OF_ATTORNEY_NOT_CERTIFIED'] },
    { name: 'Bevollmächtigte with certified power of attorney', service: 'personalausweis', data: { representation: { powerOfAttorneyPubliclyCertified: true } }, facts: caseFacts({ applicant: { kind: 'authorised_person', name: 'Karl Krüger', evidence: 'Vorsorgevollmacht, beglaubigt' } }), expected: [] },
    { name: '15-year-old applying alone for a PA', service: 'personalausweis', facts: born('2010-06-01'), expected: ['MINOR_NEEDS_REPRESENTATIVE'] },
    { name: '15-year-old with a parent', service: 'personalausweis', facts: born('2010-06-01', '2026-03-02', { applicant: { kind: 'parent', name: 'Anna Krüger', evidence: 'Geburtsurkunde' } }), expected: [] },
    { name: '17-year-old alone for a passport, no consent', service: 'reisepass', facts: born('2008-06-01'), expected: ['MINOR_NEEDS_REPRESENTATIVE'] },
    { name: '17-year-old alone for a passport with written consent', service: 'reisepass', data: { representation: { parentalConsent: true } }, facts: born('2008-06-01'), expected: [] },
    { name: '17-year-old alone for a PA', service: 'personalausweis', facts: born('2008-06-01'), expected: [] },
    { name: 'not German', service: 'personalausweis', facts: caseFacts({ subject: { nationalities: ['PL'] } }), expected: ['NOT_GERMAN'] },
    { name: 'deceased', service: 'reisepass', facts: caseFacts({ subject: { dateOfDeath: '2026-02-01' } }), expected: ['SUBJECT_DECEASED'] },
    { name: 'birth date unknown', service: 'reisepass', facts: caseFacts({ subject: { birthDate: null } }), expected: ['BIRTH_DATE_UNKNOWN'] },
  ])('$name', ({ service, data, facts, expected }) => {
    expect(codes(workflows[service].validateCapture(capturedData(service, data ?? {}), facts))).toEqual(expected);
  });
});

describe('identity check', () => {
  it.each<{ name: string; identity: IdDocumentData['identity']; documents?: PersonFacts['documents']; expected: string[]; notice?: string }>([
    { name: 'wrong check digit', identity: { presentedDocumentKind: 'personalausweis', presentedSerialNumber: 'L01X00T470', dataMatchRegister: true, personMatchesDocument: true }, expected: ['IDENTITY_SERIAL_INVALID'], notice: 'IDENTITY_DOCUMENT_NOT_IN_REGISTER' },
    { name: 'data differ from the register (or the box is not ticked)', identity: { presentedDocumentKind: 'personalausweis', presentedSerialNumber: oldCardSerial, dataMatchRegister: false, personMatchesDocument: true }, expected: ['IDENTITY_NOT_CHECKED'] },
    { name: 'person not confirmed', identity: { presentedDocumentKind: 'personalausweis', presentedSerialNumber: oldCardSerial, dataMatchRegister: true }, expected: ['IDENTITY_PERSON_NOT_CONFIRMED'] },
    { name: 'no document, no other evidence', identity: { presentedDocumentKind: 'none', dataMatchRegister: true }, expected: ['IDENTITY_EVIDENCE_MISSING'] },
    {
      name: 'document reported stolen', identity: { presentedDocumentKind: 'personalausweis', presentedSerialNumber: oldCardSerial, dataMatchRegister: true, personMatchesDocument: true },
      documents: [{ kind: 'personalausweis', serialNumber: oldCardSerial, issuedOn: '2016-05-04', validUntil: '2026-05-03', status: 'stolen' }], expected: ['IDENTITY_DOCUMENT_REPORTED_MISSING'],
    },
  ])('$name', ({ identity, documents, expected, notice }) => {
    const facts = caseFacts(documents ? { subject: { documents } } : {});
    const data = capturedData('personalausweis', { identity });
    expect(codes(personalausweisWorkflow.validateCapture(data, facts))).toEqual(expected);
    if (notice) expect(codes(personalausweisWorkflow.notices!(data, facts))).toContain(notice);
  });
});

describe('photo', () => {
  const photo = capturedData('personalausweis').photo!;
  it.each<{ name: string; change: Partial<NonNullable<IdDocumentData['photo']>>; now?: string; expected: string[]; notice?: string }>([
    { name: 'yaw beyond ±5°', change: { assessment: { ...photo.assessment!, yawDeg: 7 } }, expected: ['PHOTO_YAW'] },
    { name: 'several geometry problems at once', change: { assessment: { ...photo.assessment!, rollDeg: -9, headWidthRatio: 0.45, interEyePx: 280 } }, expected: ['PHOTO_ROLL', 'PHOTO_HEAD_WIDTH', 'PHOTO_INTER_EYE'] },
    { name: 'wrong size', change: { width: 1200, height: 1600 }, expected: ['PHOTO_SIZE'] },
    { name: 'upscaled', change: { assessment: { ...photo.assessment!, sourceCrop: { width: 900, height: 1160 } } }, expected: ['PHOTO_UPSCALED'] },
    { name: 'vetoed by the officer', change: { officerDecision: 'vetoed' }, expected: ['PHOTO_VETOED'] },
    { name: 'not yet decided', change: { officerDecision: undefined }, expected: ['PHOTO_NOT_ACCEPTED'] },
    { name: 'no lichtbildaufnehmende Stelle', change: { takenBy: '' }, expected: ['PHOTO_TAKEN_BY_MISSING'] },
    { name: 'camera photo 97 hours old', change: { takenAt: '2026-02-26T09:00:00.000Z' }, now: '2026-03-02T10:00:00.000Z', expected: ['PHOTO_TOO_OLD'] },
    { name: 'camera photo 80 hours old: warned', change: { takenAt: '2026-02-27T02:00:00.000Z' }, now: '2026-03-02T10:00:00.000Z', expected: [], notice: 'PHOTO_EXPIRES_SOON' },
    { name: 'provider photo 100 hours old is the provider\'s business', change: { source: 'photo_code', byAuthority: false, takenAt: '2026-02-26T06:00:00.000Z', takenBy: 'Foto Nord' }, expected: [] },
    { name: 'no geometry reported: allowed, with a notice', change: { assessment: undefined }, expected: [], notice: 'PHOTO_NO_GEOMETRY' },
    {
      name: 'pitch beyond ±5°, accepted by the officer despite it: a notice, not a violation',
      change: { assessment: { ...photo.assessment!, pitchDeg: 7 }, override: { checks: ['pitch'], at: '2026-03-02T09:00:00.000Z' } }, expected: [], notice: 'PHOTO_CHECKS_OVERRIDDEN',
    },
    {
      name: 'an override covers only the checks it names',
      change: { assessment: { ...photo.assessment!, pitchDeg: 7, yawDeg: 7 }, override: { checks: ['pitch'] } }, expected: ['PHOTO_YAW'], notice: 'PHOTO_CHECKS_OVERRIDDEN',
    },
    {
      name: 'upscaling cannot be overridden',
      change: { assessment: { ...photo.assessment!, sourceCrop: { width: 900, height: 1160 } }, override: { checks: ['upscaled', 'size'] } }, expected: ['PHOTO_UPSCALED'],
    },
  ])('$name', ({ change, now, expected, notice }) => {
    const facts = caseFacts(now ? { now } : {});
    const data = capturedData('personalausweis', { photo: { ...photo, ...change } });
    expect(codes(personalausweisWorkflow.validateCapture(data, facts))).toEqual(expected);
    if (notice) expect(codes(personalausweisWorkflow.notices!(data, facts))).toContain(notice);
  });

  it('a paper photo only for provisional documents', () => {
    const paper = { photo: undefined, paperPhoto: { provided: true, takenBy: 'Foto Nord' } };
    expect(vorlaeufigerPersonalausweisWorkflow.validateCapture(capturedData('vorlaeufiger_personalausweis', paper), caseFacts())).toEqual([]);
    expect(codes(personalausweisWorkflow.validateCapture(capturedData('personalausweis', paper), caseFacts()))).toEqual(['PHOTO_MISSING']);
  });
});

describe('signature, size, eye colour, delivery', () => {
  it.each<{ name: string; data: Partial<IdDocumentData>; facts?: CaseFacts; expected: string[] }>([
    { name: 'no signature', data: { signature: undefined }, facts: caseFacts({ attachments: attachments.filter((a) => a.kind !== 'signature') }), expected: ['SIGNATURE_MISSING'] },
    { name: 'the latest signature attachment counts when the data names none', data: { signature: undefined }, expected: [] },
    { name: 'signature gone', data: { signature: 'att-gone' }, expected: ['SIGNATURE_IMAGE_MISSING'] },
    { name: 'cannot sign, with reason', data: { signature: undefined, signatureImpossible: true, signatureImpossibleReason: 'Lähmung beider Arme' }, facts: caseFacts({ attachments: attachments.filter((a) => a.kind !== 'signature') }), expected: [] },
    { name: 'cannot sign, no reason', data: { signature: undefined, signatureImpossible: true }, expected: ['SIGNATURE_REASON_MISSING'] },
    { name: 'height 40 cm', data: { heightCm: 40 }, expected: [] },
    { name: 'height 250 cm', data: { heightCm: 250 }, expected: [] },
    { name: 'height 39 cm', data: { heightCm: 39 }, expected: ['HEIGHT_IMPLAUSIBLE'] },
    { name: 'height 251 cm', data: { heightCm: 251 }, expected: ['HEIGHT_IMPLAUSIBLE'] },
    { name: 'height 164.5 cm', data: { heightCm: 164.5 }, expected: ['HEIGHT_IMPLAUSIBLE'] },
    { name: 'postal delivery without address', data: { delivery: { kind: 'postal' } }, expected: ['DELIVERY_ADDRESS_INCOMPLETE'] },
    { name: 'postal delivery abroad', data: { delivery: { kind: 'postal', address: { street: 'Rue X', houseNumber: '1', postcode: '1000', city: 'Bruxelles' } } }, expected: ['DELIVERY_POSTCODE_INVALID'] },
    { name: 'eID information not given', data: { eidInformationGiven: false }, expected: ['EID_INFORMATION_MISSING'] },
  ])('$name', ({ data, facts, expected }) => {
    expect(codes(personalausweisWorkflow.validateCapture(capturedData('personalausweis', data), facts ?? caseFacts()))).toEqual(expected);
  });
});

describe('complete: the ID order', () => {
  it('builds the order with serial number and check digit, names, Wohnort-ID, biometrics by attachment id', () => {
    const effects = personalausweisWorkflow.complete(capturedData('personalausweis'), caseFacts(), completionContext('personalausweis'));
    const order = orderOf(effects);
    expect(order.serialNumber).toBe(serial('L01X0C7K2'));
    expect(order.serialNumber.slice(0, 4)).toBe('L01X');
    expect(hasValidIcaoCheckDigit(order.serialNumber)).toBe(true);
    expect(order).toMatchObject({
      kind: 'id_order', document: 'personalausweis', caseNumber: 'BO-2026-000123', authorityCode: 'L01X', applicationDate: '2026-03-02', validUntil: '2036-03-01',
      printedNames: { familyNameLine: 'Krüger', birthNameLine: 'Lehmann', givenNamesLine: 'Hildegard Maria', truncated: false },
      address: { street: 'Am Stadtpark', ags: '05911000', wohnortId: '027605911000' },
      person: { birthDate: '1938-04-12', birthPlace: 'Bochum', nationalities: ['DE'] },
      heightCm: 164, eyeColour: 'blau', photo: { attachmentId: 'att-photo', takenBy: 'Stadt Bochum – Bürgerbüro' },
      fingerprints: [{ finger: 'left_index', quality: 55, attachmentId: 'att-fp-1' }, { finger: 'right_index', quality: 61, attachmentId: 'att-fp-2' }],
      fingerprintExemption: null, signature: { attachmentId: 'att-sig' }, eIdEnabled: true, pinLetter: true, delivery: { kind: 'pickup' },
    });
    expect(order.passport48Pages).toBeUndefined();
    expect(effects.messages[0]!.recipientName).toMatch(/Bundesdruckerei/);
    // The ordered card enters the register only with its hand-over.
    expect(effects.registerChanges).toEqual([]);
    expect(effects.dataPatch).toEqual({ order: { serialNumber: serial('L01X0C7K2'), issuedOn: '2026-03-02', validUntil: '2036-03-01', eIdEnabled: true, pinLetter: true } });
  });

  it('marks truncated names', () => {
    const facts = caseFacts({ subject: { givenNames: ['Maximilian', 'Friedrich', 'Wilhelm', 'Konstantin', 'Bartholomäus', 'Leopold'], preferredGivenName: 0 } });
    const order = orderOf(personalausweisWorkflow.complete(capturedData('personalausweis'), facts, completionContext('personalausweis')));
    expect(order.printedNames).toMatchObject({ givenNamesLine: 'Maximilian Friedrich Wilhelm Konstantin Bartholomäus', truncated: true });
    expect(order.person.givenNames).toHaveLength(6);
    expect(codes(personalausweisWorkflow.notices!(capturedData('personalausweis'), facts))).toContain('NAMES_TRUNCATED');
    expect(codes(personalausweisWorkflow.notices!(capturedData('personalausweis'), caseFacts()))).not.toContain('NAMES_TRUNCATED');
  });

  it('passport: pages, express, postal delivery; no eID', () => {
    const data = capturedData('reisepass', {
      passport: { pages: '48', express: true },
      delivery: { kind: 'postal', address: { street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum' }, recipientName: '' },
    });
    const order = orderOf(reisepassWorkflow.complete(data, caseFacts(), completionContext('reisepass')));
    expect(order).toMatchObject({
      document: 'reisepass', passport48Pages: true, express: true, eIdEnabled: false, pinLetter: false,
      delivery: { kind: 'postal', recipientName: 'Hildegard Maria Krüger', address: { postcode: '44791', ags: '05911000' } },
    });
  });

  it('a child under 6: exemption instead of prints, signature waived', () => {
    const facts = { ...born('2021-01-15'), applicant: { kind: 'parent' as const, name: 'Anna Krüger', evidence: 'Geburtsurkunde' } };
    const order = orderOf(personalausweisWorkflow.complete(capturedData('personalausweis', { fingerprints: undefined, signature: undefined }), facts, completionContext('personalausweis')));
    expect(order.fingerprints).toEqual([]);
    expect(order.fingerprintExemption?.reason).toMatch(/unter 6/);
    expect(order.signature).toEqual({ waivedReason: expect.stringMatching(/unter 10/) });
    expect(order.eIdEnabled).toBe(false);
    expect(order.validUntil).toBe('2032-03-01');
  });

  it('a documented exemption goes into the order', () => {
    const data = capturedData('personalausweis', { fingerprints: { exempt: true, exemptionReason: 'Beide Hände fehlen seit einem Unfall.' } });
    expect(orderOf(personalausweisWorkflow.complete(data, caseFacts(), completionContext('personalausweis'))).fingerprintExemption).toEqual({ reason: 'Beide Hände fehlen seit einem Unfall.' });
  });

  it('counts validity from the application date frozen in the quote', () => {
    const effects = personalausweisWorkflow.complete(capturedData('personalausweis'), caseFacts({ today: '2026-03-05' }), completionContext('personalausweis'));
    expect(orderOf(effects).validUntil).toBe('2036-03-01');
  });

  it.each([
    ['no reserved number', null, 'ID_SERIAL_NUMBER_MISSING'],
    ['8 characters', 'L01X0C7K', 'ID_SERIAL_NUMBER_MISSING'],
    ['another authority', 'M02Y0C7K2', 'ID_SERIAL_NUMBER_AUTHORITY'],
  ])('refuses %s', (_name, reserved, code) => {
    expect(() => personalausweisWorkflow.complete(capturedData('personalausweis'), caseFacts(), completionContext('personalausweis', { reservedSerialNumber: reserved })))
      .toThrow(expect.objectContaining({ code }));
  });

  it.each<IdDocumentService>(['vorlaeufiger_personalausweis', 'vorlaeufiger_reisepass'])('%s: no order, the blank\'s number is recorded', (service) => {
    const effects = workflows[service].complete(capturedData(service), caseFacts(), completionContext(service, { reservedSerialNumber: null }));
    expect(effects.messages).toEqual([]);
    expect(effects.registerChanges).toEqual([expect.objectContaining({ kind: 'record_document', documentKind: service, serialNumber: serial('CF4711235') })]);
  });

  it('derives the Wohnort-ID from the AGS', () => {
    expect(wohnortIdFromAgs('05911000')).toBe('027605911000');
    expect(() => wohnortIdFromAgs('5911')).toThrow(/8 digits/);
  });

  it('a provisional serial number must carry its check digit', () => {
    const data = capturedData('vorlaeufiger_personalausweis', { provisional: { serialNumber: 'CF47112350', validUntil: '2026-06-01' } });
    expect(codes(vorlaeufigerPersonalausweisWorkflow.validateCapture(data, caseFacts()))).toEqual(
      hasValidIcaoCheckDigit('CF47112350') ? [] : ['PROVISIONAL_SERIAL_INVALID'],
    );
    expect(codes(vorlaeufigerPersonalausweisWorkflow.validateCapture(capturedData('vorlaeufiger_personalausweis', { provisional: { serialNumber: oldCardSerial } }), caseFacts()))).toEqual(['PROVISIONAL_SERIAL_IN_USE']);
  });
});

describe('the application summary', () => {
  function summary(facts = caseFacts(), data = capturedData('personalausweis')): DocumentRequest {
    return personalausweisWorkflow.captureDocuments!(data, facts, completionContext('personalausweis'))[0]!;
  }

  it('is German and holds every captured item the holder signs', () => {
    const doc = summary();
    expect(doc.kind).toBe('antragsuebersicht');
    const fields = Object.fromEntries(doc.sections.flatMap((s) => s.fields ?? []).map((f) => [f.label, f.value]));
    expect(fields).toMatchObject({
      Dokument: 'Personalausweis', Vorgangsnummer: 'BO-2026-000123', Seriennummer: serial('L01X0C7K2'), 'Gültig bis': '01.03.2036',
      Familienname: 'Krüger', Geburtsname: 'Lehmann', Vornamen: 'Hildegard (gebräuchlich) Maria', Geburtsdatum: '12.04.1938', Geburtsort: 'Bochum',
      Staatsangehörigkeit: 'deutsch', 'Anschrift (Hauptwohnung)': 'Am Stadtpark 3, 44791 Bochum', Größe: '164 cm', Augenfarbe: 'blau',
      Fingerabdrücke: 'linker Zeigefinger, rechter Zeigefinger', Unterschrift: 'auf dem Unterschriftenfeld geleistet',
      'Online-Ausweisfunktion': 'eingeschaltet', 'PIN-Brief': 'ja', Art: 'Abholung bei der Behörde', Antragstellung: 'durch die Person selbst',
    });
    expect(fields.Lichtbild).toContain('Stadt Bochum – Bürgerbüro');
    expect(allText(doc)).toContain('52,00 €');
  });

  it('carries no fingerprint data (no images, no attachment ids, no scores)', () => {
    const text = allText(summary());
    expect(text).not.toContain('att-fp');
    expect(text).not.toMatch(/\b55\b|\b61\b/);
    expect(summary().pages).toBeUndefined();
  });

  it('blocked data is left out for a recipient who is not entitled', () => {
    const blocked = caseFacts({
      subject: { blocks: ['auskunftssperre'] },
      applicant: { kind: 'care_home_head', name: 'Heimleitung Am Stadtpark', evidence: 'Einrichtungsleitung' },
    });
    const text = allText(summary(blocked));
    expect(text).not.toContain('Am Stadtpark 3');
    expect(text).not.toContain('Geburtsort');
    expect(text).toContain('Auskunftssperre');
    // The holder sees their own data.
    expect(allText(summary(caseFacts({ subject: { blocks: ['auskunftssperre'] } })))).toContain('Am Stadtpark 3');
  });
});

describe('hand-over', () => {
  const completed = (service: IdDocumentService = 'personalausweis') => {
    const data = capturedData(service);
    const effects = workflows[service].complete(data, caseFacts(), completionContext(service));
    return { ...data, ...(effects.dataPatch as Partial<IdDocumentData>) } as IdDocumentData;
  };
  const later = caseFacts({ today: '2026-03-30', now: '2026-03-30T12:00:00.000Z' });
  const valid = { handedOverOn: '2026-03-30', handedOverTime: '11:20', receivedBy: 'holder', oldDocumentOutcome: 'invalidated_returned' };

  it('has its own form with date, time, receiver and the old document', () => {
    const names = personalausweisWorkflow.handOver!.form.flatMap((s) => s.fields.map((f) => f.name));
    expect(names).toEqual(['handedOverOn', 'handedOverTime', 'receivedBy', 'receiverName', 'receiverEvidence', 'oldDocumentSerialNumber', 'oldDocumentOutcome']);
  });

  it.each<{ name: string; input: Record<string, unknown>; expected: string[] }>([
    { name: 'complete input', input: valid, expected: [] },
    { name: 'nothing entered', input: {}, expected: ['HANDOVER_DATE_MISSING', 'HANDOVER_TIME_MISSING', 'HANDOVER_RECEIVER_MISSING', 'HANDOVER_OLD_DOCUMENT_OUTCOME_MISSING'] },
    { name: 'time not HH:MM', input: { ...valid, handedOverTime: '25:00' }, expected: ['HANDOVER_INPUT_INVALID'] },
    { name: 'date in the future', input: { ...valid, handedOverOn: '2026-04-01' }, expected: ['HANDOVER_DATE_FUTURE'] },
    { name: 'date before the application', input: { ...valid, handedOverOn: '2026-03-01' }, expected: ['HANDOVER_BEFORE_ORDER'] },
    { name: 'collector without name and evidence', input: { ...valid, receivedBy: 'collector' }, expected: ['HANDOVER_RECEIVER_NAME_MISSING', 'HANDOVER_RECEIVER_EVIDENCE_MISSING'] },
    { name: 'sent by post although pick-up was chosen', input: { ...valid, receivedBy: 'postal' }, expected: ['HANDOVER_NOT_POSTAL'] },
    { name: 'old document unknown', input: { ...valid, oldDocumentSerialNumber: 'T22000129' }, expected: ['HANDOVER_OLD_DOCUMENT_UNKNOWN'] },
  ])('$name', ({ input, expected }) => {
    expect(codes(personalausweisWorkflow.handOver!.validate(completed(), input, later))).toEqual(expected);
  });

  it('deletes the fingerprints, invalidates the old card and documents date and time', () => {
    const effects = personalausweisWorkflow.handOver!.effects(completed(), valid, later, completionContext('personalausweis'));
    expect(effects.deleteAttachmentKinds).toEqual(['fingerprint']);
    expect(effects.registerChanges).toEqual([
      { kind: 'update_document_status', personId: 'person-1', serialNumber: oldCardSerial, status: 'invalidated' },
      {
        kind: 'record_document', personId: 'person-1', documentKind: 'personalausweis', serialNumber: serial('L01X0C7K2'),
        issuedOn: '2026-03-02', validUntil: '2036-03-01', issuingAuthority: 'Stadt Bochum – Bürgerbüro',
      },
    ]);
    expect(effects.documents.map((d) => d.kind)).toEqual(['handover_record']);
    const text = allText(effects.documents[0]);
    expect(text).toContain('30.03.2026, 11:20 Uhr');
    expect(text).toContain(serial('L01X0C7K2'));
    expect(text).toContain('gelöscht (PAuswG § 26');
    expect(effects.dataPatch).toMatchObject({ handOver: { handedOverAt: '2026-03-30T11:20', receivedBy: 'holder', oldDocumentSerialNumber: oldCardSerial } });
  });

  it('an old document kept by the authority is recorded as handed over', () => {
    const effects = personalausweisWorkflow.handOver!.effects(completed(), { ...valid, oldDocumentOutcome: 'handed_in' }, later, completionContext('personalausweis'));
    expect(effects.registerChanges).toEqual([expect.objectContaining({ status: 'handed_over_old' }), expect.objectContaining({ kind: 'record_document' })]);
  });

  it('a passport hand-over leaves the identity card alone', () => {
    const input = { handedOverOn: '2026-03-30', handedOverTime: '09:05', receivedBy: 'holder' };
    expect(reisepassWorkflow.handOver!.validate(completed('reisepass'), input, later)).toEqual([]);
    expect(reisepassWorkflow.handOver!.effects(completed('reisepass'), input, later, completionContext('reisepass')).registerChanges)
      .toEqual([expect.objectContaining({ kind: 'record_document', documentKind: 'reisepass' })]);
  });

  it('prints no blocked data for a collector', () => {
    const blocked = caseFacts({ today: '2026-03-30', now: '2026-03-30T12:00:00.000Z', subject: { blocks: ['bedingter_sperrvermerk'] } });
    const input = { ...valid, receivedBy: 'collector', receiverName: 'Karl Krüger', receiverEvidence: 'Abholvollmacht vom 20.03.2026, PA L01X00T47' };
    const text = allText(personalausweisWorkflow.handOver!.effects(completed(), input, blocked, completionContext('personalausweis')).documents);
    expect(text).not.toContain('Am Stadtpark');
    expect(text).not.toContain('12.04.1938');
    expect(text).toContain('Karl Krüger');
    const own = allText(personalausweisWorkflow.handOver!.effects(completed(), valid, blocked, completionContext('personalausweis')).documents);
    expect(own).toContain('Am Stadtpark');
  });
});

describe('device actions with the simulators', () => {
  const now = () => new Date('2026-03-02T09:50:00Z');
  function ports(overrides: Partial<DevicePorts> = {}): DevicePorts {
    const unused = () => Promise.reject(new Error('not used'));
    return {
      camera: createCameraSimulator({ now }),
      photoCodes: createPhotoCodeSimulator({ now }),
      fingerprints: createFingerprintSimulator({ now }),
      changeTerminal: { changeAddress: unused, resetPin: unused, activateEid: unused },
      scanner: { scan: unused },
      printer: { print: unused, health: unused },
      payment: { pay: unused, abort: unused, health: unused },
      ...overrides,
    };
  }
  const actions = personalausweisWorkflow.deviceActions!;

  it('take_photo stores the photo as attachment and records the authority as lichtbildaufnehmende Stelle', async () => {
    const result = await actions.take_photo!.run(ports(), {}, {}, caseFacts({ attachments: [] }));
    expect(result.attachments).toEqual([expect.objectContaining({ kind: 'photo', mediaType: 'image/png', biometric: false })]);
    const { data, facts } = applyDeviceResult({}, caseFacts({ attachments: [] }), result, 'att');
    expect(data.photo).toMatchObject({ source: 'camera', attachmentId: 'att-0', takenBy: 'Stadt Bochum – Bürgerbüro', byAuthority: true, width: 1244, height: 1600 });
    expect(codes(personalausweisWorkflow.validateCapture(data, facts))).toContain('PHOTO_NOT_ACCEPTED');
    expect(personalausweisWorkflow.feeInput(data, facts).photoByAuthority).toBe(true);
  });

  it('a new photo drops the previous decision and geometry, and stores no nulls in a first photo', async () => {
    const first = await actions.take_photo!.run(ports(), {}, {}, caseFacts());
    expect(allText(first.dataPatch)).not.toContain('null');
    expect(Object.values(first.dataPatch.photo as Record<string, unknown>)).not.toContain(null);
    const previous = capturedData('personalausweis').photo;
    const retake = await actions.take_photo!.run(ports({ camera: createCameraSimulator({ now, reportAssessment: false }) }), {}, { photo: previous }, caseFacts());
    const { data } = applyDeviceResult({ photo: previous }, caseFacts(), retake, 'new');
    expect(data.photo?.officerDecision).toBeUndefined();
    expect(data.photo?.assessment).toBeUndefined();
    expect(data.photo?.attachmentId).toMatch(/^new-/);
    expect(personalausweisWorkflow.dataSchema.safeParse({ ...capturedData('personalausweis'), photo: data.photo }).success).toBe(true);
  });

  it('take_photo records the officer\'s override of failed pre-checks with the photo; a retake without one drops it', async () => {
    const facts = caseFacts({ attachments: [] });
    const result = await actions.take_photo!.run(ports(), { override: { checks: ['pitch', 'background', 'pitch'] } }, {}, facts);
    expect(result.dataPatch.photo).toMatchObject({ override: { checks: ['background', 'pitch'], at: facts.now } });
    const { data } = applyDeviceResult({}, facts, result, 'att');
    expect(personalausweisWorkflow.dataSchema.safeParse({ ...capturedData('personalausweis'), photo: data.photo }).success).toBe(true);
    const retake = await actions.take_photo!.run(ports(), {}, { photo: data.photo }, facts);
    expect(applyDeviceResult(data, facts, retake, 'new').data.photo?.override).toBeUndefined();
  });

  it.each([
    ['upscaling', { checks: ['upscaled'] }],
    ['the size', { checks: ['size', 'pitch'] }],
    ['no checks named', { checks: [] }],
    ['not a list', { checks: 'pitch' }],
    ['not an object', 'pitch'],
  ])('take_photo refuses an override of %s', async (_name, override) => {
    await expect(actions.take_photo!.run(ports(), { override }, {}, caseFacts())).rejects.toMatchObject({ code: 'PHOTO_OVERRIDE_INVALID', status: 400 });
  });

  it('records the size the image really has, whatever the device claims', async () => {
    const real = await createCameraSimulator({ now, size: { width: 622, height: 800 } }).capturePhoto();
    const lying: DevicePorts['camera'] = { capturePhoto: () => Promise.resolve({ ...real, width: 1244, height: 1600 }) };
    const result = await actions.take_photo!.run(ports({ camera: lying }), {}, {}, caseFacts());
    expect(result.dataPatch.photo).toMatchObject({ width: 622, height: 800 });
  });

  it('fetch_photo_code uses the typed code; the provider is the lichtbildaufnehmende Stelle', async () => {
    const result = await actions.fetch_photo_code!.run(ports({ photoCodes: createPhotoCodeSimulator({ now, defaultProvider: 'Foto Nord' }) }), { photoCode: 'ab12-cd34-ef56' }, {}, caseFacts());
    expect(result.dataPatch).toMatchObject({ photo: { source: 'photo_code', code: 'AB12-CD34-EF56', takenBy: 'Foto Nord', byAuthority: false } });
    await expect(actions.fetch_photo_code!.run(ports(), {}, {}, caseFacts())).rejects.toMatchObject({ code: 'PHOTO_CODE_MISSING' });
  });

  it('the index finger failing three times leads to the thumb; a fourth attempt is refused', async () => {
    const devices = ports({ fingerprints: createFingerprintSimulator({ now, qualities: { left_index: [12, 18, 25], left_thumb: [44], right_index: [52] } }) });
    let data: Partial<IdDocumentData> = {};
    let facts = caseFacts({ attachments: [] });
    for (const finger of ['left_index', 'left_index', 'left_index']) {
      const result = await actions.capture_fingerprint!.run(devices, { finger }, data, facts);
      expect(result.attachments[0]).toMatchObject({ kind: 'fingerprint', biometric: true });
      ({ data, facts } = applyDeviceResult(data, facts, result, 'fp'));
    }
    await expect(actions.capture_fingerprint!.run(devices, { finger: 'left_index' }, data, facts)).rejects.toMatchObject({ code: 'FINGERPRINT_CAPTURE_REFUSED' });
    await expect(actions.capture_fingerprint!.run(devices, { finger: 'left_middle' }, data, facts)).rejects.toMatchObject({ code: 'FINGERPRINT_CAPTURE_REFUSED' });
    // Without a named finger the action takes the next one in order: left thumb, then right index.
    for (let i = 0; i < 2; i += 1) {
      ({ data, facts } = applyDeviceResult(data, facts, await actions.capture_fingerprint!.run(devices, {}, data, facts), 'fp'));
    }
    expect(data.fingerprints?.attempts?.map((a) => [a.finger, a.attempt, a.quality])).toEqual([
      ['left_index', 1, 12], ['left_index', 2, 18], ['left_index', 3, 25], ['left_thumb', 1, 44], ['right_index', 1, 52],
    ]);
    const order = orderOf(personalausweisWorkflow.complete(capturedData('personalausweis', { fingerprints: data.fingerprints }), facts, completionContext('personalausweis')));
    expect(order.fingerprints.map((f) => f.finger)).toEqual(['left_thumb', 'right_index']);
    expect(codes(personalausweisWorkflow.validateCapture(capturedData('personalausweis', { fingerprints: data.fingerprints }), { ...facts, attachments: [...facts.attachments, ...attachments] }))).toEqual([]);
    await expect(actions.capture_fingerprint!.run(devices, {}, data, facts)).rejects.toMatchObject({ code: 'FINGER_INVALID' });
  });

  it('captures the finger the officer chose in the step, then follows the order again', async () => {
    const data: Partial<IdDocumentData> = { fingerprints: { nextFinger: 'right_index' } };
    const result = await actions.capture_fingerprint!.run(ports(), { fingerprints: { nextFinger: 'right_index' } }, data, caseFacts({ attachments: [] }));
    const applied = applyDeviceResult(data, caseFacts({ attachments: [] }), result, 'fp');
    expect(applied.data.fingerprints?.attempts?.map((a) => a.finger)).toEqual(['right_index']);
    expect(applied.data.fingerprints?.nextFinger).toBeUndefined();
    const second = await actions.capture_fingerprint!.run(ports(), {}, applied.data, applied.facts);
    expect((second.dataPatch.fingerprints as { attempts: { finger: string }[] }).attempts.map((a) => a.finger)).toEqual(['right_index', 'left_index']);
    expect(second.dataPatch.fingerprints).not.toHaveProperty('nextFinger');
  });

  it('refuses fingerprints under 6 and for provisional documents', async () => {
    await expect(actions.capture_fingerprint!.run(ports(), {}, {}, born('2021-01-15'))).rejects.toMatchObject({ code: 'FINGERPRINTS_UNDER_SIX' });
    expect(vorlaeufigerPersonalausweisWorkflow.deviceActions?.capture_fingerprint).toBeUndefined();
    await expect(actions.capture_fingerprint!.run(ports(), { finger: 'left_pinky' }, {}, caseFacts())).rejects.toMatchObject({ code: 'FINGER_INVALID' });
  });
});

describe('initial data from the register', () => {
  it('pre-fills the presented document, the delivery address and the provisional maximum validity', () => {
    expect(personalausweisWorkflow.initialData!(caseFacts())).toMatchObject({
      identity: { presentedDocumentKind: 'personalausweis', presentedSerialNumber: oldCardSerial },
      delivery: { kind: 'pickup', recipientName: 'Hildegard Maria Krüger', address: { street: 'Am Stadtpark', postcode: '44791' } },
    });
    expect(reisepassWorkflow.initialData!(caseFacts())).toMatchObject({ passport: { pages: '32', express: false } });
    expect(vorlaeufigerReisepassWorkflow.initialData!(caseFacts())).toMatchObject({ provisional: { validUntil: '2027-03-01' } });
  });
});
