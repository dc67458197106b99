import { sql, type SQL } from 'drizzle-orm';
import type { FormerName } from '../schema.ts';
import { recordAccess } from '../../audit/record-access.ts';
import { actorCan, type Actor } from '../../identity/principal.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { registerToday } from '../dates.ts';
import {
  parseAddressFilter, parseBirthDateFilter, parseNameQuery, type AddressFilter, type BirthDateFilter, type NameQuery,
} from './query.ts';
import { rankPersons, type CandidateScores, type RankablePerson } from './ranking.ts';
import { queryRows, textArray } from './sql-arrays.ts';
import { anchorGroups, boundBelowTier, lowestTier, nextTier, tierSubsets, trimGroup, type TokenGroup } from './tiers.ts';
import { oneEditVariants, selectCandidates, type LexiconRow } from './token-score.ts';

export interface SearchQuery {
  name: string;
  birthDate?: string | undefined;
  address?: string | undefined;
  limit?: number | undefined;
  /** Reason or Aktenzeichen, for the access log. */
  purpose?: string | undefined;
}

export interface SearchHitAddress {
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
}

export interface SearchHit {
  personId: string;
  familyName: string;
  givenNames: string[];
  /** The gebräuchlicher Vorname, when one is marked. */
  preferredGivenName: string | null;
  doctoralDegree: string | null;
  /** YYYY, YYYY-MM or YYYY-MM-DD: register dates may be partial. */
  birthDate: string | null;
  sex: string;
  dateOfDeath: string | null;
  /** The current Hauptwohnung. */
  address: SearchHitAddress | null;
  /** 0–1: how well the name matches (1 = every part typed exactly). */
  score: number;
  /** Set when the person has an active Auskunftssperre or bedingten Sperrvermerk (only shown to those entitled). */
  blocked: { kinds: string[] } | null;
}

export interface SearchResult {
  hits: SearchHit[];
}

export const defaultSearchLimit = 20;
export const maxSearchLimit = 100;
/** Block kinds that hide a person from searches by staff without register.read_blocked. */
export const disclosureBlockKinds = ['auskunftssperre', 'bedingter_sperrvermerk'] as const;

/** Tokens up to this length have every one-typo variant looked up exactly (at most ~800 strings). */
const editVariantMaxLength = 14;
/** A candidate this good means the token was found up to one typo or a spelling variant. */
const closeCandidateScore = 0.8;
/** Shorter tokens keep too few trigrams after two typos for trigram similarity to help. */
const trigramMinLength = 5;
/** Street names may carry a typo or two and be abbreviated ("Haupstr" for Hauptstraße). */
const streetSimilarity = 0.5;
/** Safety valve for one-word searches of very common names ("Maria"): rank at most this many persons. */
const maxPersonsPerTier = 5000;

/**
 * Finds persons in the Melderegister by name as people type it (typos, missing umlauts,
 * sound-alikes, swapped order, unfinished input), optionally narrowed by birth date and address.
 * Persons under an Auskunftssperre or bedingtem Sperrvermerk appear only for staff allowed to
 * see them, marked, and each such hit is logged separately. Every search is logged (BMG § 40).
 *
 * How: (1) the name lexicon proposes candidate tokens for each typed part (token-score.ts);
 * (2) persons carrying candidates of all parts come from the GIN index on their name tokens,
 * persons matching fewer parts only if needed to fill the limit (tiers.ts); (3) they are ranked
 * in TypeScript (ranking.ts); (4) address and blocks are read for the hits.
 */
export async function searchPersons(ctx: AppContext, actor: Actor, query: SearchQuery): Promise<SearchResult> {
  const nameQuery = parseNameQuery(query.name);
  const birth = query.birthDate?.trim() ? parseBirthDateFilter(query.birthDate) : null;
  const address = query.address?.trim() ? parseAddressFilter(query.address) : null;
  const limit = query.limit ?? defaultSearchLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxSearchLimit) {
    throw new AppError('SEARCH_LIMIT_INVALID', `The limit ${limit} is out of range: ask for 1 to ${maxSearchLimit} hits.`);
  }
  const municipalityId = actor.municipalityId;
  const db = ctx.database.db;
  const today = registerToday(ctx.now());
  const showBlocked = actorCan(actor, 'register.read_blocked');

  const groups = await findTokenCandidates(db, municipalityId, nameQuery);
  const trace: { tier: number; fetched: number }[] = [];
  const ranked = await findPersons(db, { municipalityId, nameQuery, groups, birth, address, today, showBlocked, limit }, trace);
  const hits = await presentHits(db, today, ranked, nameQuery.tokens.length);

  const blockedHits = hits.filter((hit) => hit.blocked !== null);
  const details = { name: query.name, birthDate: query.birthDate ?? null, address: query.address ?? null };
  const dataCategories = ['names', 'birth', 'addresses'];
  const at = ctx.now();
  await db.transaction(async (tx) => {
    await recordAccess(tx as unknown as Db, {
      municipalityId, actor, action: 'register.search', dataCategories,
      personIds: hits.map((hit) => hit.personId), hitCount: hits.length, purpose: query.purpose ?? null, details,
    }, at);
    for (const hit of blockedHits) {
      await recordAccess(tx as unknown as Db, {
        municipalityId, actor, action: 'register.search.blocked_hit', dataCategories: [...dataCategories, 'blocks'],
        personIds: [hit.personId], hitCount: 1, purpose: query.purpose ?? null, details: { ...details, blockKinds: hit.blocked?.kinds ?? [] },
      }, at);
    }
  });
  ctx.logger.debug({
    municipalityId, hits: hits.length, blockedHits: blockedHits.length,
    groups: groups.map((group) => ({ index: group.index, candidates: group.tokens.length, size: group.size })), tiers: trace,
  }, 'register search');
  return { hits };
}

/**
 * Statement 1: lexicon tokens that may be meant by each query token — the token itself and
 * every string one typo away (one lookup for all tokens), the same Kölner Phonetik code, and
 * longer names starting with the last token (unfinished input). All of it runs on btree
 * indexes. Only tokens left without a close candidate get a second look by trigram similarity
 * (two or more typos): pg_trgm is slow enough that it should not run on every search.
 */
async function findTokenCandidates(db: Db, municipalityId: string, nameQuery: NameQuery): Promise<TokenGroup[]> {
  const lexicon = (idx: number, condition: SQL) =>
    sql`SELECT ${idx}::int AS idx, token, phonetic, occurrences FROM name_lexicon WHERE municipality_id = ${municipalityId} AND ${condition}`;
  const branches: SQL[] = [];
  const exact = new Set<string>();
  for (const token of nameQuery.tokens) {
    const conditions: SQL[] = [];
    if (token.phonetic) conditions.push(sql`phonetic = ${token.phonetic}`);
    if (token.prefix) conditions.push(sql`token LIKE ${`${token.token}%`}`);
    if (conditions.length > 0) branches.push(lexicon(token.index, sql`(${sql.join(conditions, sql` OR `)})`));
    exact.add(token.token);
    if (token.token.length <= editVariantMaxLength) for (const variant of oneEditVariants(token.token)) exact.add(variant);
  }
  // Rows of idx -1 are scored against every query token. A join rather than token = ANY(…):
  // the planner would estimate the selectivity of each of the hundreds of strings (~5 ms).
  branches.push(sql`SELECT -1 AS idx, l.token, l.phonetic, l.occurrences
    FROM unnest(${textArray([...exact])}::text[]) AS v(token)
    JOIN name_lexicon l ON l.municipality_id = ${municipalityId} AND l.token = v.token`);
  const rows = await queryRows<LexiconRow>(db, sql.join(branches, sql` UNION ALL `));
  let groups = selectCandidates(nameQuery.tokens, rows);

  const unmatched = nameQuery.tokens.filter((token) =>
    token.token.length >= trigramMinLength && (groups.find((group) => group.index === token.index)?.max ?? 0) < closeCandidateScore);
  if (unmatched.length > 0) {
    const similar = await queryRows<LexiconRow>(db, sql.join(unmatched.map((token) => lexicon(token.index, sql`token % ${token.token}`)), sql` UNION ALL `));
    groups = selectCandidates(nameQuery.tokens, [...rows, ...similar]);
  }
  return groups;
}

interface FindInput {
  municipalityId: string;
  nameQuery: NameQuery;
  groups: TokenGroup[];
  birth: BirthDateFilter | null;
  address: AddressFilter | null;
  today: string;
  showBlocked: boolean;
  limit: number;
}


interface RankedRow {
  person: RankablePerson;
  final: number;
}

/**
 * Statement 2 (and rarely 3): the persons of the highest tier, ranked; lower tiers are fetched
 * only when the limit is not yet filled by persons no lower tier could outscore.
 */
async function findPersons(db: Db, input: FindInput, trace: { tier: number; fetched: number }[]): Promise<RankedRow[]> {
  const { groups, nameQuery, limit } = input;
  if (groups.length === 0) return [];
  const candidates: CandidateScores = new Map(groups.map((group) => [group.index, group.scores]));
  const anchors = anchorGroups(groups);
  const filters = personFilters(input);
  let ranked: RankedRow[] = [];
  let tier: number | null = groups.length;
  while (tier !== null) {
    const subsets = tierSubsets(groups, tier, anchors).map((subset) => (subset.length === 1 && subset[0] ? [trimGroup(subset[0], maxPersonsPerTier)] : subset));
    if (subsets.length > 0) {
      const persons = await fetchTier(db, input.municipalityId, subsets, filters);
      trace.push({ tier, fetched: persons.length });
      ranked = rankPersons(nameQuery, candidates, persons).map(({ person, score }) => ({ person, final: score.final }));
      const kth = ranked[limit - 1]?.final ?? Number.NEGATIVE_INFINITY;
      if (kth >= boundBelowTier(groups, tier)) break;
    }
    tier = nextTier(tier, anchors, lowestTier(groups.length, input.birth !== null || input.address !== null, ranked.length));
  }
  return ranked.slice(0, limit);
}

async function fetchTier(db: Db, municipalityId: string, subsets: TokenGroup[][], filters: SQL): Promise<RankablePerson[]> {
  // The expression must read exactly as in the index person_name_tokens_gin; it holds the own
  // names and the Geburts-, früheren, Ordens- and Künstlernamen, so "Eva Becker" finds Eva Schulz geb. Becker.
  const tokensOf = sql`bk_person_name_tokens(p.search_name, p.birth_name, p.former_names, p.religious_name, p.artist_name)`;
  const tierCondition = sql.join(subsets.map((subset) =>
    sql`(${sql.join(subset.map((group) => sql`${tokensOf} && ARRAY(SELECT unnest(${textArray(group.tokens)}::text[]))`), sql` AND `)})`), sql` OR `);
  // Only what the ranking needs: a big tier ("Müller" alone) costs per row and column.
  const rows = await queryRows<{
    id: string; family_name: string; given_names: string[]; birth_name: string | null; former_names: FormerName[] | null;
    religious_name: string | null; artist_name: string | null; search_name: string;
  }>(db, sql`
    SELECT p.id, p.family_name, p.given_names, p.birth_name, NULLIF(p.former_names, '[]'::jsonb) AS former_names,
      p.religious_name, p.artist_name, p.search_name
    FROM person p
    WHERE p.municipality_id = ${municipalityId} AND (${tierCondition}) AND ${filters}
    LIMIT ${maxPersonsPerTier}`);
  return rows.map((row): RankablePerson => ({
    id: row.id, familyName: row.family_name, givenNames: row.given_names, birthName: row.birth_name,
    formerNames: row.former_names ?? [], religiousName: row.religious_name, artistName: row.artist_name, searchName: row.search_name,
  }));
}

/** Birth date, address and block conditions on the person p. */
function personFilters(input: FindInput): SQL {
  const { municipalityId, birth, address, today } = input;
  const conditions: SQL[] = [sql`true`];
  if (birth) {
    // A stored date missing its day or month (or entirely unknown) may still be the one asked for.
    conditions.push(sql`(p.birth_year = ${birth.year} OR p.birth_year IS NULL)`);
    if (birth.month !== null) conditions.push(sql`(p.birth_month = ${birth.month} OR p.birth_month IS NULL)`);
    if (birth.day !== null) conditions.push(sql`(p.birth_day = ${birth.day} OR p.birth_day IS NULL)`);
  }
  if (address) {
    const foldedStreet = sql`unaccent(replace(replace(replace(replace(replace(lower(ad.street), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss'), 'str.', 'strasse'))`;
    const houseNumber = address.houseNumber === null ? sql`` : sql`AND (
      replace(lower(ad.house_number), ' ', '') = ${address.houseNumber}
      OR (${/^\d+$/.test(address.houseNumber)} AND replace(lower(ad.house_number), ' ', '') ~ ${`^${address.houseNumber}[^0-9]`}))`;
    conditions.push(sql`EXISTS (
      SELECT 1 FROM residence r JOIN address ad ON ad.id = r.address_id
      WHERE r.person_id = p.id AND ad.municipality_id = ${municipalityId} AND ${currentResidence(today)}
        AND word_similarity(${address.street}, ${foldedStreet}) >= ${streetSimilarity} ${houseNumber})`);
  }
  if (!input.showBlocked) {
    conditions.push(sql`p.id NOT IN (SELECT b.person_id FROM person_block b WHERE b.municipality_id = ${municipalityId} AND ${activeBlock('b', today)})`);
  }
  return sql.join(conditions, sql` AND `);
}

const currentResidence = (today: string) => sql`r.moved_in <= ${today}::date AND (r.moved_out IS NULL OR r.moved_out > ${today}::date)`;

function activeBlock(alias: string, today: string): SQL {
  const b = sql.raw(alias);
  return sql`${b}.kind = ANY(${textArray([...disclosureBlockKinds])}::text[]) AND ${b}.valid_from <= ${today}::date
    AND (${b}.valid_until IS NULL OR ${b}.valid_until >= ${today}::date)`;
}

/** Last statement: the shown details, the current Hauptwohnung and the active blocks of the hits. */
async function presentHits(db: Db, today: string, ranked: RankedRow[], queryTokenCount: number): Promise<SearchHit[]> {
  if (ranked.length === 0) return [];
  const rows = await queryRows<{
    id: string; preferred_given_name: number | null; doctoral_degree: string | null; birth_year: number | null; birth_month: number | null;
    birth_day: number | null; sex: string; date_of_death: string | null;
    street: string | null; house_number: string | null; postcode: string | null; city: string | null; block_kinds: string[] | null;
  }>(db, sql`
    SELECT p.id, p.preferred_given_name, p.doctoral_degree, p.birth_year, p.birth_month, p.birth_day, p.sex, p.date_of_death::text AS date_of_death,
      addr.street, addr.house_number, addr.postcode, addr.city, blocks.kinds AS block_kinds
    FROM person p
    LEFT JOIN LATERAL (
      SELECT ad.street, ad.house_number, ad.postcode, ad.city
      FROM residence r JOIN address ad ON ad.id = r.address_id
      WHERE r.person_id = p.id AND r.kind = 'haupt' AND ${currentResidence(today)}
      ORDER BY r.moved_in DESC LIMIT 1
    ) addr ON true
    LEFT JOIN LATERAL (
      SELECT array_agg(DISTINCT bl.kind ORDER BY bl.kind) AS kinds FROM person_block bl
      WHERE bl.person_id = p.id AND ${activeBlock('bl', today)}
    ) blocks ON true
    WHERE p.id = ANY(${textArray(ranked.map((r) => r.person.id))}::uuid[])`);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ranked.flatMap(({ person, final }): SearchHit[] => {
    const row = byId.get(person.id);
    if (!row) return [];
    const kinds = row.block_kinds ?? [];
    return [{
      personId: person.id,
      familyName: person.familyName,
      givenNames: person.givenNames,
      preferredGivenName: row.preferred_given_name === null ? null : (person.givenNames[row.preferred_given_name] ?? null),
      doctoralDegree: row.doctoral_degree,
      birthDate: formatPartialDate(row.birth_year, row.birth_month, row.birth_day),
      sex: row.sex,
      dateOfDeath: row.date_of_death,
      address: row.street ? { street: row.street, houseNumber: row.house_number ?? '', postcode: row.postcode ?? '', city: row.city ?? '' } : null,
      score: Math.max(0, Math.min(1, Math.round((final / queryTokenCount) * 1000) / 1000)),
      blocked: kinds.length > 0 ? { kinds } : null,
    }];
  });
}

export function formatPartialDate(year: number | null, month: number | null, day: number | null): string | null {
  if (year === null) return null;
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  if (month === null) return pad(year, 4);
  if (day === null) return `${pad(year, 4)}-${pad(month)}`;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}
