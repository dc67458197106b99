import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { workflowOf } from '../index.ts';
import type { Workflow } from '../../workflow.ts';
import { beglaubigungKopie } from './beglaubigung-kopie.ts';
import { beglaubigungUnterschrift } from './beglaubigung-unterschrift.ts';
import { lebensbescheinigung } from './lebensbescheinigung.ts';
import { meldebescheinigung } from './meldebescheinigung.ts';
import { caseFacts } from './testing.ts';

const all: [string, Workflow][] = [
  ['beglaubigung_kopie', beglaubigungKopie],
  ['beglaubigung_unterschrift', beglaubigungUnterschrift],
  ['meldebescheinigung', meldebescheinigung],
  ['lebensbescheinigung', lebensbescheinigung],
];

/** Fields a violation may name that are not form fields: the case's person and applicant, set when the case is opened. */
const caseLevel = new Set(['subject', 'applicant', 'applicant.evidence']);

describe.each(all)('%s: form and rules fit together', (serviceId, workflow) => {
  const formFields = workflow.form.flatMap((step) => step.fields);
  const names = new Set(formFields.map((f) => f.name));

  it('is registered for its service', () => {
    expect(workflowOf(workflow.serviceId)).toBe(workflow);
    expect(workflow.serviceId).toBe(serviceId);
  });

  it('asks for every captured field in the form', () => {
    expect(Object.keys((workflow.dataSchema as z.ZodObject).shape).filter((key) => !names.has(key))).toEqual([]);
  });

  it('names a form field (or the person/applicant) in every violation of an empty draft, in both languages', () => {
    for (const v of workflow.validateCapture({}, caseFacts())) {
      expect(v.field === undefined || names.has(v.field) || caseLevel.has(v.field), `${v.code} → ${v.field}`).toBe(true);
      expect(v.message.de).not.toBe(v.message.en);
    }
  });

  it('runs every device field\'s action and only declared ones', () => {
    for (const f of formFields.filter((field) => field.kind === 'device')) expect(Object.keys(workflow.deviceActions ?? {})).toContain(f.action);
  });

  it('labels every field and option in German and English', () => {
    for (const f of formFields) {
      expect(f.label.de && f.label.en, f.name).toBeTruthy();
      for (const option of f.options ?? []) expect(option.label.de && option.label.en, `${f.name}.${option.value}`).toBeTruthy();
    }
  });

  it('starts from initial data the schema partly accepts (no invalid pre-fill)', () => {
    const initial = workflow.initialData?.(caseFacts()) ?? {};
    const schema = workflow.dataSchema as z.ZodObject;
    for (const [key, value] of Object.entries(initial)) {
      const shape = schema.shape[key] as z.ZodType | undefined;
      expect(shape?.safeParse(value).success, key).toBe(true);
    }
  });
});

describe('the engine parses a stored draft with the schema: only what the form requires must be there', () => {
  const scan = { attachmentIds: ['att-1'], pageCount: 1, dpi: 300, colour: true, scannedAt: '2026-12-01T10:16:00.000Z' };
  const identity = { identityDocumentKind: 'personalausweis', identityDocumentNumber: 'L01X00T471', identityChecked: true };
  it.each<[string, Workflow, Record<string, unknown>]>([
    ['beglaubigung_kopie, original from an authority', beglaubigungKopie, {
      documentCategory: 'zeugnis', documentTitle: 'Abschlusszeugnis', documentIssuer: 'Realschule Bochum', documentDate: '1957-07-01', documentPages: 1,
      presentedAs: 'urschrift', issuerKind: 'authority', originalUnaltered: true, scan, purpose: 'general',
    }],
    ['beglaubigung_unterschrift', beglaubigungUnterschrift, {
      ...identity, signatureMode: 'anerkannt', documentTitle: 'Antrag auf Wohngeld', documentPages: 2, documentHasText: true, reservedMatter: 'none',
      recipientName: 'Wohngeldstelle Bochum', recipientKind: 'authority', purpose: 'general',
    }],
    ['meldebescheinigung', meldebescheinigung, { kind: 'simple', purpose: 'general' }],
    ['lebensbescheinigung', lebensbescheinigung, { ...identity, personallyAppeared: true, form: 'municipal', purpose: 'general' }],
  ])('%s', (_name, workflow, data) => {
    const facts = caseFacts({ attachments: [{ id: 'att-1', kind: 'scan', mediaType: 'image/png', deleted: false }] });
    expect(workflow.validateCapture(data, facts)).toEqual([]);
    expect(workflow.dataSchema.safeParse(data).success).toBe(true);
  });
});
