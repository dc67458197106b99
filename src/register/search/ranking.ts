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
}

export const personScoreRules: RankingRules = {
  birthNameWeight: 0.95,
  otherNameWeight: 0.9,
  roleMismatchFactor: 0.85,
  swappedOrderPenalty: 0.05,
  unmatchedNamePenalty: 0.03,
  maxUnmatchedPenalty: 0.15,
};
