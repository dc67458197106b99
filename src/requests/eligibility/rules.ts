/**
 * Eligibility for a home visit (DESIGN §5): pure. A rule set is a list of criteria, any one of
 * which suffices; each criterion needs evidence the dispatcher has seen (a Bescheid, the
 * Schwerbehindertenausweis, an Attest, the register or a Heimbestätigung). The verdict says for
 * every criterion whether it was met, not met, or could not be checked for lack of evidence, in
 * German and English, so the dispatcher sees what to ask for and the denial letter can say why.
 */
import type { Text } from '../../catalogue/services.ts';
import type { EligibilityCriterion, EligibilityRules, EvidenceKind, EvidenceSeen, VisitAlternative } from '../types.ts';

/** What is known about the data subject when the dispatcher decides. */
export interface EligibilityFacts {
  /**
   * The kind of institution the subject lives in (care_home, disability_home, hospital, prison:
   * the register's institution kinds), or null when they live at home.
   */
  institutionKind: string | null;
  /** The register shows the institution's address as the subject's current Hauptwohnung (no other proof needed). */
  residenceConfirmedByRegister: boolean;
  /** Evidence seen: scans in the attachments, or shown at the door or read out on the phone. */
  evidence: EvidenceSeen[];
}

export type CriterionOutcome = 'met' | 'not_met' | 'evidence_missing';

export interface CriterionResult {
  criterionId: string;
  kind: EligibilityCriterion['kind'];
  outcome: CriterionOutcome;
  /** Stable code of the outcome, e.g. PFLEGEGRAD_TOO_LOW; recorded with a denial. */
  code: string;
  label: Text;
  reason: Text;
  /** Evidence that would let the criterion be checked (when evidence_missing). */
  needs: EvidenceKind[];
}

export interface EligibilityVerdict {
  eligible: boolean;
  /** Ids of the criteria met (any one suffices). */
  criteriaMet: string[];
  /** The outcome of every criterion of the rule set, in its order. */
  results: CriterionResult[];
  /** Why, one line per criterion: for an eligible verdict only the criteria met. */
  reasons: Text[];
  /** Codes of the criteria not met (a denial records them). */
  denialCodes: string[];
  /** What to offer instead of a visit: the rule set's alternatives when denied, empty when eligible. */
  alternatives: VisitAlternative[];
  /** Eligible through an institution: all its residents are visited in one Sammeltermin. */
  sammeltermin: boolean;
}

/** Names of the institution kinds, for reasons and letters. */
export const institutionKindNames: Record<string, Text> = {
  care_home: { de: 'Pflegeeinrichtung', en: 'care home' },
  disability_home: { de: 'Einrichtung der Eingliederungshilfe', en: 'home for people with disabilities' },
  hospital: { de: 'Krankenhaus', en: 'hospital' },
  prison: { de: 'Justizvollzugsanstalt', en: 'prison (Justizvollzugsanstalt)' },
};

const kindName = (kind: string): Text => institutionKindNames[kind] ?? { de: kind, en: kind };

/** Merkzeichen are written with fixed capitalisation (aG, G, B, Bl, H, TBl, Gl, RF); compared regardless of it. */
const foldMark = (mark: string) => mark.trim().toLowerCase();

/** A prison confirms detention with a Haftbescheinigung; other institutions with a Heimbestätigung. */
function residenceProof(institutionKind: string): EvidenceKind {
  return institutionKind === 'prison' ? 'haftbescheinigung' : 'heimbestaetigung';
}

function result(criterion: EligibilityCriterion, outcome: CriterionOutcome, code: string, de: string, en: string, needs: EvidenceKind[] = []): CriterionResult {
  return { criterionId: criterion.id, kind: criterion.kind, outcome, code, label: criterion.label, reason: { de, en }, needs };
}

export function evaluateCriterion(criterion: EligibilityCriterion, facts: EligibilityFacts): CriterionResult {
  const evidence = facts.evidence;
  switch (criterion.kind) {
    case 'institution_resident': {
      const kinds = criterion.institutionKinds.map((kind) => kindName(kind).de).join(', ');
      const kindsEn = criterion.institutionKinds.map((kind) => kindName(kind).en).join(', ');
      if (facts.institutionKind === null) {
        return result(criterion, 'not_met', 'NOT_IN_INSTITUTION',
          `Die Person wohnt nicht in einer Einrichtung (${kinds}).`, `The person does not live in an institution (${kindsEn}).`);
      }
      const name = kindName(facts.institutionKind);
      if (!criterion.institutionKinds.includes(facts.institutionKind)) {
        return result(criterion, 'not_met', 'INSTITUTION_KIND_NOT_COVERED',
          `Die Person wohnt in einer Einrichtung der Art „${name.de}“; besucht werden nur Bewohner von: ${kinds}.`,
          `The person lives in a ${name.en}; only residents of these are visited: ${kindsEn}.`);
      }
      const proof = residenceProof(facts.institutionKind);
      if (!facts.residenceConfirmedByRegister && !evidence.some((item) => item.kind === proof)) {
        const document = proof === 'haftbescheinigung' ? 'Haftbescheinigung' : 'Heimbestätigung';
        return result(criterion, 'evidence_missing', 'INSTITUTION_RESIDENCE_UNPROVEN',
          `Der Aufenthalt in der Einrichtung (${name.de}) ist weder im Melderegister eingetragen noch durch eine ${document} belegt.`,
          `Living in the institution (${name.en}) is neither in the register nor shown by a ${document}.`, [proof]);
      }
      return result(criterion, 'met', 'INSTITUTION_RESIDENT',
        `Die Person wohnt in einer Einrichtung (${name.de}); sie wird im Sammeltermin der Einrichtung besucht.`,
        `The person lives in an institution (${name.en}) and is visited in the institution's Sammeltermin.`);
    }
    case 'pflegegrad_min': {
      const grades = evidence.filter((item) => item.kind === 'pflegegrad_bescheid')
        .map((item) => item.pflegegrad).filter((grade): grade is number => typeof grade === 'number' && Number.isInteger(grade) && grade >= 1 && grade <= 5);
      if (grades.length === 0) {
        const unreadable = evidence.some((item) => item.kind === 'pflegegrad_bescheid');
        return result(criterion, 'evidence_missing', unreadable ? 'PFLEGEGRAD_NOT_STATED' : 'PFLEGEGRAD_NO_BESCHEID',
          unreadable
            ? `Im Pflegegrad-Bescheid ist kein Pflegegrad (1–5) erfasst; nötig ist Pflegegrad ${criterion.min} oder höher.`
            : `Es liegt kein Bescheid über einen Pflegegrad vor; nötig ist Pflegegrad ${criterion.min} oder höher.`,
          unreadable
            ? `No Pflegegrad (1–5) is recorded from the Bescheid; Pflegegrad ${criterion.min} or higher is needed.`
            : `No Pflegegrad Bescheid was seen; Pflegegrad ${criterion.min} or higher is needed.`,
          ['pflegegrad_bescheid']);
      }
      const highest = Math.max(...grades);
      if (highest < criterion.min) {
        return result(criterion, 'not_met', 'PFLEGEGRAD_TOO_LOW',
          `Der Pflegegrad ${highest} liegt unter dem nötigen Pflegegrad ${criterion.min}.`,
          `Pflegegrad ${highest} is below the required Pflegegrad ${criterion.min}.`);
      }
      return result(criterion, 'met', 'PFLEGEGRAD', `Pflegegrad ${highest} ist belegt (nötig: ${criterion.min} oder höher).`,
        `Pflegegrad ${highest} is shown (needed: ${criterion.min} or higher).`);
    }
    case 'merkzeichen': {
      const wanted = criterion.marks.map(foldMark);
      const cards = evidence.filter((item) => item.kind === 'schwerbehindertenausweis');
      const marksList = criterion.marks.join(', ');
      if (cards.length === 0) {
        return result(criterion, 'evidence_missing', 'MERKZEICHEN_NO_CARD',
          `Es liegt kein Schwerbehindertenausweis vor; nötig ist das Merkzeichen ${marksList}.`,
          `No Schwerbehindertenausweis was seen; the Merkzeichen ${marksList} is needed.`, ['schwerbehindertenausweis']);
      }
      const seen = [...new Set(cards.flatMap((card) => card.merkzeichen ?? []).map((mark) => mark.trim()).filter(Boolean))];
      const hit = seen.find((mark) => wanted.includes(foldMark(mark)));
      if (!hit) {
        const has = seen.length === 0 ? 'keine Merkzeichen' : `die Merkzeichen ${seen.join(', ')}`;
        const hasEn = seen.length === 0 ? 'no Merkzeichen' : `the Merkzeichen ${seen.join(', ')}`;
        return result(criterion, 'not_met', 'MERKZEICHEN_MISSING',
          `Der Schwerbehindertenausweis trägt ${has}, nicht das nötige Merkzeichen ${marksList}.`,
          `The Schwerbehindertenausweis carries ${hasEn}, not the required Merkzeichen ${marksList}.`);
      }
      return result(criterion, 'met', 'MERKZEICHEN', `Der Schwerbehindertenausweis trägt das Merkzeichen ${hit}.`,
        `The Schwerbehindertenausweis carries the Merkzeichen ${hit}.`);
    }
    case 'permanently_immobile': {
      const attests = evidence.filter((item) => item.kind === 'aerztliches_attest');
      if (attests.length === 0) {
        return result(criterion, 'evidence_missing', 'IMMOBILITY_NO_ATTEST',
          'Es liegt kein ärztliches Attest über eine dauerhafte schwere Immobilität vor.',
          'No ärztliches Attest of permanent severe immobility was seen.', ['aerztliches_attest']);
      }
      if (!attests.some((item) => item.attestsPermanentImmobility === true)) {
        return result(criterion, 'not_met', 'IMMOBILITY_NOT_ATTESTED',
          'Das ärztliche Attest bescheinigt keine dauerhafte schwere Immobilität (nur eine vorübergehende oder keine Angabe).',
          'The ärztliches Attest does not attest permanent severe immobility (temporary, or not stated).');
      }
      return result(criterion, 'met', 'PERMANENTLY_IMMOBILE', 'Ein ärztliches Attest bescheinigt eine dauerhafte schwere Immobilität.',
        'An ärztliches Attest attests permanent severe immobility.');
    }
  }
}

/** Any one criterion met makes the subject eligible; a denial offers the rule set's alternatives. */
export function evaluateEligibility(rules: EligibilityRules, facts: EligibilityFacts): EligibilityVerdict {
  const results = rules.criteria.map((criterion) => evaluateCriterion(criterion, facts));
  const met = results.filter((r) => r.outcome === 'met');
  const eligible = met.length > 0;
  return {
    eligible,
    criteriaMet: met.map((r) => r.criterionId),
    results,
    reasons: (eligible ? met : results).map((r) => r.reason),
    denialCodes: eligible ? [] : results.map((r) => r.code),
    alternatives: eligible ? [] : [...rules.alternatives],
    sammeltermin: met.some((r) => r.kind === 'institution_resident'),
  };
}

export const visitAlternatives: readonly VisitAlternative[] = ['befreiung_ausweispflicht', 'vorlaeufiger_ausweis', 'photo_code', 'online_services', 'buergerbuero'];
export const criterionKinds: readonly EligibilityCriterion['kind'][] = ['institution_resident', 'pflegegrad_min', 'merkzeichen', 'permanently_immobile'];
export const evidenceKinds: readonly EvidenceKind[] = [
  'pflegegrad_bescheid', 'schwerbehindertenausweis', 'aerztliches_attest', 'heimbestaetigung', 'haftbescheinigung', 'other',
];
export const institutionKinds = ['care_home', 'disability_home', 'hospital', 'prison'] as const;

export interface RuleProblem {
  code: string;
  /** Dot path, e.g. criteria.1.min. */
  field: string;
  message: Text;
}

/** What is wrong with a rule set before it is stored: every problem, with where and how to fix it. */
export function ruleSetProblems(rules: EligibilityRules): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const problem = (code: string, field: string, de: string, en: string) => problems.push({ code, field, message: { de, en } });
  if (rules.criteria.length === 0) {
    problem('RULES_NO_CRITERIA', 'criteria', 'Die Regeln brauchen mindestens ein Kriterium, sonst wäre niemand berechtigt.',
      'The rules need at least one criterion; otherwise nobody would be eligible.');
  }
  const ids = new Set<string>();
  rules.criteria.forEach((criterion, index) => {
    const at = `criteria.${index}`;
    if (!/^[a-z0-9][a-z0-9_.-]{0,63}$/.test(criterion.id)) {
      problem('RULES_CRITERION_ID_INVALID', `${at}.id`, `Die Kennung „${criterion.id}“ ist ungültig: Kleinbuchstaben, Ziffern, _ . - (höchstens 64 Zeichen).`,
        `The id "${criterion.id}" is invalid: lower-case letters, digits, _ . - (at most 64 characters).`);
    }
    if (ids.has(criterion.id)) {
      problem('RULES_CRITERION_ID_DUPLICATE', `${at}.id`, `Die Kennung „${criterion.id}“ kommt mehrfach vor; jedes Kriterium braucht eine eigene.`,
        `The id "${criterion.id}" appears more than once; give each criterion its own.`);
    }
    ids.add(criterion.id);
    if (!criterion.label.de.trim() || !criterion.label.en.trim()) {
      problem('RULES_LABEL_MISSING', `${at}.label`, 'Jedes Kriterium braucht eine Bezeichnung auf Deutsch und Englisch; sie steht im Ablehnungsschreiben.',
        'Every criterion needs a German and an English label; the denial letter prints it.');
    }
    if (criterion.kind === 'pflegegrad_min' && (!Number.isInteger(criterion.min) || criterion.min < 1 || criterion.min > 5)) {
      problem('RULES_PFLEGEGRAD_INVALID', `${at}.min`, `Pflegegrade gehen von 1 bis 5, nicht ${String(criterion.min)}.`, `Pflegegrade range from 1 to 5, not ${String(criterion.min)}.`);
    }
    if (criterion.kind === 'merkzeichen' && criterion.marks.filter((mark) => mark.trim()).length === 0) {
      problem('RULES_MARKS_MISSING', `${at}.marks`, 'Nennen Sie mindestens ein Merkzeichen, z. B. aG.', 'Name at least one Merkzeichen, e.g. aG.');
    }
    if (criterion.kind === 'institution_resident') {
      if (criterion.institutionKinds.length === 0) {
        problem('RULES_INSTITUTION_KINDS_MISSING', `${at}.institutionKinds`, 'Nennen Sie mindestens eine Art von Einrichtung.', 'Name at least one kind of institution.');
      }
      criterion.institutionKinds.forEach((kind, k) => {
        if (!(institutionKinds as readonly string[]).includes(kind)) {
          problem('RULES_INSTITUTION_KIND_UNKNOWN', `${at}.institutionKinds.${k}`, `Unbekannte Art „${kind}“; möglich sind ${institutionKinds.join(', ')}.`,
            `Unknown kind "${kind}"; possible are ${institutionKinds.join(', ')}.`);
        }
      });
    }
  });
  if (new Set(rules.alternatives).size !== rules.alternatives.length) {
    problem('RULES_ALTERNATIVE_DUPLICATE', 'alternatives', 'Jede Alternative nur einmal nennen.', 'Name each alternative once.');
  }
  return problems;
}
