import { describe, expect, it } from 'vitest';
import type { EligibilityRules, EvidenceSeen } from '../types.ts';
import { bochumRules, essenRules } from './presets.ts';
import { evaluateEligibility, ruleSetProblems, type EligibilityFacts } from './rules.ts';

const atHome = (evidence: EvidenceSeen[] = []): EligibilityFacts => ({ institutionKind: null, residenceConfirmedByRegister: false, evidence });
const inInstitution = (kind: string, evidence: EvidenceSeen[] = [], register = false): EligibilityFacts =>
  ({ institutionKind: kind, residenceConfirmedByRegister: register, evidence });

interface Case {
  name: string;
  rules: EligibilityRules;
  facts: EligibilityFacts;
  eligible: boolean;
  met: string[];
  /** Outcome code of each criterion, in the rule set's order. */
  codes: string[];
}

const cases: Case[] = [
  // Bochum: institution, Pflegegrad ≥ 4, Merkzeichen aG
  { name: 'Bochum: care home resident confirmed by the register', rules: bochumRules, facts: inInstitution('care_home', [], true),
    eligible: true, met: ['institution'], codes: ['INSTITUTION_RESIDENT', 'PFLEGEGRAD_NO_BESCHEID', 'MERKZEICHEN_NO_CARD'] },
  { name: 'Bochum: care home resident with a Heimbestätigung', rules: bochumRules, facts: inInstitution('care_home', [{ kind: 'heimbestaetigung' }]),
    eligible: true, met: ['institution'], codes: ['INSTITUTION_RESIDENT', 'PFLEGEGRAD_NO_BESCHEID', 'MERKZEICHEN_NO_CARD'] },
  { name: 'Bochum: care home resident without proof of residence', rules: bochumRules, facts: inInstitution('care_home'),
    eligible: false, met: [], codes: ['INSTITUTION_RESIDENCE_UNPROVEN', 'PFLEGEGRAD_NO_BESCHEID', 'MERKZEICHEN_NO_CARD'] },
  { name: 'Bochum: a prison is not one of its institutions', rules: bochumRules, facts: inInstitution('prison', [{ kind: 'haftbescheinigung' }]),
    eligible: false, met: [], codes: ['INSTITUTION_KIND_NOT_COVERED', 'PFLEGEGRAD_NO_BESCHEID', 'MERKZEICHEN_NO_CARD'] },
  { name: 'Bochum: Pflegegrad 4', rules: bochumRules, facts: atHome([{ kind: 'pflegegrad_bescheid', pflegegrad: 4 }]),
    eligible: true, met: ['pflegegrad'], codes: ['NOT_IN_INSTITUTION', 'PFLEGEGRAD', 'MERKZEICHEN_NO_CARD'] },
  { name: 'Bochum: Pflegegrad 5', rules: bochumRules, facts: atHome([{ kind: 'pflegegrad_bescheid', pflegegrad: 5 }]),
    eligible: true, met: ['pflegegrad'], codes: ['NOT_IN_INSTITUTION', 'PFLEGEGRAD', 'MERKZEICHEN_NO_CARD'] },
  { name: 'Bochum: Pflegegrad 3 is too low', rules: bochumRules, facts: atHome([{ kind: 'pflegegrad_bescheid', pflegegrad: 3 }]),
    eligible: false, met: [], codes: ['NOT_IN_INSTITUTION', 'PFLEGEGRAD_TOO_LOW', 'MERKZEICHEN_NO_CARD'] },
  { name: 'Bochum: the higher of two Bescheide counts (3, then 4)', rules: bochumRules,
    facts: atHome([{ kind: 'pflegegrad_bescheid', pflegegrad: 3 }, { kind: 'pflegegrad_bescheid', pflegegrad: 4 }]),
    eligible: true, met: ['pflegegrad'], codes: ['NOT_IN_INSTITUTION', 'PFLEGEGRAD', 'MERKZEICHEN_NO_CARD'] },
  { name: 'Bochum: a Bescheid without a grade', rules: bochumRules, facts: atHome([{ kind: 'pflegegrad_bescheid' }]),
    eligible: false, met: [], codes: ['NOT_IN_INSTITUTION', 'PFLEGEGRAD_NOT_STATED', 'MERKZEICHEN_NO_CARD'] },
  { name: 'Bochum: Pflegegrad 7 does not exist', rules: bochumRules, facts: atHome([{ kind: 'pflegegrad_bescheid', pflegegrad: 7 }]),
    eligible: false, met: [], codes: ['NOT_IN_INSTITUTION', 'PFLEGEGRAD_NOT_STATED', 'MERKZEICHEN_NO_CARD'] },
  { name: 'Bochum: Merkzeichen aG', rules: bochumRules, facts: atHome([{ kind: 'schwerbehindertenausweis', merkzeichen: ['G', 'aG'] }]),
    eligible: true, met: ['merkzeichen_ag'], codes: ['NOT_IN_INSTITUTION', 'PFLEGEGRAD_NO_BESCHEID', 'MERKZEICHEN'] },
  { name: 'Bochum: Merkzeichen typed as AG', rules: bochumRules, facts: atHome([{ kind: 'schwerbehindertenausweis', merkzeichen: [' AG '] }]),
    eligible: true, met: ['merkzeichen_ag'], codes: ['NOT_IN_INSTITUTION', 'PFLEGEGRAD_NO_BESCHEID', 'MERKZEICHEN'] },
  { name: 'Bochum: Merkzeichen B (Begleitung) is not aG', rules: bochumRules, facts: atHome([{ kind: 'schwerbehindertenausweis', merkzeichen: ['B', 'G'] }]),
    eligible: false, met: [], codes: ['NOT_IN_INSTITUTION', 'PFLEGEGRAD_NO_BESCHEID', 'MERKZEICHEN_MISSING'] },
  { name: 'Bochum: a card without Merkzeichen', rules: bochumRules, facts: atHome([{ kind: 'schwerbehindertenausweis' }]),
    eligible: false, met: [], codes: ['NOT_IN_INSTITUTION', 'PFLEGEGRAD_NO_BESCHEID', 'MERKZEICHEN_MISSING'] },
  { name: 'Bochum: an Attest alone does not qualify', rules: bochumRules, facts: atHome([{ kind: 'aerztliches_attest', attestsPermanentImmobility: true }]),
    eligible: false, met: [], codes: ['NOT_IN_INSTITUTION', 'PFLEGEGRAD_NO_BESCHEID', 'MERKZEICHEN_NO_CARD'] },
  { name: 'Bochum: several criteria met at once', rules: bochumRules,
    facts: inInstitution('care_home', [{ kind: 'pflegegrad_bescheid', pflegegrad: 4 }, { kind: 'schwerbehindertenausweis', merkzeichen: ['aG'] }], true),
    eligible: true, met: ['institution', 'pflegegrad', 'merkzeichen_ag'], codes: ['INSTITUTION_RESIDENT', 'PFLEGEGRAD', 'MERKZEICHEN'] },
  { name: 'Bochum: no evidence at all', rules: bochumRules, facts: atHome(),
    eligible: false, met: [], codes: ['NOT_IN_INSTITUTION', 'PFLEGEGRAD_NO_BESCHEID', 'MERKZEICHEN_NO_CARD'] },

  // Essen: permanently immobile with Attest, institutions, prisons
  { name: 'Essen: Attest of permanent immobility', rules: essenRules, facts: atHome([{ kind: 'aerztliches_attest', attestsPermanentImmobility: true }]),
    eligible: true, met: ['immobile'], codes: ['PERMANENTLY_IMMOBILE', 'NOT_IN_INSTITUTION', 'NOT_IN_INSTITUTION'] },
  { name: 'Essen: an Attest of a temporary condition', rules: essenRules, facts: atHome([{ kind: 'aerztliches_attest', attestsPermanentImmobility: false }]),
    eligible: false, met: [], codes: ['IMMOBILITY_NOT_ATTESTED', 'NOT_IN_INSTITUTION', 'NOT_IN_INSTITUTION'] },
  { name: 'Essen: immobile, but no Attest seen', rules: essenRules, facts: atHome(),
    eligible: false, met: [], codes: ['IMMOBILITY_NO_ATTEST', 'NOT_IN_INSTITUTION', 'NOT_IN_INSTITUTION'] },
  { name: 'Essen: Pflegegrad 5 alone does not qualify', rules: essenRules, facts: atHome([{ kind: 'pflegegrad_bescheid', pflegegrad: 5 }]),
    eligible: false, met: [], codes: ['IMMOBILITY_NO_ATTEST', 'NOT_IN_INSTITUTION', 'NOT_IN_INSTITUTION'] },
  { name: 'Essen: care home resident', rules: essenRules, facts: inInstitution('care_home', [{ kind: 'heimbestaetigung' }]),
    eligible: true, met: ['institution'], codes: ['IMMOBILITY_NO_ATTEST', 'INSTITUTION_RESIDENT', 'INSTITUTION_KIND_NOT_COVERED'] },
  { name: 'Essen: prisoner with a Haftbescheinigung', rules: essenRules, facts: inInstitution('prison', [{ kind: 'haftbescheinigung' }]),
    eligible: true, met: ['prison'], codes: ['IMMOBILITY_NO_ATTEST', 'INSTITUTION_KIND_NOT_COVERED', 'INSTITUTION_RESIDENT'] },
  { name: 'Essen: a Heimbestätigung does not prove detention', rules: essenRules, facts: inInstitution('prison', [{ kind: 'heimbestaetigung' }]),
    eligible: false, met: [], codes: ['IMMOBILITY_NO_ATTEST', 'INSTITUTION_KIND_NOT_COVERED', 'INSTITUTION_RESIDENCE_UNPROVEN'] },
  { name: 'Essen: a hospital patient is not covered', rules: essenRules, facts: inInstitution('hospital', [{ kind: 'heimbestaetigung' }]),
    eligible: false, met: [], codes: ['IMMOBILITY_NO_ATTEST', 'INSTITUTION_KIND_NOT_COVERED', 'INSTITUTION_KIND_NOT_COVERED'] },
];

describe('evaluateEligibility', () => {
  it.each(cases)('$name', ({ rules, facts, eligible, met, codes }) => {
    const verdict = evaluateEligibility(rules, facts);
    expect(verdict.eligible).toBe(eligible);
    expect(verdict.criteriaMet).toEqual(met);
    expect(verdict.results.map((r) => r.code)).toEqual(codes);
    if (eligible) {
      expect(verdict.alternatives).toEqual([]);
      expect(verdict.denialCodes).toEqual([]);
      expect(verdict.reasons).toHaveLength(met.length);
    } else {
      expect(verdict.alternatives).toEqual(rules.alternatives);
      expect(verdict.denialCodes).toEqual(codes);
      expect(verdict.reasons).toHaveLength(rules.criteria.length);
    }
    for (const reason of verdict.reasons) {
      expect(reason.de.length).toBeGreaterThan(10);
      expect(reason.en.length).toBeGreaterThan(10);
    }
  });

  it('says which evidence is missing, in both languages', () => {
    const verdict = evaluateEligibility(bochumRules, inInstitution('care_home'));
    expect(verdict.results.map((r) => r.needs)).toEqual([['heimbestaetigung'], ['pflegegrad_bescheid'], ['schwerbehindertenausweis']]);
    expect(verdict.results.map((r) => r.outcome)).toEqual(['evidence_missing', 'evidence_missing', 'evidence_missing']);
    expect(verdict.reasons[0]?.de).toContain('Heimbestätigung');
    expect(verdict.reasons[0]?.en).toContain('Heimbestätigung');
  });

  it('names the grade and the threshold when Pflegegrad 3 falls short of 4', () => {
    const verdict = evaluateEligibility(bochumRules, atHome([{ kind: 'pflegegrad_bescheid', pflegegrad: 3 }]));
    expect(verdict.reasons[1]).toEqual({
      de: 'Der Pflegegrad 3 liegt unter dem nötigen Pflegegrad 4.',
      en: 'Pflegegrad 3 is below the required Pflegegrad 4.',
    });
    expect(verdict.results[1]?.outcome).toBe('not_met');
  });

  it('names the Merkzeichen seen when aG is missing', () => {
    const verdict = evaluateEligibility(bochumRules, atHome([{ kind: 'schwerbehindertenausweis', merkzeichen: ['B', 'G'] }]));
    expect(verdict.reasons[2]?.de).toBe('Der Schwerbehindertenausweis trägt die Merkzeichen B, G, nicht das nötige Merkzeichen aG.');
  });

  it('marks a Sammeltermin only when eligible through an institution', () => {
    expect(evaluateEligibility(bochumRules, inInstitution('care_home', [], true)).sammeltermin).toBe(true);
    expect(evaluateEligibility(bochumRules, atHome([{ kind: 'pflegegrad_bescheid', pflegegrad: 4 }])).sammeltermin).toBe(false);
    expect(evaluateEligibility(essenRules, inInstitution('prison', [{ kind: 'haftbescheinigung' }])).sammeltermin).toBe(true);
  });
});

describe('ruleSetProblems', () => {
  it('accepts both presets', () => {
    expect(ruleSetProblems(bochumRules)).toEqual([]);
    expect(ruleSetProblems(essenRules)).toEqual([]);
  });

  it.each<{ name: string; rules: EligibilityRules; problems: string[] }>([
    { name: 'no criteria', rules: { criteria: [], alternatives: [] }, problems: ['RULES_NO_CRITERIA@criteria'] },
    { name: 'Pflegegrad 6', rules: { criteria: [{ id: 'p', kind: 'pflegegrad_min', min: 6, label: { de: 'P', en: 'P' } }], alternatives: [] }, problems: ['RULES_PFLEGEGRAD_INVALID@criteria.0.min'] },
    {
      name: 'duplicate ids and an unknown institution kind',
      rules: {
        criteria: [
          { id: 'a', kind: 'merkzeichen', marks: ['aG'], label: { de: 'aG', en: 'aG' } },
          { id: 'a', kind: 'institution_resident', institutionKinds: ['kloster'], label: { de: 'E', en: 'I' } },
        ],
        alternatives: ['buergerbuero', 'buergerbuero'],
      },
      problems: ['RULES_CRITERION_ID_DUPLICATE@criteria.1.id', 'RULES_INSTITUTION_KIND_UNKNOWN@criteria.1.institutionKinds.0', 'RULES_ALTERNATIVE_DUPLICATE@alternatives'],
    },
    { name: 'no Merkzeichen and no label', rules: { criteria: [{ id: 'm', kind: 'merkzeichen', marks: [' '], label: { de: '', en: 'x' } }], alternatives: [] }, problems: ['RULES_LABEL_MISSING@criteria.0.label', 'RULES_MARKS_MISSING@criteria.0.marks'] },
  ])('finds $name', ({ rules, problems }) => {
    expect(ruleSetProblems(rules).map((p) => `${p.code}@${p.field}`)).toEqual(problems);
  });
});
