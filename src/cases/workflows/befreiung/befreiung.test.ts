import { describe, expect, it } from 'vitest';
import type { CaseFacts, CompletionContext, DocumentRequest } from '../../workflow.ts';
import { requestProblems } from '../../../documents/validate-request.ts';
import { captureViolations } from '../../capture-case.ts';
import { caseFacts, personFacts } from '../eid-terminal/testing.ts';
import { befreiungDataSchema, befreiungWorkflow as workflow, type BefreiungData } from './index.ts';

const granted: BefreiungData = {
  ground: 'betreuung',
  evidence: { description: 'Betreuerausweis AG Bochum 12 XVII 34/25 eingesehen' },
  decision: { granted: true, reason: 'Betreuung für alle Angelegenheiten, Demenz im fortgeschrittenen Stadium' },
  validFrom: '2026-12-01',
  validity: 'unlimited',
};
const placed: BefreiungData = {
  ...granted, ground: 'unterbringung', institution: { kind: 'justizvollzugsanstalt', name: 'JVA Bochum' },
  evidence: { attachmentId: 'att-1' }, decision: { granted: true, reason: 'Langstrafe, Haftende 2034' },
};
const withEvidence = (facts: CaseFacts = caseFacts()): CaseFacts => ({ ...facts, attachments: [{ id: 'att-1', kind: 'scan', mediaType: 'application/pdf', deleted: false }] });
const codes = (data: Partial<BefreiungData>, facts: CaseFacts = caseFacts()) => workflow.validateCapture(data, facts).map((item) => item.code);
const context: CompletionContext = {
  caseNumber: 'BO-2026-000789', completedAt: '2026-12-01T11:00:00.000Z', officer: { id: 'u1', name: 'A. Beispiel' },
  fee: { serviceId: 'befreiung_ausweispflicht', applicationDate: '2026-12-01', ageAtApplication: 88, items: [], totalCents: 0, waived: null, split: null, tables: [] },
  reservedSerialNumber: null,
};
const textOf = (document: DocumentRequest) => JSON.stringify(document.sections);

describe('Befreiung von der Ausweispflicht: grounds and decision', () => {
  it.each([
    ['Nr. 1 Betreuung with a described Betreuerausweis', granted, caseFacts(), []],
    ['Nr. 2 Unterbringung with institution and uploaded evidence', placed, withEvidence(), []],
    ['Nr. 3 Behinderung with a medical certificate', { ...granted, ground: 'behinderung', evidence: { description: 'Attest Dr. M. vom 10.11.2026' } }, caseFacts(), []],
    ['no ground', { ...granted, ground: undefined }, caseFacts(), ['BEFREIUNG_GROUND_MISSING']],
    ['Unterbringung without the institution', { ...placed, institution: undefined }, withEvidence(), ['BEFREIUNG_INSTITUTION_KIND_MISSING', 'BEFREIUNG_INSTITUTION_NAME_MISSING']],
    ['no evidence', { ...granted, evidence: { description: ' ' } }, caseFacts(), ['BEFREIUNG_EVIDENCE_MISSING']],
    ['evidence naming a foreign attachment', placed, caseFacts(), ['BEFREIUNG_EVIDENCE_ATTACHMENT_UNKNOWN']],
    ['not decided', { ...granted, decision: undefined }, caseFacts(), ['BEFREIUNG_NOT_DECIDED', 'BEFREIUNG_REASON_MISSING']],
    ['decided without reasons', { ...granted, decision: { granted: true, reason: '' } }, caseFacts(), ['BEFREIUNG_REASON_MISSING']],
    ['retroactive', { ...granted, validFrom: '2026-11-30' }, caseFacts(), ['BEFREIUNG_VALID_FROM_PAST']],
    ['limited without end', { ...granted, validity: 'limited' }, caseFacts(), ['BEFREIUNG_VALID_UNTIL_MISSING']],
    ['limited, end before start', { ...granted, validity: 'limited', validUntil: '2026-12-01' }, caseFacts(), ['BEFREIUNG_VALID_UNTIL_BEFORE_START']],
    ['limited, complete', { ...granted, validity: 'limited', validUntil: '2028-12-31' }, caseFacts(), []],
    ['not German', granted, caseFacts({ subject: { nationalities: ['TR'] } }), ['BEFREIUNG_NOT_GERMAN']],
    ['15 years old', granted, caseFacts({ subject: { birthDate: '2011-06-01' } }), ['BEFREIUNG_UNDER_16']],
    ['16 on the day', granted, caseFacts({ subject: { birthDate: '2010-12-01' } }), []],
    ['not registered', granted, caseFacts({ subject: { residences: [] } }), ['BEFREIUNG_NOT_REGISTERED']],
  ] as const)('%s', (_name, data, facts, expected) => {
    expect(codes(data as Partial<BefreiungData>, facts as CaseFacts)).toEqual(expected);
  });

  it('an empty draft lists every missing part at once, each at its field', () => {
    const violations = workflow.validateCapture({}, caseFacts());
    expect(violations.map((item) => [item.code, item.field])).toEqual([
      ['BEFREIUNG_GROUND_MISSING', 'ground'], ['BEFREIUNG_EVIDENCE_MISSING', 'evidence'], ['BEFREIUNG_NOT_DECIDED', 'decision.granted'],
      ['BEFREIUNG_REASON_MISSING', 'decision.reason'], ['BEFREIUNG_VALID_FROM_MISSING', 'validFrom'], ['BEFREIUNG_VALIDITY_MISSING', 'validity'],
    ]);
    for (const item of violations) expect(item.message.en).toBeTruthy();
  });

  it('pre-fills today, open-ended, and the ground when the register knows a Betreuer', () => {
    expect(workflow.initialData!(caseFacts())).toEqual({ validFrom: '2026-12-01', validity: 'unlimited' });
    const facts = caseFacts({ subject: { relations: [{ kind: 'betreuer', relatedPersonId: null, externalName: 'Berta Treuer', scope: ['alle_angelegenheiten'] }] } });
    expect(workflow.initialData!(facts).ground).toBe('betreuung');
    expect(workflow.notices!({ ground: 'betreuung' }, facts).map((item) => item.code)).toContain('BEFREIUNG_BETREUER_IN_REGISTER');
  });

  it('notes a still valid ID', () => {
    expect(workflow.notices!({}, caseFacts()).map((item) => item.code)).toEqual(['BEFREIUNG_DOCUMENT_VALID', 'BEFREIUNG_CERTIFICATE_PRIVACY']);
  });

  it('the schema wants a granted decision and refuses unknown keys', () => {
    expect(befreiungDataSchema.safeParse(granted).success).toBe(true);
    expect(befreiungDataSchema.safeParse({ ...granted, decision: { granted: false, reason: 'x' } }).success).toBe(false);
    expect(befreiungDataSchema.safeParse({ ...granted, diagnosis: 'x' }).success).toBe(false);
  });

  it('the engine\'s capture check (rules and shape) passes a complete case and names each gap once', () => {
    expect(captureViolations(workflow, { ...granted, institution: { name: 'Haus am Park' } }, caseFacts()).violations).toEqual([]);
    const unticked = captureViolations(workflow, { ...granted, decision: { granted: false, reason: 'x' } }, caseFacts()).violations;
    expect(unticked.map((item) => item.code)).toEqual(['BEFREIUNG_NOT_DECIDED']);
  });

  it('charges the municipal line', () => {
    expect(workflow.feeInput(granted, caseFacts())).toEqual({ serviceId: 'befreiung_ausweispflicht', applicationDate: '2026-12-01', birthDate: '1938-04-12' });
  });
});

describe('Befreiung von der Ausweispflicht: the certificate', () => {
  it('certifies name, birth date, the ground in general words and the validity', () => {
    const [certificate] = workflow.complete(granted, caseFacts(), context).documents;
    expect(certificate).toMatchObject({ kind: 'befreiung_ausweispflicht', verifiable: true, signature: { place: 'Bochum', date: '01.12.2026', officerName: 'A. Beispiel', seal: true } });
    expect(certificate!.certifies).toEqual([
      { label: 'Familienname', value: 'Krüger' },
      { label: 'Vornamen', value: 'Hildegard Maria' },
      { label: 'Geburtsdatum', value: '12.04.1938' },
      { label: 'Rechtsgrundlage', value: '§ 1 Abs. 3 Nr. 1 PAuswG (rechtliche Betreuung oder Vertretung)' },
      { label: 'Gültig ab', value: '01.12.2026' },
      { label: 'Gültig bis', value: 'unbefristet' },
    ]);
    const text = textOf(certificate!);
    for (const part of ['Krüger', 'Lehmann', 'Hildegard Maria', '12.04.1938', 'Am Stadtpark 3, 44791 Bochum', 'BO-2026-000789', '§ 1 Abs. 3 Nr. 1 PAuswG']) expect(text).toContain(part);
  });

  it('a limited exemption prints its end', () => {
    const [certificate] = workflow.complete({ ...granted, validity: 'limited', validUntil: '2028-12-31' }, caseFacts(), context).documents;
    expect(certificate!.certifies).toContainEqual({ label: 'Gültig bis', value: '31.12.2028' });
  });

  it.each([
    ['Betreuung', granted, ['Demenz', 'Betreuerausweis', '12 XVII 34/25']],
    ['Unterbringung in prison', placed, ['JVA', 'Justizvollzug', 'Haftende', 'Langstrafe']],
    ['Behinderung', { ...granted, ground: 'behinderung' as const, evidence: { description: 'Attest: Multiple Sklerose, Pflegegrad 4' }, decision: { granted: true as const, reason: 'bettlägerig' } }, ['Sklerose', 'Pflegegrad', 'Attest', 'bettlägerig']],
  ])('%s: no health details, evidence, institution or reasons on the certificate', (_name, data, secrets) => {
    const [certificate] = workflow.complete(data, withEvidence(), context).documents;
    const printed = JSON.stringify(certificate);
    for (const secret of secrets) expect(printed).not.toContain(secret);
  });

  it.each([
    ['Auskunftssperre', ['auskunftssperre'] as const],
    ['bedingter Sperrvermerk', ['bedingter_sperrvermerk'] as const],
  ])('under a %s the address is not printed; it is never certified to third parties', (_name, blocks) => {
    const facts = caseFacts({ subject: { blocks: [...blocks] } });
    const [certificate] = workflow.complete(granted, facts, context).documents;
    const printed = JSON.stringify(certificate);
    expect(printed).not.toContain('Am Stadtpark');
    expect(printed).not.toContain('44791');
    expect(printed).toContain('Krüger');
    expect(requestProblems(certificate!)).toEqual([]);
    const [unblocked] = workflow.complete(granted, caseFacts(), context).documents;
    expect(JSON.stringify(unblocked!.certifies)).not.toContain('Am Stadtpark');
    expect(requestProblems(unblocked!)).toEqual([]);
  });

  it('prints the Doktorgrad and no separate Geburtsname when it equals the family name', () => {
    const facts = caseFacts({ subject: personFacts({ doctoralDegree: 'Dr.', birthName: 'Krüger' }) });
    const [certificate] = workflow.complete(granted, facts, context).documents;
    const fields = certificate!.sections.flatMap((section) => section.fields ?? []).map((field) => field.label);
    expect(fields).toContain('Doktorgrad');
    expect(fields).not.toContain('Geburtsname');
    expect(certificate!.certifies).toContainEqual({ label: 'Doktorgrad', value: 'Dr.' });
    expect(requestProblems(certificate!)).toEqual([]);
  });
});
