import { sql, type SQL } from 'drizzle-orm';
import { recordAccess } from '../../audit/record-access.ts';
import { actorCan, type Actor } from '../../identity/principal.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { registerToday } from '../dates.ts';
import {
  parseAddressFilter, parseBirthDateFilter, parseNameQuery, type AddressFilter, type BirthDateFilter, type NameQuery, type QueryToken,
} from './query.ts';
import { floatArray, intArray, queryRows, textArray } from './sql-arrays.ts';
import { oneEditVariants, tokenScore } from './token-score.ts';
import { personScoreRules, type RankingRules } from './ranking.ts';

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

/** Lexicon candidates kept per query token, best first; more only widen the person join. */
const candidatesPerToken = 24;
/** Short tokens lose their trigrams to one typo; for them every one-edit variant is looked up exactly. */
const editVariantMaxLength = 6;
/** Street names may carry a typo or two and be abbreviated ("Haupstr" for Hauptstraße). */
const streetSimilarity = 0.5;
/** Persons ranked by name score before the finer ranking, which needs each person's row. */
const preRankSize = 300;

/**
 * Finds persons in the Melderegister by name as people type it (typos, missing umlauts,
 * sound-alikes, swapped order, unfinished input), optionally narrowed by birth date and address.
 * Persons under an Auskunftssperre or bedingtem Sperrvermerk appear only for staff allowed to
 * see them, marked, and each such hit is logged separately. Every search is logged (BMG § 40).
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

  const candidates = await findTokenCandidates(db, municipalityId, nameQuery);
  const hits = candidates.length === 0 ? [] : await rankPersons(db, {
    municipalityId, nameQuery, candidates, birth, address, today, showBlocked, limit, rules: personScoreRules,
  });

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
  ctx.logger.debug({ actorMunicipality: municipalityId, hits: hits.length, blockedHits: blockedHits.length }, 'register search');
  return { hits };
}

export interface ScoredCandidate {
  index: number;
  token: string;
  score: number;
}

/**
 * Statement 1: lexicon tokens that may be meant by each query token — same Kölner Phonetik
 * code, trigram-similar, a prefix of the last token, or (for short tokens) one edit away —
 * scored in TypeScript and cut to the best few per query token.
 */
async function findTokenCandidates(db: Db, municipalityId: string, nameQuery: NameQuery): Promise<ScoredCandidate[]> {
  const { tokens } = nameQuery;
  const variants: string[] = [];
  const variantIndex: number[] = [];
  for (const token of tokens) {
    if (token.token.length > editVariantMaxLength) continue;
    for (const variant of oneEditVariants(token.token)) {
      variants.push(variant);
      variantIndex.push(token.index);
    }
  }
  const rows = await queryRows<{ idx: number; token: string; phonetic: string; occurrences: number }>(db, sql`
    SELECT q.idx, l.token, l.phonetic, l.occurrences
    FROM unnest(${textArray(tokens.map((t) => t.token))}::text[], ${textArray(tokens.map((t) => t.phonetic || '-'))}::text[],
                ${intArray(tokens.map((t) => t.index))}::int[], ${textArray(tokens.map((t) => (t.prefix ? t.token : '-')))}::text[])
      AS q(token, phonetic, idx, prefix)
    JOIN name_lexicon l ON l.municipality_id = ${municipalityId}
      AND (l.phonetic = q.phonetic OR l.token % q.token OR l.token LIKE q.prefix || '%')
    UNION
    SELECT v.idx, l.token, l.phonetic, l.occurrences
    FROM unnest(${textArray(variants)}::text[], ${intArray(variantIndex)}::int[]) AS v(token, idx)
    JOIN name_lexicon l ON l.municipality_id = ${municipalityId} AND l.token = v.token`);
  return selectCandidates(tokens, rows);
}

/** Scores the lexicon rows for each query token and keeps the best per token. */
export function selectCandidates(
  tokens: QueryToken[],
  rows: readonly { idx: number; token: string; phonetic: string; occurrences: number }[],
): ScoredCandidate[] {
  const selected: ScoredCandidate[] = [];
  for (const queryToken of tokens) {
    const scored = rows
      .filter((row) => row.idx === queryToken.index)
      .map((row) => ({ index: queryToken.index, token: row.token, score: tokenScore(queryToken, row), occurrences: row.occurrences }))
      .filter((candidate) => candidate.score > 0)
      .sort((a, b) => b.score - a.score || b.occurrences - a.occurrences || (a.token < b.token ? -1 : 1))
      .slice(0, candidatesPerToken);
    for (const { index, token, score } of scored) selected.push({ index, token, score });
  }
  return selected;
}

interface RankInput {
  municipalityId: string;
  nameQuery: NameQuery;
  candidates: ScoredCandidate[];
  birth: BirthDateFilter | null;
  address: AddressFilter | null;
  today: string;
  showBlocked: boolean;
  limit: number;
  rules: RankingRules;
}

interface HitRow {
  id: string;
  family_name: string;
  given_names: string[];
  preferred_given_name: number | null;
  doctoral_degree: string | null;
  birth_year: number | null;
  birth_month: number | null;
  birth_day: number | null;
  sex: string;
  date_of_death: string | null;
  final: number;
  street: string | null;
  house_number: string | null;
  postcode: string | null;
  city: string | null;
  block_kinds: string[] | null;
}

/**
 * Statement 2: persons carrying the candidate tokens, scored per query token (best match,
 * weighted by whether its role fits the token's position), summed, filtered, pre-ranked,
 * then finely ranked with each person's row (names left unmatched cost a little).
 */
async function rankPersons(db: Db, input: RankInput): Promise<SearchHit[]> {
  const { municipalityId, nameQuery, candidates, rules, today } = input;
  const byIndex = new Map(nameQuery.tokens.map((token) => [token.index, token]));
  const expectedOf = (c: ScoredCandidate, swapped: boolean) => {
    const token = byIndex.get(c.index);
    return (swapped ? token?.expectedSwapped : token?.expected) ?? 'any';
  };
  const blockKinds = textArray([...disclosureBlockKinds]);
  const activeBlock = (alias: string) => {
    const b = sql.raw(alias);
    return sql`${b}.kind = ANY(${blockKinds}::text[]) AND ${b}.valid_from <= ${today}::date AND (${b}.valid_until IS NULL OR ${b}.valid_until >= ${today}::date)`;
  };
  const currentResidence = sql`r.moved_in <= ${today}::date AND (r.moved_out IS NULL OR r.moved_out > ${today}::date)`;

  const filters: SQL[] = [];
  if (input.birth) filters.push(birthFilter(municipalityId, input.birth));
  if (input.address) filters.push(addressFilter(municipalityId, input.address, currentResidence));
  if (!input.showBlocked) {
    filters.push(sql`a.person_id NOT IN (SELECT b.person_id FROM person_block b WHERE b.municipality_id = ${municipalityId} AND ${activeBlock('b')})`);
  }
  for (const initial of nameQuery.initials) {
    filters.push(sql`EXISTS (SELECT 1 FROM person_name_token i WHERE i.person_id = a.person_id AND i.role = 'g'
      AND i.token >= ${initial} AND i.token < ${String.fromCharCode(initial.charCodeAt(0) + 1)})`);
  }
  const where = filters.length > 0 ? sql`WHERE ${sql.join(filters, sql` AND `)}` : sql``;
  const swapPenalty = nameQuery.orderStated ? 0 : rules.swappedOrderPenalty;

  const rows = await queryRows<HitRow>(db, sql`
    WITH c AS (
      SELECT * FROM unnest(${intArray(candidates.map((c) => c.index))}::int[], ${textArray(candidates.map((c) => c.token))}::text[],
                           ${floatArray(candidates.map((c) => c.score))}::float8[],
                           ${textArray(candidates.map((c) => expectedOf(c, false)))}::text[],
                           ${textArray(candidates.map((c) => expectedOf(c, true)))}::text[])
        AS c(idx, token, score, expected, expected_swapped)
    ),
    hit AS (
      SELECT t.person_id, c.idx,
        max(c.score * (CASE t.role WHEN 'b' THEN ${rules.birthNameWeight}::float8 WHEN 'o' THEN ${rules.otherNameWeight}::float8 ELSE 1 END)
          * (CASE WHEN c.expected = 'any' OR (c.expected = 'given') = (t.role = 'g') THEN 1 ELSE ${rules.roleMismatchFactor}::float8 END)) AS s,
        max(c.score * (CASE t.role WHEN 'b' THEN ${rules.birthNameWeight}::float8 WHEN 'o' THEN ${rules.otherNameWeight}::float8 ELSE 1 END)
          * (CASE WHEN c.expected_swapped = 'any' OR (c.expected_swapped = 'given') = (t.role = 'g') THEN 1 ELSE ${rules.roleMismatchFactor}::float8 END)) AS s_swapped
      FROM c JOIN person_name_token t ON t.municipality_id = ${municipalityId} AND t.token = c.token
      GROUP BY t.person_id, c.idx
    ),
    a AS (
      SELECT person_id, greatest(sum(s), sum(s_swapped) - ${swapPenalty}::float8) AS raw, count(*)::int AS matched
      FROM hit GROUP BY person_id
    ),
    pre AS (
      SELECT a.* FROM a ${where}
      ORDER BY a.raw DESC, a.person_id
      LIMIT ${preRankSize}
    ),
    ranked AS (
      SELECT p.id, p.family_name, p.given_names, p.preferred_given_name, p.doctoral_degree, p.birth_year, p.birth_month, p.birth_day,
        p.sex, p.date_of_death::text AS date_of_death, p.search_name,
        pre.raw - least(${rules.maxUnmatchedPenalty}::float8,
          ${rules.unmatchedNamePenalty}::float8 * greatest(0, cardinality(string_to_array(p.search_name, ' ')) - pre.matched)) AS final
      FROM pre JOIN person p ON p.id = pre.person_id
      ORDER BY final DESC, p.search_name, p.id
      LIMIT ${input.limit}
    )
    SELECT ranked.*, addr.street, addr.house_number, addr.postcode, addr.city, blocks.kinds AS block_kinds
    FROM ranked
    LEFT JOIN LATERAL (
      SELECT ad.street, ad.house_number, ad.postcode, ad.city
      FROM residence r JOIN address ad ON ad.id = r.address_id
      WHERE r.person_id = ranked.id AND r.kind = 'haupt' AND ${currentResidence}
      ORDER BY r.moved_in DESC LIMIT 1
    ) addr ON true
    LEFT JOIN LATERAL (
      SELECT array_agg(DISTINCT bl.kind ORDER BY bl.kind) AS kinds FROM person_block bl
      WHERE bl.person_id = ranked.id AND ${activeBlock('bl')}
    ) blocks ON true
    ORDER BY ranked.final DESC, ranked.search_name, ranked.id`);

  const queryTokenCount = nameQuery.tokens.length;
  return rows.map((row): SearchHit => {
    const kinds = row.block_kinds ?? [];
    return {
      personId: row.id,
      familyName: row.family_name,
      givenNames: row.given_names,
      preferredGivenName: row.preferred_given_name === null ? null : (row.given_names[row.preferred_given_name] ?? null),
      doctoralDegree: row.doctoral_degree,
      birthDate: formatPartialDate(row.birth_year, row.birth_month, row.birth_day),
      sex: row.sex,
      dateOfDeath: row.date_of_death,
      address: row.street === null ? null : {
        street: row.street, houseNumber: row.house_number ?? '', postcode: row.postcode ?? '', city: row.city ?? '',
      },
      score: Math.max(0, Math.round((Number(row.final) / queryTokenCount) * 1000) / 1000),
      blocked: kinds.length > 0 ? { kinds } : null,
    };
  });
}

function birthFilter(municipalityId: string, birth: BirthDateFilter): SQL {
  // A stored date missing its day or month (or entirely unknown) may still be the one asked for.
  const parts = [sql`(bp.birth_year = ${birth.year} OR bp.birth_year IS NULL)`];
  if (birth.month !== null) parts.push(sql`(bp.birth_month = ${birth.month} OR bp.birth_month IS NULL)`);
  if (birth.day !== null) parts.push(sql`(bp.birth_day = ${birth.day} OR bp.birth_day IS NULL)`);
  return sql`a.person_id IN (SELECT bp.id FROM person bp WHERE bp.municipality_id = ${municipalityId} AND ${sql.join(parts, sql` AND `)})`;
}

function addressFilter(municipalityId: string, address: AddressFilter, currentResidence: SQL): SQL {
  const foldedStreet = sql`unaccent(replace(replace(replace(replace(replace(lower(ad.street), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss'), 'str.', 'strasse'))`;
  const houseNumber = address.houseNumber === null ? sql`` : sql`AND (
    replace(lower(ad.house_number), ' ', '') = ${address.houseNumber}
    OR (${/^\d+$/.test(address.houseNumber)} AND replace(lower(ad.house_number), ' ', '') ~ ${`^${address.houseNumber}[^0-9]`}))`;
  return sql`EXISTS (
    SELECT 1 FROM residence r JOIN address ad ON ad.id = r.address_id
    WHERE r.person_id = a.person_id AND ad.municipality_id = ${municipalityId} AND ${currentResidence}
      AND word_similarity(${address.street}, ${foldedStreet}) >= ${streetSimilarity} ${houseNumber})`;
}

export function formatPartialDate(year: number | null, month: number | null, day: number | null): string | null {
  if (year === null) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (month === null) return String(year).padStart(4, '0');
  if (day === null) return `${String(year).padStart(4, '0')}-${pad(month)}`;
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}
