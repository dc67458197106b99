import { personNameTokenRows, type IndexedNames, type NameRole } from './name-index.ts';
import { nameTokens } from '../names/normalize.ts';
import type { ExpectedRole, NameQuery } from './query.ts';
import { typedTokens } from './query.ts';

/**
 * Weights of the person ranking. A person's score is the sum, over the query tokens, of the
 * best-matching name token's score (token-score.ts) times these factors; the hit's score is
 * that sum divided by the number of query tokens.
 */
export interface RankingRules {
  /** A match on the Geburtsname counts slightly less than on the current family name. */
  birthNameWeight: number;
  /** … and on a former, religious or artist's name a little less again. */
  otherNameWeight: number;
  /** A token matching a given name where a family name was expected (or the reverse). */
  roleMismatchFactor: number;
  /** Subtracted when the name only fits read the other way round ("Schmidt Hans"). */
  swappedOrderPenalty: number;
  /** Per name part of the person the query did not mention (ranks "Hans Müller" above "Hans Peter Müller" for "Hans Müller"). */
  unmatchedNamePenalty: number;
  maxUnmatchedPenalty: number;
  /** Added per token typed exactly as registered, diacritics included ("Müller" over "Mueller" for "Müller"). */
  exactSpellingBonus: number;
}

export const personScoreRules: RankingRules = {
  birthNameWeight: 0.95,
  otherNameWeight: 0.9,
  roleMismatchFactor: 0.85,
  swappedOrderPenalty: 0.05,
  unmatchedNamePenalty: 0.03,
  maxUnmatchedPenalty: 0.15,
  exactSpellingBonus: 0.01,
};

/** Candidate lexicon tokens with their scores, per query token index. */
export type CandidateScores = ReadonlyMap<number, ReadonlyMap<string, number>>;

export interface RankablePerson extends IndexedNames {
  id: string;
  searchName: string;
}

export interface PersonScore {
  /** Sum of the best token scores, with role factors and the swapped-order penalty. */
  raw: number;
  /** raw minus the penalty for name parts the query did not mention: the ranking key. */
  final: number;
  /** Number of query tokens that matched some name of the person. */
  matched: number;
}

export interface RankedPerson<P extends RankablePerson> {
  person: P;
  score: PersonScore;
}

/** How well a person's names answer a query; pure, the database only supplies the candidates. */
export function scorePerson(
  query: NameQuery, candidates: CandidateScores, person: RankablePerson, rules: RankingRules = personScoreRules, memo: NameMemo = new NameMemo(),
): PersonScore {
  const names = personNameTokenRows('', person.id, person, memo.tokens);
  let spelledWords: Set<string> | null = null;
  const spelledAsTyped = (typed: string) => (spelledWords ??= registeredSpellings(person, memo)).has(typed);
  let usual = 0;
  let swapped = 0;
  let matched = 0;
  for (const queryToken of query.tokens) {
    const scores = candidates.get(queryToken.index);
    let bestUsual = 0;
    let bestSwapped = 0;
    if (scores) {
      for (const name of names) {
        const score = scores.get(name.token);
        if (score === undefined) continue;
        const base = score * roleWeight(name.role, rules)
          + (score === 1 && spelledAsTyped(queryToken.typed) ? rules.exactSpellingBonus : 0);
        bestUsual = Math.max(bestUsual, base * roleFit(queryToken.expected, name.role, rules));
        bestSwapped = Math.max(bestSwapped, base * roleFit(queryToken.expectedSwapped, name.role, rules));
      }
    }
    if (bestUsual > 0 || bestSwapped > 0) matched += 1;
    usual += bestUsual;
    swapped += bestSwapped;
  }
  const raw = query.orderStated ? usual : Math.max(usual, swapped - rules.swappedOrderPenalty);
  const ownNames = names.filter((n) => n.role === 'f' || n.role === 'g').length;
  const penalty = Math.min(rules.maxUnmatchedPenalty, rules.unmatchedNamePenalty * Math.max(0, ownNames - matched));
  return { raw, final: raw - penalty, matched };
}

/**
 * Scores and orders persons: best final score first, ties by search name and id, so the
 * order is stable. Persons matching no query token, or lacking a typed initial, are left out.
 */
export function rankPersons<P extends RankablePerson>(query: NameQuery, candidates: CandidateScores, persons: readonly P[], rules: RankingRules = personScoreRules): RankedPerson<P>[] {
  const ranked: RankedPerson<P>[] = [];
  // Thousands of Müllers share a handful of name strings: fold each string once.
  const memo = new NameMemo();
  for (const person of persons) {
    if (!hasInitials(person, query.initials, memo)) continue;
    const score = scorePerson(query, candidates, person, rules, memo);
    if (score.matched > 0) ranked.push({ person, score });
  }
  return ranked.sort((a, b) => b.score.final - a.score.final
    || (a.person.searchName < b.person.searchName ? -1 : a.person.searchName > b.person.searchName ? 1 : 0)
    || (a.person.id < b.person.id ? -1 : a.person.id > b.person.id ? 1 : 0));
}

function hasInitials(person: RankablePerson, initials: readonly string[], memo: NameMemo): boolean {
  if (initials.length === 0) return true;
  const given = person.givenNames.flatMap(memo.tokens);
  return initials.every((initial) => given.some((token) => token.startsWith(initial)));
}

function roleWeight(role: NameRole, rules: RankingRules): number {
  if (role === 'b') return rules.birthNameWeight;
  if (role === 'o') return rules.otherNameWeight;
  return 1;
}

function roleFit(expected: ExpectedRole, role: NameRole, rules: RankingRules): number {
  if (expected === 'any') return 1;
  return (expected === 'given') === (role === 'g') ? 1 : rules.roleMismatchFactor;
}

/** The words of a person's names as registered, in lower case with diacritics (müller, o'brien → o, brien). */
function registeredSpellings(person: RankablePerson, memo: NameMemo): Set<string> {
  const parts = [person.familyName, ...person.givenNames, person.birthName, ...(person.formerNames ?? []).map((f) => f.familyName), person.religiousName, person.artistName];
  return new Set(parts.filter((part): part is string => Boolean(part)).flatMap(memo.spellings));
}

/** Folding results per name string, shared while one search ranks its persons. */
export class NameMemo {
  private readonly tokenCache = new Map<string, string[]>();
  private readonly spellingCache = new Map<string, string[]>();
  readonly tokens = (text: string): string[] => {
    let tokens = this.tokenCache.get(text);
    if (!tokens) this.tokenCache.set(text, (tokens = nameTokens(text)));
    return tokens;
  };
  readonly spellings = (text: string): string[] => {
    let spellings = this.spellingCache.get(text);
    if (!spellings) this.spellingCache.set(text, (spellings = typedTokens(text).map((t) => t.typed)));
    return spellings;
  };
}
