// Kit sync benchmark: `npm run bench:sync -- [--seed N] [--persons N] [--small-events N] [--drop-rate D]
//   [--up-mbit M] [--down-mbit M] [--latency-ms L] [--upload-concurrency N] [--json]`.
// A day's work of one kit — per person a photo (300–600 KB), two fingerprints (30–60 KB) and six case
// events; plus many small events of other work — synced to a Rathaus on loopback (PGlite in memory,
// the real HTTP API, a paired kit with a signed-challenge session) by calling syncOnce until nothing
// is left, through
//   (a) the baseline: a direct loopback link that only counts bytes, and
//   (b) a weak mobile link: throttled, with latency, and cut after a seeded random number of bytes.
// Prints time, HTTP requests, bytes on the link against the payload, what was sent again after the
// cuts, and checks at the Rathaus that every event has one receipt (applied or review) and every
// attachment one complete upload whose stored pieces add up to its size exactly.
//
// The events use kinds the Rathaus does not know (bench.*): they go to the review queue, which is
// the same protocol work (receipt, order, attachment check) as applying them.
import { createHash, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { createTestUser, testSessionHeaders } from '../src/identity/testing.ts';
import type { Database } from '../src/platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../src/platform/db/testing.ts';
import { buildServer } from '../src/platform/http/server.ts';
import { testContext } from '../src/platform/testing.ts';
import { kits } from '../src/planning/schema.ts';
import type { CaptureEvent } from '../src/kit/capture-event.ts';
import { generateKitKeys } from '../src/kit/keys.ts';
import { RathausClient, requestPairing } from '../src/kit/rathaus-client.ts';
import { kitEventReceipts, kitUploadChunks, kitUploads } from '../src/kit/schema.ts';
import { defaultUploadConcurrency, syncOnce, type OutboxEntry, type SyncReport } from '../src/kit/sync.ts';
import { MemoryOutbox } from '../src/kit/testing/memory.ts';
import { queryRows } from '../src/register/search/sql-arrays.ts';
import { LossyLink, mulberry32, type LinkOptions, type LinkStats } from '../src/kit/testing/lossy-link.ts';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    persons: { type: 'string', default: '40' },
    'small-events': { type: 'string', default: '500' },
    /** Mean cuts per MiB crossing the link. */
    'drop-rate': { type: 'string', default: '0.5' },
    'up-mbit': { type: 'string', default: '2' },
    'down-mbit': { type: 'string', default: '8' },
    'latency-ms': { type: 'string', default: '60' },
    'batch-size': { type: 'string' },
    /** Attachment uploads in flight at once; default: syncOnce's own. */
    'upload-concurrency': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const seed = Number(args.seed);
const personCount = Number(args.persons);
const smallEventCount = Number(args['small-events']);
const dropRate = Number(args['drop-rate']);
const batchSize = args['batch-size'] ? Number(args['batch-size']) : undefined;
const uploadConcurrency = args['upload-concurrency'] ? Number(args['upload-concurrency']) : defaultUploadConcurrency;
const log = (line: string) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------
// The day: interleaved in capture order, as the officers worked through it.
// ---------------------------------------------------------------------------------------------

interface Attachment { sha256: string; mediaType: string; biometric: boolean; content: Uint8Array }
interface Day { events: { event: CaptureEvent; attachments: Attachment[]; small: boolean }[]; attachments: Attachment[] }

/** Incompressible bytes (like JPEG or WSQ data), the same for the same seed. */
function noise(size: number, rng: () => number): Uint8Array {
  const out = new Uint8Array(size);
  const words = new Uint32Array(out.buffer, 0, size >>> 2);
  for (let i = 0; i < words.length; i += 1) words[i] = (rng() * 4294967296) >>> 0;
  for (let i = words.length * 4; i < size; i += 1) out[i] = (rng() * 256) >>> 0;
  return out;
}

function attachmentOf(content: Uint8Array, mediaType: string, kind: string) {
  const sha256 = createHash('sha256').update(content).digest('hex');
  return {
    stored: { sha256, mediaType, biometric: true, content },
    ref: { sha256, size: content.byteLength, mediaType, kind, biometric: true },
  };
}

function generateDay(rng: () => number): Day {
  const officerId = randomUUID();
  const dayStart = Date.parse('2026-12-03T08:00:00+01:00');
  const timed: { at: number; event: CaptureEvent; attachments: Attachment[]; small: boolean }[] = [];
  const attachments: Attachment[] = [];
  const between = (min: number, max: number) => Math.floor(min + rng() * (max - min + 1));
  const text = (n: number) => Array.from({ length: n }, () => 'abcdefghijklmnopqrstuvwxyzäöüß '[Math.floor(rng() * 31)]).join('');
  const span = 8 * 3600_000;

  for (let p = 0; p < personCount; p += 1) {
    const streamId = randomUUID();
    const personId = randomUUID();
    let at = dayStart + Math.floor((p / Math.max(1, personCount)) * span);
    const photo = attachmentOf(noise(between(300_000, 600_000), rng), 'image/jpeg', 'photo');
    const prints = [attachmentOf(noise(between(30_000, 60_000), rng), 'image/x-wsq', 'fingerprint'), attachmentOf(noise(between(30_000, 60_000), rng), 'image/x-wsq', 'fingerprint')];
    attachments.push(photo.stored, ...prints.map((a) => a.stored));
    const caseRef = { caseId: streamId };
    const steps: { kind: string; payload: Record<string, unknown>; refs: typeof photo[] }[] = [
      { kind: 'bench.case_opened', refs: [], payload: { ...caseRef, number: `2026-${String(100000 + p)}`, serviceId: 'personalausweis', personId,
        applicant: { kind: 'self', familyName: text(10), givenNames: text(14) }, data: { purpose: 'Neuausstellung', oldDocument: text(9) } } },
      { kind: 'bench.case_updated', refs: [], payload: { ...caseRef, data: { heightCm: between(150, 195), eyeColour: 'braun', address: { street: text(16), houseNumber: String(between(1, 120)), postcode: '44787', city: 'Bochum' } } } },
      { kind: 'bench.case_device', refs: [photo], payload: { ...caseRef, action: 'photo', dataPatch: { photoCheck: { yaw: 1.2, pitch: -0.4, roll: 0.8, headWidth: 0.62, accepted: true } } } },
      { kind: 'bench.case_device', refs: prints, payload: { ...caseRef, action: 'fingerprints', dataPatch: { fingers: ['left_index', 'right_index'], nfiq: [between(30, 80), between(30, 80)] } } },
      { kind: 'bench.case_paid', refs: [], payload: { ...caseRef, method: rng() < 0.5 ? 'card' : 'cash', amountCents: 5200, receiptNumber: `Q-2026-${String(200000 + p)}` } },
      { kind: 'bench.case_completed', refs: [], payload: caseRef },
    ];
    steps.forEach((step, i) => {
      at += between(60_000, 180_000);
      timed.push({
        at, small: false, attachments: step.refs.map((r) => r.stored),
        event: {
          id: randomUUID(), streamId, seq: i + 1, kind: step.kind, payload: step.payload, attachments: step.refs.map((r) => r.ref),
          capturedAt: new Date(at).toISOString(), officerId, basis: { personVersion: String(between(1, 9)) },
        },
      });
    });
  }

  // The small events: signatures, notes, receipts, status changes of other work, in streams of 5–15.
  let made = 0;
  while (made < smallEventCount) {
    const streamId = randomUUID();
    const length = Math.min(smallEventCount - made, between(5, 15));
    let at = dayStart + Math.floor(rng() * span);
    for (let i = 0; i < length; i += 1) {
      at += between(10_000, 120_000);
      timed.push({
        at, small: true, attachments: [],
        event: {
          id: randomUUID(), streamId, seq: i + 1, kind: 'bench.note', attachments: [],
          payload: { caseId: streamId, field: ['signature_ok', 'evidence_seen', 'note', 'status'][i % 4], value: text(between(20, 200)) },
          capturedAt: new Date(at).toISOString(), officerId,
        },
      });
    }
    made += length;
  }
  timed.sort((a, b) => a.at - b.at);
  return { events: timed, attachments };
}

// ---------------------------------------------------------------------------------------------
// One run: a fresh Rathaus, a paired kit, the link, syncOnce until nothing is left.
// ---------------------------------------------------------------------------------------------

/** Remembers when each event was first settled, to tell when the first and the last arrived. */
class TimedOutbox extends MemoryOutbox {
  readonly settledAt = new Map<string, number>();
  private readonly started: () => number;
  constructor(started: () => number) {
    super();
    this.started = started;
  }
  override async update(eventId: string, change: Partial<Pick<OutboxEntry, 'state' | 'attempts' | 'lastError' | 'outcome'>>): Promise<void> {
    await super.update(eventId, change);
    if ((change.state === 'confirmed' || change.state === 'needs_review') && !this.settledAt.has(eventId)) this.settledAt.set(eventId, this.started());
  }
}

interface RunResult {
  label: string;
  link: LinkOptions;
  seconds: number;
  rounds: number;
  interruptions: string[];
  requests: { total: number; failed: number; byKind: Record<string, number> };
  wire: LinkStats;
  payload: { eventBytes: number; attachmentBytes: number; total: number };
  /** Bytes up the link beyond the payload: HTTP framing, plus everything sent again after cuts. */
  upBeyondPayload: number;
  overheadRatio: number;
  kit: { eventsSent: number; uploadBytes: number; uploadsCompleted: number; attachmentBytesResent: number; eventsResent: number };
  firstSettledSeconds: number | null;
  lastSmallSettledSeconds: number | null;
  check: { ok: boolean; problems: string[]; confirmed: number; review: number; receipts: number; uploads: number };
}

async function run(label: string, day: Day, link: LinkOptions): Promise<RunResult> {
  const database: Database = await createTestDatabase();
  const ctx = testContext(database);
  const municipalityId = (await testMunicipality(database)).id;
  const app = await buildServer(ctx, { webRoot: '/nonexistent' });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const directUrl = `http://127.0.0.1:${port}`;
    const admin = await createTestUser(ctx, municipalityId, { roles: ['admin'] });
    const [kit] = await database.db.insert(kits).values({ municipalityId, name: 'Koffer 1' }).returning();
    if (!kit) throw new Error('no kit row');
    const keys = await generateKitKeys();
    const pairing = await requestPairing(directUrl, { kitName: 'Koffer 1', signingKey: keys.signing.publicJwk, encryptionKey: keys.encryption.publicJwk });
    const decided = await app.inject({
      method: 'POST', url: `/api/kit-pairings/${pairing.pairingId}/decision`, payload: { decision: 'approve' }, headers: await testSessionHeaders(ctx, admin, municipalityId),
    });
    if (decided.statusCode !== 200) throw new Error(`approval failed: ${decided.body}`);

    const proxy = new LossyLink({ host: '127.0.0.1', port }, link);
    const linkUrl = `http://127.0.0.1:${await proxy.listen()}`;
    const requests = { total: 0, failed: 0, byKind: {} as Record<string, number> };
    /** Upload bytes the kit handed to the link, counted per PUT (also for the attempts a cut broke). */
    let uploadBodyBytes = 0;
    const countingFetch: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const method = init?.method ?? 'GET';
      const kind = `${method} ${url.pathname.replace(/[0-9a-f]{64}$/, ':sha256')}`;
      requests.total += 1;
      requests.byKind[kind] = (requests.byKind[kind] ?? 0) + 1;
      if (method === 'PUT' && init?.body instanceof Uint8Array) uploadBodyBytes += init.body.byteLength;
      try {
        return await fetch(input, init);
      } catch (error) {
        requests.failed += 1;
        throw error;
      }
    };
    const client = new RathausClient({ baseUrl: linkUrl, pairingId: pairing.pairingId, signingKey: keys.signing.privateJwk, fetch: countingFetch });

    const started = performance.now();
    const elapsed = () => (performance.now() - started) / 1000;
    const outbox = new TimedOutbox(elapsed);
    for (const { event, attachments } of day.events) outbox.append({ event }, attachments);

    const totals = { eventsSent: 0, uploadsCompleted: 0 };
    const interruptions: string[] = [];
    let rounds = 0;
    let report: SyncReport | null = null;
    while (rounds < 2000) {
      rounds += 1;
      report = await syncOnce(outbox, client, { clock: () => new Date(), uploadConcurrency, ...(batchSize ? { batchSize } : {}) }).catch((error: unknown) => {
        // syncOnce reports link failures itself; anything that escapes is a failure of the round too.
        interruptions.push(`round threw: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      });
      if (!report) continue;
      totals.eventsSent += report.eventsSent;
      totals.uploadsCompleted += report.uploadsCompleted;
      if (report.interruption) interruptions.push(report.interruption);
      if (report.remaining === 0) break;
    }
    const seconds = elapsed();
    await proxy.close();

    // At the Rathaus: one receipt per event, one complete upload per attachment, pieces adding up exactly.
    const problems: string[] = [];
    if (report?.remaining !== 0) problems.push(`${report?.remaining ?? '?'} events still unsettled after ${rounds} rounds`);
    const receipts = await database.db.select({ eventId: kitEventReceipts.eventId, status: kitEventReceipts.status }).from(kitEventReceipts)
      .where(eq(kitEventReceipts.kitId, kit.id));
    const receiptById = new Map(receipts.map((r) => [r.eventId, r.status]));
    let confirmed = 0;
    let review = 0;
    for (const entry of outbox.entries) {
      if (entry.state === 'confirmed') confirmed += 1;
      else if (entry.state === 'needs_review') review += 1;
      else problems.push(`event ${entry.event.id} is ${entry.state} on the kit`);
      const status = receiptById.get(entry.event.id);
      const expected = entry.state === 'confirmed' ? 'applied' : 'review';
      if (status !== expected) problems.push(`event ${entry.event.id}: Rathaus receipt ${status ?? 'missing'}, kit says ${entry.state}`);
    }
    if (receipts.length !== day.events.length) problems.push(`${receipts.length} receipts for ${day.events.length} events`);
    const uploads = await queryRows<{ sha256: string; size: number; received: number; complete: boolean; stored: number; pieces: number }>(database.db, sql`
      SELECT u.sha256, u.size::int AS size, u.received::int AS received, u.completed_at IS NOT NULL AS complete,
             coalesce(sum(octet_length(c.content)), 0)::int AS stored, count(c.offset)::int AS pieces
        FROM ${kitUploads} u LEFT JOIN ${kitUploadChunks} c ON c.kit_id = u.kit_id AND c.sha256 = u.sha256
       WHERE u.kit_id = ${kit.id} GROUP BY u.sha256, u.size, u.received, u.completed_at`);
    const uploadBySha = new Map(uploads.map((u) => [u.sha256, u]));
    for (const attachment of day.attachments) {
      const row = uploadBySha.get(attachment.sha256);
      if (!row) problems.push(`attachment ${attachment.sha256.slice(0, 12)} never arrived`);
      else if (!row.complete || row.received !== attachment.content.byteLength || row.stored !== attachment.content.byteLength) {
        problems.push(`attachment ${attachment.sha256.slice(0, 12)}: complete ${row.complete}, received ${row.received}, stored ${row.stored} of ${attachment.content.byteLength}`);
      }
    }
    if (uploads.length !== day.attachments.length) problems.push(`${uploads.length} uploads at the Rathaus for ${day.attachments.length} attachments`);
    if (totals.uploadsCompleted !== day.attachments.length) problems.push(`the kit completed ${totals.uploadsCompleted} uploads for ${day.attachments.length} attachments`);

    const eventBytes = day.events.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e.event)), 0);
    const attachmentBytes = day.attachments.reduce((n, a) => n + a.content.byteLength, 0);
    const settled = [...outbox.settledAt.values()];
    const smallSettled = day.events.filter((e) => e.small).map((e) => outbox.settledAt.get(e.event.id) ?? Number.NaN);
    return {
      label, link, seconds, rounds, interruptions, requests, wire: { ...proxy.stats },
      payload: { eventBytes, attachmentBytes, total: eventBytes + attachmentBytes },
      upBeyondPayload: proxy.stats.upBytes - (eventBytes + attachmentBytes),
      overheadRatio: proxy.stats.upBytes / (eventBytes + attachmentBytes),
      kit: {
        ...totals, uploadBytes: uploadBodyBytes, attachmentBytesResent: uploadBodyBytes - attachmentBytes, eventsResent: totals.eventsSent - day.events.length,
      },
      firstSettledSeconds: settled.length > 0 ? Math.min(...settled) : null,
      lastSmallSettledSeconds: smallSettled.length > 0 ? Math.max(...smallSettled) : null,
      check: { ok: problems.length === 0, problems, confirmed, review, receipts: receipts.length, uploads: uploads.length },
    };
  } finally {
    await app.close();
    await database.close();
  }
}

// ---------------------------------------------------------------------------------------------

const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
const kb = (n: number) => `${(n / 1e3).toFixed(1)} kB`;

function print(result: RunResult, baseline: RunResult | null): void {
  const { link } = result;
  const describeLink = link.upBitsPerSecond === null && link.latencyMs === 0 && link.dropsPerMiB === 0
    ? 'direct loopback, counting only'
    : `${(link.downBitsPerSecond ?? 0) / 1e6} Mbit/s down, ${(link.upBitsPerSecond ?? 0) / 1e6} Mbit/s up, ${link.latencyMs} ms each way, ${link.dropsPerMiB} cuts/MiB (seed ${link.seed})`;
  console.log(`\n${result.label}: ${describeLink}`);
  console.log(`  time            ${result.seconds.toFixed(1)} s in ${result.rounds} sync rounds; first event settled after ${result.firstSettledSeconds?.toFixed(1) ?? '-'} s, ` +
    `last small event after ${result.lastSmallSettledSeconds?.toFixed(1) ?? '-'} s`);
  console.log(`  requests        ${result.requests.total} (${result.requests.failed} failed): ` +
    Object.entries(result.requests.byKind).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(', '));
  console.log(`  link up         ${mb(result.wire.upBytes)} for ${mb(result.payload.total)} payload (events ${kb(result.payload.eventBytes)}, attachments ${mb(result.payload.attachmentBytes)}): ` +
    `ratio ${result.overheadRatio.toFixed(3)}, ${kb(result.upBeyondPayload)} beyond the payload`);
  console.log(`  link down       ${kb(result.wire.downBytes)}; ${result.wire.connections} TCP connections` +
    (link.upBitsPerSecond === null ? '' : `; the uplink was busy ${((100 * result.wire.upBytes * 8) / link.upBitsPerSecond / result.seconds).toFixed(0)} % of the time`));
  console.log(`  drops           ${result.wire.drops} cuts injected, ${kb(result.wire.lostBytes)} on the link when cut; ${result.interruptions.length} rounds interrupted`);
  console.log(`  sent again      ${baseline ? `up the link ${kb(result.wire.upBytes - baseline.wire.upBytes)} more than the baseline; ` : ''}` +
    `events ${result.kit.eventsResent} of ${result.kit.eventsSent} sent were repeats; the kit offered ${kb(result.kit.attachmentBytesResent)} of attachments again ` +
    '(offered to fetch: the part a cut stopped never went onto the link)');
  console.log(`  check           ${result.check.ok ? 'ok' : 'FAILED'}: ${result.check.confirmed} confirmed + ${result.check.review} in review of ${result.check.receipts} receipts, ` +
    `${result.check.uploads} uploads complete, each stored exactly once`);
  for (const problem of result.check.problems.slice(0, 10)) console.log(`    ${problem}`);
}

async function main(): Promise<void> {
  const day = generateDay(mulberry32(seed));
  const attachmentBytes = day.attachments.reduce((n, a) => n + a.content.byteLength, 0);
  log(`the day: ${personCount} persons, ${day.events.length} events (${smallEventCount} small), ${day.attachments.length} attachments, ${mb(attachmentBytes)}`);
  const direct: LinkOptions = { upBitsPerSecond: null, downBitsPerSecond: null, latencyMs: 0, dropsPerMiB: 0, seed };
  const weak: LinkOptions = {
    upBitsPerSecond: Number(args['up-mbit']) * 1e6, downBitsPerSecond: Number(args['down-mbit']) * 1e6, latencyMs: Number(args['latency-ms']), dropsPerMiB: dropRate, seed,
  };
  const baseline = await run('baseline', day, direct);
  log(`measured: baseline (${baseline.seconds.toFixed(1)} s)`);
  const lossy = await run('weak link', day, weak);
  log(`measured: weak link (${lossy.seconds.toFixed(1)} s)`);
  if (args.json) {
    console.log(JSON.stringify({
      persons: personCount, smallEvents: smallEventCount, events: day.events.length, attachments: day.attachments.length, uploadConcurrency, runs: [baseline, lossy],
    }, null, 2));
  } else {
    console.log(`Kit sync: ${personCount} persons (photo + 2 fingerprints + 6 events each) and ${smallEventCount} small events: ` +
      `${day.events.length} events, ${day.attachments.length} attachments (${mb(attachmentBytes)}), up to ${uploadConcurrency} uploads in flight, ` +
      `Rathaus on PGlite, Node ${process.version}`);
    print(baseline, null);
    print(lossy, baseline);
  }
  if (!baseline.check.ok || !lossy.check.ok) process.exitCode = 1;
}

await main();
