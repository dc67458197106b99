/**
 * Fixtures for the eID terminal workflow tests: the shared workflow fixtures (../testing.ts), a
 * German adult in Bochum with a valid Personalausweis, who moved into her flat in September 2026
 * (recent enough for an address change on the card). Override what a test is about.
 */
import type { CaseFacts, PersonFacts, ResidenceFacts } from '../../workflow.ts';
import { caseFacts as sharedCaseFacts, personFacts as sharedPersonFacts, residenceFacts, type CaseFactsOverrides } from '../testing.ts';

export { bochumAddress, serial } from '../testing.ts';

export function residence(overrides: Partial<ResidenceFacts> = {}): ResidenceFacts {
  return residenceFacts({ movedIn: '2026-09-01', ...overrides });
}

export function personFacts(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return sharedPersonFacts({ residences: [residence()], ...overrides });
}

export function caseFacts(overrides: CaseFactsOverrides = {}): CaseFacts {
  return sharedCaseFacts(overrides, personFacts);
}

/** Every key anywhere in a value (for the PIN guarantee: none of them may be a PIN). */
export function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
  return [];
}
