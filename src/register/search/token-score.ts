import type { QueryToken } from './query.ts';
import type { TokenGroup } from './tiers.ts';

/**
 * How well a name token from the lexicon matches a token the user typed. Pure, so the
 * ranking rules can be read and tested in one place; the database only proposes candidates.
 */

export interface TokenCandidate {
  token: string;
  phonetic: string;
}

export interface QueryTokenForScoring {
  token: string;
  phonetic: string;
  /** The last token may be unfinished (typing), so prefixes of longer names count. */
  prefix: boolean;
}

/** Candidates scoring below this are dropped before the person lookup. */
export const minimumTokenScore = 0.5;
/**
 * Candidates scoring this much below the best candidate of the same query token are dropped:
 * when "maria" is in the register, "meier" (only sounding alike) would just widen the lookup,
 * while any single typo or spelling variant of the typed name still scores within it.
 */
export const candidateScoreSpread = 0.25;

/**
 * Score in [0, 1] of a lexicon token for a query token, or 0 when it is no plausible match.
 * Order of the tiers: identical > same up to spelling variants (Mueller/Muller, Meier/Mayer,
 * Schmidt/Schmitt) > one typo and sounding alike > one typo > two typos and sounding alike >
 * sounding alike only; the start of a longer name scores 0.7–0.95 by how much of it was typed.
 */
export function tokenScore(query: QueryTokenForScoring, candidate: TokenCandidate): number {
  const q = query.token;
  const t = candidate.token;
  if (q === t) return 1;
  let score = 0;
  if (spellingKey(q) === spellingKey(t)) score = 0.95;
  const samePhonetic = query.phonetic !== '' && query.phonetic === candidate.phonetic;
  const distance = boundedEditDistance(q, t, 3);
  const allowed = allowedDistance(q.length);
  if (distance <= allowed) {
    const byDistance = distance === 1 ? (samePhonetic ? 0.85 : 0.8) : distance === 2 ? (samePhonetic ? 0.75 : 0.65) : (samePhonetic ? 0.6 : 0.5);
    score = Math.max(score, byDistance);
  }
  if (samePhonetic && Math.min(q.length, t.length) >= 3) score = Math.max(score, 0.55);
  // Unfinished input: "Mül" is more likely the start of Müller than a typo of Gül.
  if (query.prefix && q.length >= 2 && t.startsWith(q)) score = Math.max(score, 0.7 + 0.25 * (q.length / t.length));
  return score >= minimumTokenScore ? score : 0;
}

/** How many typos a token of this length may carry and still match. */
export function allowedDistance(length: number): number {
  if (length <= 3) return 1;
  if (length <= 7) return 2;
  return 3;
}

/**
 * A key under which common German spelling variants coincide: umlauts written without
 * the e (Mueller/Muller), ei/ai/ey/ay, dt/tt/t, ph/f, ck/k, th/t, tz/z, y/i, and doubled letters.
 */
export function spellingKey(token: string): string {
  return token
    .replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u')
    .replace(/ph/g, 'f').replace(/th/g, 't').replace(/dt/g, 't').replace(/ck/g, 'k').replace(/tz/g, 'z')
    .replace(/(ey|ay|ai)/g, 'ei').replace(/y/g, 'i')
    .replace(/(.)\1+/g, '$1');
}

/**
 * Optimal string alignment distance (Levenshtein plus transposition of neighbours, so "Hnas"
 * is one typo away from "Hans"), or `limit + 1` as soon as the distance exceeds `limit`.
 */
export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let previous2 = new Array<number>(cols).fill(0);
  let previous = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i += 1) {
    const current = new Array<number>(cols).fill(0);
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (previous2[j - 2] ?? 0) + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous2 = previous;
    previous = current;
  }
  return Math.min(previous[cols - 1] ?? limit + 1, limit + 1);
}

const alphabet = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Every string one edit (deletion, transposition, substitution, insertion) away from a token.
 * Short names lose most of their trigrams to a single typo ("Udo"/"Uso" share none), so
 * for them the database looks these variants up by equality instead.
 */
export function oneEditVariants(token: string): string[] {
  const variants = new Set<string>();
  for (let i = 0; i < token.length; i += 1) variants.add(token.slice(0, i) + token.slice(i + 1));
  for (let i = 0; i < token.length - 1; i += 1) variants.add(token.slice(0, i) + token[i + 1] + token[i] + token.slice(i + 2));
  for (let i = 0; i < token.length; i += 1) {
    for (const letter of alphabet) variants.add(token.slice(0, i) + letter + token.slice(i + 1));
  }
  for (let i = 0; i <= token.length; i += 1) {
    for (const letter of alphabet) variants.add(token.slice(0, i) + letter + token.slice(i));
  }
  variants.delete(token);
  return [...variants];
}

/** A name_lexicon row proposed for query token `idx` (-1: for any). */
export interface LexiconRow {
  idx: number;
  token: string;
  phonetic: string;
  occurrences: number;
}

/** Lexicon candidates kept per query token, best first. */
export const candidatesPerToken = 24;

/**
 * Scores the lexicon rows proposed for each query token (rows with idx -1 were looked up for
 * all tokens at once) and keeps, per token, the best within candidateScoreSpread of the best.
 */
export function selectCandidates(tokens: readonly QueryToken[], rows: readonly LexiconRow[]): TokenGroup[] {
  const groups: TokenGroup[] = [];
  for (const queryToken of tokens) {
    const seen = new Set<string>();
    const scored = rows
      .filter((row) => (row.idx === queryToken.index || row.idx === -1) && !seen.has(row.token) && seen.add(row.token))
      .map((row) => ({ row, score: tokenScore(queryToken, row) }))
      .filter((candidate) => candidate.score > 0)
      .sort((a, b) => b.score - a.score || b.row.occurrences - a.row.occurrences || (a.row.token < b.row.token ? -1 : 1));
    const best = scored[0]?.score ?? 0;
    const kept = scored.filter((candidate) => candidate.score >= best - candidateScoreSpread).slice(0, candidatesPerToken);
    if (kept.length === 0) continue;
    groups.push({
      index: queryToken.index,
      tokens: kept.map((c) => c.row.token),
      scores: new Map(kept.map((c) => [c.row.token, c.score])),
      occurrences: new Map(kept.map((c) => [c.row.token, c.row.occurrences])),
      max: best,
      size: kept.reduce((sum, c) => sum + c.row.occurrences, 0),
    });
  }
  return groups;
}
