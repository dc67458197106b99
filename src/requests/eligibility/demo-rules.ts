import { eq } from 'drizzle-orm';
import type { SystemActor } from '../../identity/principal.ts';
import type { Db } from '../../platform/db/database.ts';
import { eligibilityRuleSets } from '../schema.ts';
import { bochumRules } from './presets.ts';
import { addEligibilityRuleSet } from './rule-sets.ts';

export const demoRulesValidFrom = '2025-01-01';

/** The demo city (Bochum) decides with the Bochum preset; stored once, a city's later versions are left alone. */
export async function ensureDemoEligibilityRules(db: Db, municipalityId: string): Promise<boolean> {
  const [existing] = await db.select({ id: eligibilityRuleSets.id }).from(eligibilityRuleSets)
    .where(eq(eligibilityRuleSets.municipalityId, municipalityId)).limit(1);
  if (existing) return false;
  const actor: SystemActor = { kind: 'system', name: 'demo-seed', municipalityId };
  await addEligibilityRuleSet(db, actor, { municipalityId, name: 'Richtlinie Hausbesuche (Voreinstellung Bochum)', rules: bochumRules, validFrom: demoRulesValidFrom });
  return true;
}
