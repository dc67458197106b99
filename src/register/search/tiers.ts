/**
 * Which persons the search fetches, in tiers: first those matching a candidate of every typed
 * name part, then — only while that does not yet give the limit of hits that no lower tier could
 * beat — those matching fewer parts. Pure, so the policy is tested on its own.
 */

export interface TokenGroup {
  /** Index of the query token. */
  index: number;
  /** Candidate lexicon tokens for it, best first. */
  tokens: string[];
  /** Score of each candidate token (token-score.ts). */
  scores: ReadonlyMap<string, number>;
  /** Lexicon occurrences of each candidate token. */
  occurrences: ReadonlyMap<string, number>;
  /** Best candidate score: no person can get more than this from the query token. */
  max: number;
  /** How many name tokens in the register carry one of the candidates (lexicon occurrences). */
  size: number;
}

export interface TierPolicy {
  /**
   * A group this big (e.g. Maria with its variants in a large city) does not make a person a hit
   * in a lower tier on its own, together with other such groups only: "Maria Anna Brinkhofmann"
   * should not list every Maria Anna when few Brinkhofmanns exist.
   */
  commonGroupSize: number;
  /** When the anchor groups together are this small, lower tiers are fetched in one step. */
  floorJumpSize: number;
}

export const tierPolicy: TierPolicy = { commonGroupSize: 2500, floorJumpSize: 3000 };

/** Groups that may carry a lower-tier hit: the uncommon ones, or the rarest if all are common. */
export function anchorGroups(groups: readonly TokenGroup[], policy: TierPolicy = tierPolicy): TokenGroup[] {
  const uncommon = groups.filter((group) => group.size <= policy.commonGroupSize);
  if (uncommon.length > 0) return uncommon;
  const rarest = [...groups].sort((a, b) => a.size - b.size || a.index - b.index)[0];
  return rarest ? [rarest] : [];
}

/** The sets of groups a person must all match to be in tier `tier` (matching `tier` of the groups). */
export function tierSubsets(groups: readonly TokenGroup[], tier: number, anchors: readonly TokenGroup[]): TokenGroup[][] {
  if (tier >= groups.length) return groups.length > 0 ? [[...groups]] : [];
  return combinations(groups, tier).filter((subset) => subset.some((group) => anchors.includes(group)));
}

/** The highest raw score a person below tier `tier` (matching fewer than `tier` groups) can reach. */
export function boundBelowTier(groups: readonly TokenGroup[], tier: number): number {
  return groups.map((group) => group.max).sort((a, b) => b - a).slice(0, Math.max(0, tier - 1)).reduce((sum, max) => sum + max, 0);
}

/**
 * The tier to fetch after `tier`, or null when there is none to fetch. Tiers go down to
 * `lowest`; when the anchor groups are small, straight there in one step.
 */
export function nextTier(tier: number, anchors: readonly TokenGroup[], lowest: number, policy: TierPolicy = tierPolicy): number | null {
  if (tier <= lowest) return null;
  const anchorSize = anchors.reduce((sum, group) => sum + group.size, 0);
  return anchorSize <= policy.floorJumpSize ? lowest : tier - 1;
}

/**
 * The lowest tier worth fetching. Persons matching a single part of a name of several parts
 * (every Maria for "Maria Brinkhofmann") are no answer, unless a birth date or address narrows
 * them down, or nothing better was found.
 */
export function lowestTier(groupCount: number, narrowed: boolean, foundSoFar: number): number {
  return groupCount <= 1 || narrowed || foundSoFar === 0 ? 1 : 2;
}

/**
 * A group cut to its best candidates, as many as fit `maxSize` occurrences (the best one always):
 * one-word searches for common names ("Müller") should rank the Müllers, not whichever of
 * the Müllers, Möllers and Mullers the database returns first.
 */
export function trimGroup(group: TokenGroup, maxSize: number): TokenGroup {
  if (group.size <= maxSize) return group;
  const tokens: string[] = [];
  let size = 0;
  for (const token of group.tokens) {
    const occurrences = group.occurrences.get(token) ?? 0;
    if (tokens.length > 0 && size + occurrences > maxSize) break;
    tokens.push(token);
    size += occurrences;
  }
  return { ...group, tokens, size };
}

function combinations<T>(items: readonly T[], size: number): T[][] {
  if (size <= 0) return [[]];
  const result: T[][] = [];
  items.forEach((item, i) => {
    for (const rest of combinations(items.slice(i + 1), size - 1)) result.push([item, ...rest]);
  });
  return result;
}
