/**
 * Versions of a municipality's eligibility rules (eligibility_rule_set). Rules are data: an admin
 * stores a new version valid from a day; on any day the version in force is the newest one
 * whose validFrom has come. Versions are never changed or deleted — every decision names the
 * version it used. To go back to an earlier rule set, store a copy of it as a new version.
 */
import { and, asc, desc, eq, lte } from 'drizzle-orm';
import { actorName, type Actor } from '../../identity/principal.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { municipalities } from '../../platform/tenancy/schema.ts';
import { addDays, partialDateExists } from '../../register/dates.ts';
import { eligibilityRuleSets } from '../schema.ts';
import type { EligibilityRules } from '../types.ts';
import { ruleSetProblems } from './rules.ts';

export interface RuleSetVersion {
  id: string;
  version: number;
  name: string;
  rules: EligibilityRules;
  validFrom: string;
  /** The day before the next version starts; null while no later version exists. */
  validUntil: string | null;
  /** In force on the day asked for (today for the list). */
  active: boolean;
  createdByName: string;
  createdAt: string;
}

type Row = typeof eligibilityRuleSets.$inferSelect;

function invalid(field: string, de: string, en: string, status = 400, extra: Record<string, unknown> = {}): AppError {
  return new AppError('ELIGIBILITY_RULES_INVALID', en, status, { field, text: { de, en }, ...extra });
}

/** Every version, oldest first, with its end and whether it is in force on `day`. */
export async function listEligibilityRuleSets(db: Db, municipalityId: string, day: string): Promise<RuleSetVersion[]> {
  const rows = await db.select().from(eligibilityRuleSets)
    .where(eq(eligibilityRuleSets.municipalityId, municipalityId)).orderBy(asc(eligibilityRuleSets.version));
  const active = inForce(rows, day);
  return rows.map((row, index) => {
    // A later version starting on the same day supersedes this one entirely (a same-day correction).
    const next = rows.slice(index + 1).map((r) => r.validFrom).sort()[0];
    return {
      id: row.id,
      version: row.version,
      name: row.name,
      rules: row.rules,
      validFrom: row.validFrom,
      validUntil: next === undefined ? null : next <= row.validFrom ? addDays(row.validFrom, -1) : addDays(next, -1),
      active: row.id === active?.id,
      createdByName: row.createdByName,
      createdAt: row.createdAt.toISOString(),
    };
  });
}

function inForce(rows: Row[], day: string): Row | undefined {
  return rows.filter((row) => row.validFrom <= day).sort((a, b) => (a.validFrom < b.validFrom ? 1 : a.validFrom > b.validFrom ? -1 : b.version - a.version))[0];
}

/** The version in force on a day, or null when the municipality has none yet. */
export async function activeEligibilityRuleSet(db: Db, municipalityId: string, day: string): Promise<Row | null> {
  const [row] = await db.select().from(eligibilityRuleSets)
    .where(and(eq(eligibilityRuleSets.municipalityId, municipalityId), lte(eligibilityRuleSets.validFrom, day)))
    .orderBy(desc(eligibilityRuleSets.validFrom), desc(eligibilityRuleSets.version)).limit(1);
  return row ?? null;
}

export interface AddRuleSetInput {
  municipalityId: string;
  name: string;
  rules: EligibilityRules;
  /** YYYY-MM-DD: first day the version decides requests. */
  validFrom: string;
}

/**
 * Stores the next version. It may not start before the newest version (history is only
 * appended); it may start on the same day, and then replaces it from that day on. Locks the
 * municipality row so two admins cannot take the same version number.
 */
export async function addEligibilityRuleSet(db: Db, actor: Actor, input: AddRuleSetInput): Promise<RuleSetVersion> {
  if (actor.municipalityId !== input.municipalityId) {
    throw new AppError('ELIGIBILITY_WRONG_MUNICIPALITY', 'Rule sets can only be stored for your own municipality.', 403);
  }
  const name = input.name.trim();
  if (name === '' || name.length > 200) {
    throw invalid('name', 'Geben Sie der Fassung einen Namen (höchstens 200 Zeichen), z. B. „Richtlinie Hausbesuche 2027“.',
      'Give the version a name (at most 200 characters), e.g. "Home visit policy 2027".');
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.validFrom) || !partialDateExists(input.validFrom)) {
    throw invalid('validFrom', `„Gültig ab“ (${input.validFrom}) ist kein Kalendertag; erwartet wird JJJJ-MM-TT.`,
      `validFrom (${input.validFrom}) is not a calendar day; expected YYYY-MM-DD.`);
  }
  const problems = ruleSetProblems(input.rules);
  const first = problems[0];
  if (first) {
    throw new AppError('ELIGIBILITY_RULES_INVALID', `rules.${first.field}: ${first.message.en}`, 400, {
      field: `rules.${first.field}`, text: first.message, problems: problems.map((p) => ({ ...p, field: `rules.${p.field}` })),
    });
  }
  return db.transaction(async (tx) => {
    const [municipality] = await tx.select({ id: municipalities.id }).from(municipalities)
      .where(eq(municipalities.id, input.municipalityId)).for('update');
    if (!municipality) throw new AppError('MUNICIPALITY_UNKNOWN', `No municipality with id ${input.municipalityId}.`, 404);
    const [latest] = await tx.select().from(eligibilityRuleSets)
      .where(eq(eligibilityRuleSets.municipalityId, input.municipalityId)).orderBy(desc(eligibilityRuleSets.version)).limit(1);
    if (latest && input.validFrom < latest.validFrom) {
      throw invalid('validFrom',
        `Die neueste Fassung (${latest.version}) gilt ab ${latest.validFrom}; eine neue Fassung kann frühestens am selben Tag beginnen. Frühere Entscheidungen behalten ihre Fassung.`,
        `The newest version (${latest.version}) applies from ${latest.validFrom}; a new version can start that day at the earliest. Earlier decisions keep their version.`,
        409, { latestValidFrom: latest.validFrom });
    }
    const [row] = await tx.insert(eligibilityRuleSets).values({
      municipalityId: input.municipalityId,
      version: (latest?.version ?? 0) + 1,
      name,
      rules: { criteria: input.rules.criteria, alternatives: input.rules.alternatives },
      validFrom: input.validFrom,
      createdBy: 'kind' in actor ? null : actor.userId,
      createdByName: actorName(actor),
    }).returning();
    if (!row) throw new Error('eligibility_rule_set insert returned nothing');
    return {
      id: row.id, version: row.version, name: row.name, rules: row.rules, validFrom: row.validFrom, validUntil: null,
      active: false, createdByName: row.createdByName, createdAt: row.createdAt.toISOString(),
    };
  });
}

/** One stored version by number, for copying it into a new version. */
export async function ruleSetVersion(db: Db, municipalityId: string, version: number): Promise<Row | null> {
  const [row] = await db.select().from(eligibilityRuleSets)
    .where(and(eq(eligibilityRuleSets.municipalityId, municipalityId), eq(eligibilityRuleSets.version, version))).limit(1);
  return row ?? null;
}
