/**
 * Rule set presets from the cities' published practice (DESIGN §5). A municipality stores its
 * own versions (eligibility_rule_set); these are starting points, and the demo city's first
 * version.
 */
import type { EligibilityRules } from '../types.ts';

/**
 * Bochum: residents of institutions (visited together in a Sammeltermin arranged with the home's
 * management), or Pflegegrad 4 or higher, or a Schwerbehindertenausweis with Merkzeichen aG.
 */
export const bochumRules: EligibilityRules = {
  criteria: [
    {
      id: 'institution',
      kind: 'institution_resident',
      institutionKinds: ['care_home', 'disability_home'],
      label: { de: 'Bewohnerin oder Bewohner einer Pflege- oder Wohneinrichtung (Sammeltermin)', en: 'Resident of a care or residential home (Sammeltermin)' },
    },
    { id: 'pflegegrad', kind: 'pflegegrad_min', min: 4, label: { de: 'Pflegegrad 4 oder 5', en: 'Pflegegrad 4 or 5' } },
    { id: 'merkzeichen_ag', kind: 'merkzeichen', marks: ['aG'], label: { de: 'Schwerbehindertenausweis mit Merkzeichen aG', en: 'Schwerbehindertenausweis with Merkzeichen aG' } },
  ],
  alternatives: ['befreiung_ausweispflicht', 'vorlaeufiger_ausweis', 'photo_code', 'online_services', 'buergerbuero'],
};

/** Essen: permanently severely immobile (ärztliches Attest), residents of care homes and similar institutions, prisoners. */
export const essenRules: EligibilityRules = {
  criteria: [
    {
      id: 'immobile',
      kind: 'permanently_immobile',
      label: { de: 'Dauerhaft schwer immobil (ärztliches Attest)', en: 'Permanently severely immobile (doctor\'s certificate)' },
    },
    {
      id: 'institution',
      kind: 'institution_resident',
      institutionKinds: ['care_home', 'disability_home'],
      label: { de: 'Bewohnerin oder Bewohner eines Pflegeheims oder einer ähnlichen Einrichtung', en: 'Resident of a care home or similar institution' },
    },
    {
      id: 'prison',
      kind: 'institution_resident',
      institutionKinds: ['prison'],
      label: { de: 'Inhaftiert in einer Justizvollzugsanstalt', en: 'Detained in a prison (Justizvollzugsanstalt)' },
    },
  ],
  alternatives: ['befreiung_ausweispflicht', 'vorlaeufiger_ausweis', 'photo_code', 'online_services', 'buergerbuero'],
};

export const eligibilityPresets = {
  bochum: { name: 'Bochum (Voreinstellung)', rules: bochumRules },
  essen: { name: 'Essen (Voreinstellung)', rules: essenRules },
} as const;
export type EligibilityPresetName = keyof typeof eligibilityPresets;
