// Register search benchmark: `npm run bench:register -- [--residents N] [--queries N] [--seed N] [--data-dir DIR]`.
// Builds the demo city on PGlite in a temporary directory (or in DIR, kept and reused by the next run),
// then measures the fuzzy person search (use case and HTTP route with a clerk session) against a
// trigram-only baseline on the same data: latency p50/p95 and recall@10 for queries made from real
// residents with one perturbation each (typo, missing umlaut, sound-alike spelling; some swapped).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createTestUser, testSessionHeaders } from '../src/identity/testing.ts';
import type { Principal, SystemActor } from '../src/identity/principal.ts';
import { createLogger } from '../src/platform/logger.ts';
import { migrateDatabase, openDatabase, type Database, type Db } from '../src/platform/db/database.ts';
import { buildServer } from '../src/platform/http/server.ts';
import { createProgress } from '../src/platform/progress.ts';
import { testConfig } from '../src/platform/testing.ts';
import type { AppContext } from '../src/platform/context.ts';
import { ensureMunicipality } from '../src/platform/tenancy/municipalities.ts';
import { foldName, nameTokens } from '../src/register/names/normalize.ts';
import { searchPersons } from '../src/register/search/search-persons.ts';
import { queryRows } from '../src/register/search/sql-arrays.ts';
import { writePersonRecords } from '../src/register/import/write-records.ts';
import { generateCity } from '../src/demo/generate/city.ts';

const { values: args } = parseArgs({
  options: {
    residents: { type: 'string', default: '400000' },
    queries: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    /** Keep the seeded database here and reuse it on the next run with the same --residents and --seed. */
    'data-dir': { type: 'string' },
  },
});
const residentCount = Number(args.residents);
const queryCount = Number(args.queries);
const seed = Number(args.seed);

// ---------------------------------------------------------------------------------------------
// The register: the demo city (households, German and immigrant name frequencies, partial birth
// dates, care homes, blocks) written through the register's bulk writer, as an import would.
// ---------------------------------------------------------------------------------------------

/** Fixed, so a kept --data-dir holds the same city on every run. */
const referenceDate = new Date('2026-11-05T10:00:00Z');

type Rng = () => number;
function mulberry32(state: number): Rng {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Resident {
  id: string;
  familyName: string;
  givenNames: string[];
  birthYear: number | null;
}

async function seedRegister(ctx: AppContext, municipalityId: string, residents: number): Promise<void> {
  const city = generateCity({ residents, seed, referenceDate });
  const actor: SystemActor = { kind: 'system', name: 'bench', municipalityId };
  const progress = createProgress('seeding residents', residents);
  let done = 0;
  for (const batch of city.batches(2_000)) {
    await writePersonRecords(ctx, actor, municipalityId, batch, { purpose: 'Benchmark' });
    done += batch.length;
    progress.update(done);
  }
  progress.finish();
}

async function loadResidents(db: Db, municipalityId: string): Promise<Resident[]> {
  const rows = await queryRows<{ id: string; family_name: string; given_names: string[]; birth_year: number | null }>(db, sql`
    SELECT id, family_name, given_names, birth_year FROM person WHERE municipality_id = ${municipalityId} ORDER BY id`);
  return rows.map((row) => ({ id: row.id, familyName: row.family_name, givenNames: row.given_names, birthYear: row.birth_year }));
}

// ---------------------------------------------------------------------------------------------
// Queries: a real resident's full name with one perturbation, as people type it.
// ---------------------------------------------------------------------------------------------

type Perturbation = 'typo' | 'umlaut' | 'sound-alike';

interface BenchQuery {
  resident: Resident;
  text: string;
  perturbation: Perturbation;
  detail: string;
  swapped: boolean;
  /** Other residents with the same full name: name-only recall@10 cannot tell them apart. */
  namesakes: number;
  /** Other residents whose full name is exactly what was typed (e.g. a real Jana Meyer for "Jana Meyer" meant as Jana Meier). */
  exactOthers: number;
}

const umlautRules: [RegExp, string[]][] = [
  [/ü/, ['u', 'ue']], [/ö/, ['o', 'oe']], [/ä/, ['a', 'ae']], [/Ü/, ['U', 'Ue']], [/Ö/, ['O', 'Oe']], [/Ä/, ['A', 'Ae']], [/ß/, ['ss', 's']],
];
const soundAlikeRules: [RegExp, string[]][] = [
  [/ei/, ['ai', 'ey', 'ay']], [/ai/, ['ei', 'ay']], [/ey/, ['ei', 'ay']], [/ay/, ['ei', 'ey']],
  [/dt/, ['tt', 't']], [/tt/, ['dt', 't']], [/th/, ['t']], [/ph/, ['f']], [/ck/, ['k']],
  [/tz/, ['z']], [/mm/, ['m']], [/nn/, ['n']], [/ll/, ['l']], [/ss/, ['ß', 's']], [/ie/, ['i']], [/y/, ['i']], [/v/, ['w', 'f']],
  [/k/, ['ck', 'c']], [/f/, ['ph', 'v']], [/z/, ['tz', 's']], [/i/, ['ie', 'y']],
];

function applyRule(rng: Rng, names: string[], rules: [RegExp, string[]][]): { names: string[]; detail: string } | null {
  const options: { part: number; at: number; length: number; replacement: string; from: string }[] = [];
  names.forEach((name, part) => {
    for (const [pattern, replacements] of rules) {
      const global = new RegExp(pattern.source, 'g');
      for (const match of name.matchAll(global)) {
        for (const replacement of replacements) options.push({ part, at: match.index, length: match[0].length, replacement, from: match[0] });
      }
    }
  });
  if (options.length === 0) return null;
  const choice = options[Math.floor(rng() * options.length)];
  if (!choice) return null;
  const changed = [...names];
  const name = changed[choice.part] ?? '';
  const replaced = name.slice(0, choice.at) + choice.replacement + name.slice(choice.at + choice.length);
  changed[choice.part] = choice.at === 0 ? replaced.charAt(0).toUpperCase() + replaced.slice(1) : replaced;
  return { names: changed, detail: `${choice.from}→${choice.replacement}` };
}

function typo(rng: Rng, names: string[]): { names: string[]; detail: string } {
  const part = Math.floor(rng() * names.length);
  const name = names[part] ?? '';
  const letters = 'abcdefghijklmnoprstuvwz';
  const kind = Math.floor(rng() * 4);
  const at = 1 + Math.floor(rng() * Math.max(1, name.length - 1));
  let changed: string;
  let detail: string;
  if (kind === 0) {
    const letter = letters[Math.floor(rng() * letters.length)] ?? 'e';
    changed = name.slice(0, at) + letter + name.slice(at);
    detail = 'insert';
  } else if (kind === 1 && name.length > 3) {
    changed = name.slice(0, at) + name.slice(at + 1);
    detail = 'delete';
  } else if (kind === 2 || name.length <= 3) {
    let letter = letters[Math.floor(rng() * letters.length)] ?? 'e';
    if (letter === name[at]) letter = letter === 'e' ? 'a' : 'e';
    changed = name.slice(0, at) + letter + name.slice(at + 1);
    detail = 'substitute';
  } else {
    const i = Math.min(at, name.length - 2);
    changed = name.slice(0, i) + (name[i + 1] ?? '') + (name[i] ?? '') + name.slice(i + 2);
    detail = 'transpose';
  }
  const result = [...names];
  result[part] = changed;
  return { names: result, detail };
}

/** A full name as a set of folded tokens, so "Hans Müller" and "Mueller Hans" are the same name. */
const nameKey = (text: string) => nameTokens(text).sort().join(' ');

function makeQueries(residents: Resident[], count: number, rng: Rng): BenchQuery[] {
  const residentsByName = new Map<string, number>();
  const keyOf = (r: Resident) => nameKey([...r.givenNames, r.familyName].join(' '));
  for (const r of residents) residentsByName.set(keyOf(r), (residentsByName.get(keyOf(r)) ?? 0) + 1);
  const queries: BenchQuery[] = [];
  const kinds: Perturbation[] = ['typo', 'umlaut', 'sound-alike'];
  while (queries.length < count) {
    const perturbation = kinds[queries.length % kinds.length] ?? 'typo';
    const resident = residents[Math.floor(rng() * residents.length)];
    if (!resident) continue;
    const names = [...resident.givenNames, resident.familyName];
    const changed = perturbation === 'typo' ? typo(rng, names)
      : applyRule(rng, names, perturbation === 'umlaut' ? umlautRules : soundAlikeRules);
    if (!changed) continue; // no umlaut or no sound-alike pattern in this name: draw another resident
    if (foldName(changed.names.join(' ')) === foldName(names.join(' '))) continue; // e.g. ü → ue folds to the same name
    const swapped = rng() < 0.2;
    const family = changed.names[changed.names.length - 1] ?? '';
    const given = changed.names.slice(0, -1);
    const text = swapped ? [family, ...given].join(' ') : [...given, family].join(' ');
    const typedKey = nameKey(text);
    queries.push({
      resident, text, perturbation, detail: changed.detail, swapped,
      namesakes: (residentsByName.get(keyOf(resident)) ?? 1) - 1,
      exactOthers: typedKey === keyOf(resident) ? 0 : (residentsByName.get(typedKey) ?? 0),
    });
  }
  return queries;
}

/**
 * The best name-only recall@10 any ranking can reach: residents typed exactly come first, and
 * among residents with the identical full name nothing tells the one meant from the others.
 */
function achievableRecall(queries: BenchQuery[]): number {
  const sum = queries.reduce((total, q) => total + (q.exactOthers >= 10 ? 0 : Math.min(1, (10 - q.exactOthers) / (q.namesakes + 1))), 0);
  return sum / Math.max(1, queries.length);
}

// ---------------------------------------------------------------------------------------------
// Measurement
// ---------------------------------------------------------------------------------------------

interface Run {
  label: string;
  latencies: number[];
  hitsAt10: boolean[];
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const pct = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)} %`;

async function measure(label: string, queries: BenchQuery[], search: (q: BenchQuery) => Promise<string[]>): Promise<Run> {
  const run: Run = { label, latencies: [], hitsAt10: [] };
  for (const query of queries) {
    const started = performance.now();
    const ids = await search(query);
    run.latencies.push(performance.now() - started);
    run.hitsAt10.push(ids.slice(0, 10).includes(query.resident.id));
  }
  process.stderr.write(`measured: ${label}\n`);
  return run;
}

function report(run: Run, queries: BenchQuery[]): string {
  const found = run.hitsAt10.filter(Boolean).length;
  const unambiguous = queries.map((q, i) => [q, run.hitsAt10[i]] as const).filter(([q]) => q.namesakes === 0);
  const foundUnambiguous = unambiguous.filter(([, hit]) => hit).length;
  return `${run.label.padEnd(42)} p50 ${percentile(run.latencies, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(run.latencies, 95).toFixed(1).padStart(6)} ms  ` +
    `recall@10 ${pct(found, queries.length).padStart(7)}  (without namesakes: ${pct(foundUnambiguous, unambiguous.length)})`;
}

function breakdown(run: Run, queries: BenchQuery[]): string {
  const groups = new Map<string, [number, number]>();
  queries.forEach((q, i) => {
    for (const key of [q.perturbation, q.swapped ? 'swapped order' : 'usual order']) {
      const [hit, total] = groups.get(key) ?? [0, 0];
      groups.set(key, [hit + (run.hitsAt10[i] ? 1 : 0), total + 1]);
    }
  });
  return [...groups].map(([key, [hit, total]]) => `${key} ${pct(hit, total)} of ${total}`).join(', ');
}

async function main(): Promise<void> {
  const keptDir = args['data-dir'];
  const dir = keptDir ?? mkdtempSync(join(tmpdir(), 'bk-bench-register-'));
  let database: Database | undefined;
  try {
    const t0 = performance.now();
    const reuse = keptDir !== undefined && existsSync(join(keptDir, 'pglite'));
    database = await openDatabase({ pgliteDir: join(dir, 'pglite') });
    await migrateDatabase(database);
    const db = database.db;
    const municipality = await ensureMunicipality(db, '05911000', 'Bochum');
    const ctx: AppContext = { config: testConfig(), database, logger: createLogger('silent'), now: () => referenceDate };
    if (reuse) {
      const [count] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM person`);
      if (count?.n !== residentCount) throw new Error(`${keptDir} holds ${count?.n} persons, not ${residentCount}; remove it or pass the matching --residents`);
      console.log(`seeding: reusing the register in ${keptDir}`);
    } else {
      await seedRegister(ctx, municipality.id, residentCount);
      await db.execute(sql`VACUUM ANALYZE`);
    }
    const tSeeded = performance.now();
    const residents = await loadResidents(db, municipality.id);
    const [lexicon] = await queryRows<{ tokens: number; rows: number }>(db, sql`
      SELECT (SELECT count(*)::int FROM name_lexicon) AS tokens, (SELECT count(*)::int FROM person_name_token) AS rows`);
    console.log(`seeding: ${residentCount} residents of the demo city written through the bulk writer and analysed in ` +
      `${((tSeeded - t0) / 1000).toFixed(1)} s; ${lexicon?.rows} name tokens, ${lexicon?.tokens} distinct in the lexicon`);

    const queries = makeQueries(residents, queryCount, mulberry32(seed + 2));
    const withNamesakes = queries.filter((q) => q.namesakes > 0).length;
    console.log(`queries: ${queries.length} (${queries.filter((q) => q.swapped).length} with swapped order); ` +
      `${withNamesakes} have several residents with the identical full name (name-only recall@10 is ambiguous for them)`);

    const clerkUser = await createTestUser(ctx, municipality.id, { roles: ['clerk'], username: `bench-clerk-${Date.now()}` });
    const clerk: Principal = {
      userId: clerkUser.id, municipalityId: municipality.id, username: clerkUser.username, displayName: 'Bench', roles: ['clerk'], sessionId: 'bench', csrfToken: 'bench',
    };
    const app = await buildServer(ctx, { webRoot: '/nonexistent' });
    const headers = await testSessionHeaders(ctx, clerkUser, municipality.id);
    const year = (q: BenchQuery) => (q.resident.birthYear === null ? undefined : String(q.resident.birthYear));

    // Warm caches and plans on other residents' names, so the first measured query is not a cold start.
    for (const q of makeQueries(residents, 20, mulberry32(seed + 3))) await searchPersons(ctx, clerk, { name: q.text, limit: 10 });

    const runs: Run[] = [];
    runs.push(await measure('use case, name only', queries, async (q) =>
      (await searchPersons(ctx, clerk, { name: q.text, limit: 10 })).hits.map((h) => h.personId)));
    runs.push(await measure('use case, name + birth year', queries, async (q) =>
      (await searchPersons(ctx, clerk, { name: q.text, birthDate: year(q), limit: 10 })).hits.map((h) => h.personId)));
    const api = async (q: BenchQuery, withYear: boolean) => {
      const params = new URLSearchParams({ name: q.text, limit: '10' });
      const y = year(q);
      if (withYear && y) params.set('birthDate', y);
      const response = await app.inject({ url: `/api/register/persons?${params.toString()}`, headers });
      if (response.statusCode !== 200) throw new Error(`API answered ${response.statusCode}: ${response.body}`);
      return (response.json() as { hits: { personId: string }[] }).hits.map((h) => h.personId);
    };
    runs.push(await measure('HTTP API (clerk session), name only', queries, (q) => api(q, false)));
    runs.push(await measure('HTTP API (clerk session), name + birth year', queries, (q) => api(q, true)));
    const baseline = async (q: BenchQuery, withYear: boolean) => {
      const folded = foldName(q.text).replace(/[\s'-]+/g, ' ').trim();
      const y = year(q);
      const rows = await queryRows<{ id: string }>(db, sql`
        SELECT id FROM person WHERE municipality_id = ${municipality.id} AND search_name % ${folded}
          ${withYear && y ? sql`AND birth_year = ${Number(y)}` : sql``}
        ORDER BY similarity(search_name, ${folded}) DESC LIMIT 10`);
      return rows.map((r) => r.id);
    };
    runs.push(await measure('trigram baseline, name only', queries, (q) => baseline(q, false)));
    runs.push(await measure('trigram baseline, name + birth year', queries, (q) => baseline(q, true)));
    await app.close();

    console.log(`\n${residentCount} residents, ${queries.length} queries (${database.kind}); ${withNamesakes} queries whose resident has namesakes ` +
      `(${queries.filter((q) => q.namesakes >= 10).length} with 10 or more), ${queries.filter((q) => q.exactOthers > 0).length} typed exactly as ` +
      `another resident's name; best achievable name-only recall@10: ${(100 * achievableRecall(queries)).toFixed(1)} %`);
    for (const run of runs) console.log(report(run, queries));
    console.log('\nrecall@10 by perturbation:');
    for (const run of runs.filter((r) => !r.label.startsWith('HTTP'))) console.log(`  ${run.label.padEnd(40)} ${breakdown(run, queries)}`);
    for (const run of [runs[0], runs[1]]) {
      const misses = queries.filter((q, i) => run && !run.hitsAt10[i] && q.namesakes === 0).slice(0, 10);
      if (run && misses.length > 0) {
        console.log(`\nmisses of "${run.label}" among queries without namesakes:`);
        for (const q of misses) console.log(`  "${q.text}" for ${q.resident.givenNames.join(' ')} ${q.resident.familyName} (${q.perturbation} ${q.detail})`);
      }
    }
  } finally {
    await database?.close();
    if (!keptDir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
