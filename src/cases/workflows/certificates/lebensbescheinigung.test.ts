import { describe, expect, it } from 'vitest';
import { createScannerSimulator } from '../../../devices/scanner-simulator.ts';
import type { CaseFacts } from '../../workflow.ts';
import { lebensbescheinigung, type LebensbescheinigungData } from './lebensbescheinigung.ts';
import {
  applyDeviceResult, caseFacts, completionContext, personFacts, printedText, residenceFacts, scanAttachments, scannerPorts, uncertifiedValues,
} from './testing.ts';

function captured(overrides: Partial<LebensbescheinigungData> = {}): LebensbescheinigungData {
  return {
    identityDocumentKind: 'personalausweis',
    identityDocumentNumber: 'L01X00T471',
    identityChecked: true,
    personallyAppeared: true,
    form: 'municipal',
    formIssuer: '',
    formReference: '',
    formPages: 1,
    purpose: 'pension',
    purposeDetail: 'Deutsche Rentenversicherung Knappschaft-Bahn-See',
    ...overrides,
  };
}

const formScan = { attachmentIds: ['att-7', 'att-8'], pageCount: 2, dpi: 300, colour: true, scannedAt: '2026-12-01T10:20:00.000Z' };
const onCitizenForm = (overrides: Partial<LebensbescheinigungData> = {}) =>
  captured({ form: 'citizen_form', formIssuer: 'Zakład Ubezpieczeń Społecznych (ZUS)', formReference: 'ZUS 41031512345', formPages: 2, formScan, ...overrides });

const facts = caseFacts({ attachments: scanAttachments(['att-7', 'att-8']) });
const codes = (data: Partial<LebensbescheinigungData>, f: CaseFacts = facts) => lebensbescheinigung.validateCapture(data, f).map((v) => `${v.code}@${v.field ?? ''}`);

describe('lebensbescheinigung: capture rules', () => {
  it.each<[string, Partial<LebensbescheinigungData>, CaseFacts, string[]]>([
    ['on the municipal form', {}, facts, []],
    ['on the citizen\'s form', onCitizenForm(), facts, []],
    ['a representative instead of the person (in person only)', {}, caseFacts({ applicant: { kind: 'betreuer', name: 'Eva Lang', evidence: 'Betreuerausweis' } }), ['IN_PERSON_ONLY@applicant']],
    ['a parent instead of the person', {}, caseFacts({ applicant: { kind: 'parent', name: 'Ewa Nowak', evidence: 'Geburtsurkunde' } }), ['IN_PERSON_ONLY@applicant']],
    ['appearance not confirmed', { personallyAppeared: undefined as unknown as true }, facts, ['NOT_PERSONALLY_PRESENT@personallyAppeared']],
    ['identity not checked', { identityChecked: undefined as unknown as true }, facts, ['IDENTITY_NOT_CHECKED@identityChecked']],
    ['no document number', { identityDocumentNumber: '' }, facts, ['IDENTITY_DOCUMENT_NUMBER_REQUIRED@identityDocumentNumber']],
    ['a stolen identity card', { identityDocumentNumber: 'L01X00AB12' }, facts, ['IDENTITY_DOCUMENT_INVALID@identityDocumentNumber']],
    ['a person recorded as deceased', {}, caseFacts({ subject: personFacts({ dateOfDeath: '2026-11-20' }) }), ['SUBJECT_DECEASED@subject']],
    ['a person not registered here', {}, caseFacts({ subject: personFacts({ residences: [] }) }), ['NO_CURRENT_RESIDENCE@subject']],
    ['the citizen\'s form not scanned', onCitizenForm({ formScan: undefined }), facts, ['SCAN_REQUIRED@formScan']],
    ['the citizen\'s form scanned incompletely', onCitizenForm({ formPages: 3 }), facts, ['SCAN_PAGES_MISMATCH@formScan']],
    ['the citizen\'s form without issuer', onCitizenForm({ formIssuer: '' }), facts, ['FORM_ISSUER_REQUIRED@formIssuer']],
    ['a pension purpose without the fund', { purposeDetail: '' }, facts, ['PURPOSE_DETAIL_REQUIRED@purposeDetail']],
    ['no form chosen', { form: undefined as unknown as 'municipal' }, facts, ['FORM_REQUIRED@form']],
  ])('%s', (_name, overrides, f, expected) => {
    expect(codes(captured(overrides), f)).toEqual(expected);
  });
});

describe('lebensbescheinigung: fee input', () => {
  it.each<[string, Partial<LebensbescheinigungData>, string | undefined]>([
    ['pension purpose', {}, 'Rentenangelegenheit: Deutsche Rentenversicherung Knappschaft-Bahn-See'],
    ['general purpose', { purpose: 'general', purposeDetail: '' }, undefined],
  ])('%s', (_name, overrides, reason) => {
    const input = lebensbescheinigung.feeInput(captured(overrides), facts);
    expect(input).toMatchObject({ serviceId: 'lebensbescheinigung', applicationDate: '2026-12-01', birthDate: '1941-03-15' });
    expect(input.waiver).toEqual(reason ? { kind: 'pension_or_social_purpose', reason } : undefined);
  });
});

describe('lebensbescheinigung: scanning the citizen\'s form', () => {
  it('stores the pages as scan attachments and the capture then validates', async () => {
    const result = await lebensbescheinigung.deviceActions?.scan_form?.run(scannerPorts(createScannerSimulator()), {}, { formPages: 2 }, facts);
    if (!result) throw new Error('scan_form missing');
    expect(result.attachments.map((a) => a.kind)).toEqual(['scan', 'scan']);
    expect(result.dataPatch).toMatchObject({ formScan: { attachmentIds: ['$attachment:0', '$attachment:1'], pageCount: 2 } });
    const applied = applyDeviceResult(onCitizenForm({ formScan: undefined }), result, 20);
    expect(codes(applied.data, caseFacts({ attachments: applied.attachments }))).toEqual([]);
    const [vermerk] = lebensbescheinigung.complete(applied.data, caseFacts({ attachments: applied.attachments }), completionContext()).documents;
    expect(vermerk?.pages).toEqual([{ attachmentId: 'att-20', placement: 'before' }, { attachmentId: 'att-21', placement: 'before' }]);
  });
});

describe('lebensbescheinigung: the documents', () => {
  const context = completionContext();

  it('on the municipal form: name, birth date, address, "appeared in person / is alive"', () => {
    const { documents } = lebensbescheinigung.complete(captured(), facts, context);
    expect(documents).toHaveLength(1);
    const [document] = documents;
    if (!document) throw new Error('no document');
    expect(document.kind).toBe('lebensbescheinigung');
    expect(document.verifiable).toBe(true);
    expect(document.pages).toBeUndefined();
    const printed = printedText(document);
    expect(printed).toContain('Es wird amtlich bescheinigt, dass die nachstehend bezeichnete Person am 01.12.2026 persönlich bei der Meldebehörde Stadt Bochum – Bürgerbüro vorgesprochen hat und lebt.');
    for (const part of ['Maria Elisabeth Kowalski', 'Nowak', '15.03.1941 in Gelsenkirchen', 'Kortumstraße 12, 44787 Bochum', 'Personalausweis Nr. L01X00T471', 'Verwendungszweck: Rentenangelegenheit (Deutsche Rentenversicherung Knappschaft-Bahn-See)']) {
      expect(printed).toContain(part);
    }
    expect(document.signature).toEqual({ place: 'Bochum', date: '01.12.2026', officerName: 'Jana Becker', seal: true });
    expect(uncertifiedValues(document)).toEqual([]);
    expect(document.certifies?.map((f) => f.label)).toEqual(['Name', 'Geburtsname', 'Geboren', 'Anschrift', 'Persönlich vorgesprochen am']);
  });

  it('on the citizen\'s form: a Vermerk page after the scanned form', () => {
    const [vermerk] = lebensbescheinigung.complete(onCitizenForm(), facts, context).documents;
    if (!vermerk) throw new Error('no document');
    expect(vermerk.kind).toBe('lebensbescheinigung_vermerk');
    expect(vermerk.verifiable).toBe(true);
    expect(vermerk.pages).toEqual([{ attachmentId: 'att-7', placement: 'before' }, { attachmentId: 'att-8', placement: 'before' }]);
    const printed = printedText(vermerk);
    for (const part of ['Zakład Ubezpieczeń Społecznych (ZUS)', '2 Seiten, Nr. ZUS 41031512345', 'hat am 01.12.2026 persönlich', 'Sie lebt.', 'Kortumstraße 12, 44787 Bochum', 'mit dem vorstehenden Formular verbunden']) {
      expect(printed).toContain(part);
    }
    expect(uncertifiedValues(vermerk)).toEqual([]);
    expect(vermerk.certifies).toContainEqual({ label: 'Formular von', value: 'Zakład Ubezpieczeń Społecznych (ZUS)' });
  });

  it('keeps a blocked person\'s address off the public verification', () => {
    const blocked = caseFacts({ subject: personFacts({ blocks: ['bedingter_sperrvermerk'], residences: [residenceFacts()] }) });
    const [document] = lebensbescheinigung.complete(captured(), blocked, context).documents;
    expect(JSON.stringify(document?.certifies)).not.toContain('Kortumstraße');
    expect(uncertifiedValues(document!)).toEqual([]);
  });

  it('refuses to complete without a personal appearance', () => {
    expect(() => lebensbescheinigung.complete(captured(), caseFacts({ applicant: { kind: 'authorised_person', name: 'Peter Kowalski', evidence: 'Vollmacht' } }), context)).toThrow(/in person/);
  });
});
