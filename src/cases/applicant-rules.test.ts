import { describe, expect, it } from 'vitest';
import type { ProxyRule, ServiceId } from '../catalogue/services.ts';
import { applicantViolations } from './applicant-rules.ts';
import type { Applicant } from './workflow.ts';

const someone = (kind: Exclude<Applicant['kind'], 'self'>, extra: Partial<Extract<Applicant, { name: string }>> = {}): Applicant =>
  ({ kind, name: 'Petra Kowalski', evidence: 'Betreuerausweis 12 XVII 345/24', ...extra });

describe('applicantViolations', () => {
  const cases: { proxy: ProxyRule; applicant: Applicant; want: string[] }[] = [
    { proxy: 'in_person_only', applicant: { kind: 'self' }, want: [] },
    { proxy: 'in_person_only', applicant: someone('parent'), want: ['APPLICANT_IN_PERSON_ONLY'] },
    { proxy: 'in_person_or_legal_representative', applicant: { kind: 'self' }, want: [] },
    { proxy: 'in_person_or_legal_representative', applicant: someone('parent'), want: [] },
    { proxy: 'in_person_or_legal_representative', applicant: someone('legal_representative'), want: [] },
    { proxy: 'in_person_or_legal_representative', applicant: someone('betreuer', { scope: ['Aufenthaltsbestimmung'] }), want: [] },
    { proxy: 'in_person_or_legal_representative', applicant: someone('betreuer', { scope: ['vermoegenssorge'] }), want: ['BETREUER_SCOPE_MISSING'] },
    { proxy: 'in_person_or_legal_representative', applicant: someone('authorised_person'), want: [] },
    { proxy: 'in_person_or_legal_representative', applicant: someone('care_home_head'), want: ['APPLICANT_NOT_LEGAL_REPRESENTATIVE'] },
    { proxy: 'any_authorised', applicant: someone('care_home_head'), want: [] },
    { proxy: 'any_authorised', applicant: someone('betreuer'), want: [] },
    { proxy: 'any_authorised', applicant: someone('parent', { name: ' ', evidence: '' }), want: ['APPLICANT_NAME_MISSING', 'APPLICANT_EVIDENCE_MISSING'] },
  ];
  it.each(cases)('$proxy with $applicant.kind → $want', ({ proxy, applicant, want }) => {
    const found = applicantViolations({ serviceId: 'meldebescheinigung', proxy, applicant, personId: 'p' });
    expect(found.map((v) => v.code)).toEqual(want);
    for (const v of found) {
      expect(v.field).toMatch(/^applicant\./);
      expect(v.message.de.length).toBeGreaterThan(20);
      expect(v.message.en.length).toBeGreaterThan(20);
    }
  });

  it.each<[ServiceId, string | null, string[]]>([
    ['anmeldung', null, []],
    ['meldebescheinigung', null, ['SUBJECT_REQUIRED']],
    ['personalausweis', 'p', []],
  ])('%s with person %s', (serviceId, personId, want) => {
    expect(applicantViolations({ serviceId, proxy: 'any_authorised', applicant: { kind: 'self' }, personId }).map((v) => v.code)).toEqual(want);
  });
});
