/**
 * The kit's outbox on its own database: capture events and attachment contents sealed with the
 * kit's data key, so the notebook's disk holds nothing readable without an officer's login.
 * It is the OutboxStore the sync works on and the CaptureSink the case recorder writes to.
 */
import { and, asc, eq, inArray, isNotNull, lt, notInArray, sql } from 'drizzle-orm';
import { caseAttachments, serviceCases } from '../cases/schema.ts';
import type { Db } from '../platform/db/database.ts';
import type { LocalizedText } from '../platform/localized-text.ts';
import type { CaptureEvent, FinalOutcome, SyncState } from './capture-event.ts';
import type { CaptureBlob, CaptureSink } from './case-recorder.ts';
import { kitBlobs, kitOutbox } from './schema.ts';
import type { OutboxEntry, OutboxStore, StoredAttachment } from './sync.ts';
import { openRecord, sealRecord } from './vault.ts';

const settled: SyncState[] = ['confirmed', 'needs_review'];

export interface OutboxStep {
  eventId: string; streamId: string; seq: number; kind: string; state: SyncState; lastError: string | null; capturedAt: string;
  /** For a step in review: the Rathaus's code and, where it sent one, its translation of the reason (for the UI's language). */
  code: string | null; message: LocalizedText | null;
}

export interface OutboxSummary {
  counts: Record<SyncState, number>;
  /** The events not yet settled, oldest first, for the officer's "not yet synced" list. */
  unsettled: OutboxStep[];
  /** The events the Rathaus holds for a clerk, oldest first, with its code and reason. */
  inReview: OutboxStep[];
  biometricsOnKit: number;
  /** Entries of the kit's access log (§ 40 BMG) not yet confirmed by the Rathaus; kept out of the steps above. */
  accessLogPending: number;
}

export class KitOutbox implements OutboxStore, CaptureSink {
  private readonly db: Db;
  private readonly dataKey: Buffer;
  private readonly workingDb: Db;

  /**
   * `db` is the kit's persistent vault database; `workingDb` the database the cases live in (on
   * the kit an in-memory one rebuilt from the packages and this outbox), where wiped biometrics
   * are removed from the cases as well. Both are the same in tests that use one database.
   */
  private readonly accessLogStream: string | null;

  /** `accessLogStream`: the stream of the kit's access-log events, counted apart from the officers' steps. */
  constructor(db: Db, dataKey: Buffer, workingDb: Db = db, options: { accessLogStream?: string } = {}) {
    this.db = db;
    this.dataKey = dataKey;
    this.workingDb = workingDb;
    this.accessLogStream = options.accessLogStream ?? null;
  }

  /** Unsettled events of the access-log stream (counted without opening them). */
  async accessLogUnsettled(): Promise<number> {
    if (!this.accessLogStream) return 0;
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(kitOutbox)
      .where(and(eq(kitOutbox.streamId, this.accessLogStream), notInArray(kitOutbox.state, settled)));
    return Number(row?.n ?? 0);
  }

  /** Whether an event is in the outbox already (events with ids derived from their content are appended once). */
  async has(eventId: string): Promise<boolean> {
    const [row] = await this.db.select({ eventId: kitOutbox.eventId }).from(kitOutbox).where(eq(kitOutbox.eventId, eventId));
    return row !== undefined;
  }

  /**
   * Where a command's event goes: into the vault right away when the vault is its own database
   * (the outbox is what survives a crash; the in-memory cases are rebuilt from it), or into the
   * command's own transaction when one database serves both.
   */
  private sinkDb(commandDb: Db): Db {
    return this.workingDb === this.db ? commandDb : this.db;
  }

  async nextSeq(commandDb: Db, streamId: string): Promise<number> {
    const [row] = await this.sinkDb(commandDb).select({ max: sql<number | null>`max(${kitOutbox.seq})` }).from(kitOutbox).where(eq(kitOutbox.streamId, streamId));
    return Number(row?.max ?? 0) + 1;
  }

  async append(commandDb: Db, event: CaptureEvent, blobs: CaptureBlob[]): Promise<void> {
    const db = this.sinkDb(commandDb);
    for (const blob of blobs) {
      await db.insert(kitBlobs).values({
        sha256: blob.sha256, mediaType: blob.mediaType, biometric: blob.biometric, size: blob.content.byteLength,
        sealed: sealRecord(this.dataKey, blob.content, `blob:${blob.sha256}`),
      }).onConflictDoNothing();
    }
    await db.insert(kitOutbox).values({
      eventId: event.id, streamId: event.streamId, seq: event.seq, attachmentHashes: event.attachments.map((a) => a.sha256),
      sealed: sealRecord(this.dataKey, Buffer.from(JSON.stringify(event)), `event:${event.id}`),
    });
  }

  private entryOf(row: typeof kitOutbox.$inferSelect): OutboxEntry {
    const event = JSON.parse(openRecord(this.dataKey, row.sealed, `event:${row.eventId}`).toString('utf8')) as CaptureEvent;
    return { event, state: row.state as SyncState, attempts: row.attempts, lastError: row.lastError, outcome: (row.outcome as FinalOutcome | null) ?? null };
  }

  async unsettled(): Promise<OutboxEntry[]> {
    const rows = await this.db.select().from(kitOutbox).where(notInArray(kitOutbox.state, settled)).orderBy(asc(kitOutbox.position));
    return rows.map((row) => this.entryOf(row));
  }

  /** Every entry in capture order (the status page, tests). */
  async all(): Promise<OutboxEntry[]> {
    const rows = await this.db.select().from(kitOutbox).orderBy(asc(kitOutbox.position));
    return rows.map((row) => this.entryOf(row));
  }

  async update(eventId: string, change: Partial<Pick<OutboxEntry, 'state' | 'attempts' | 'lastError' | 'outcome'>>): Promise<void> {
    await this.db.update(kitOutbox).set({
      ...(change.state !== undefined ? { state: change.state } : {}),
      ...(change.attempts !== undefined ? { attempts: change.attempts } : {}),
      ...(change.lastError !== undefined ? { lastError: change.lastError } : {}),
      ...(change.outcome !== undefined ? { outcome: change.outcome as Record<string, unknown> | null } : {}),
    }).where(eq(kitOutbox.eventId, eventId));
  }

  async attachment(sha256: string): Promise<StoredAttachment | null> {
    const [row] = await this.db.select().from(kitBlobs).where(eq(kitBlobs.sha256, sha256));
    if (!row) return null;
    return {
      sha256, mediaType: row.mediaType, biometric: row.biometric, uploaded: row.uploaded, interrupted: row.interrupted,
      content: row.sealed ? openRecord(this.dataKey, row.sealed, `blob:${sha256}`) : null,
    };
  }

  async markAttachment(sha256: string, change: Partial<Pick<StoredAttachment, 'uploaded' | 'interrupted'>>): Promise<void> {
    await this.db.update(kitBlobs).set(change).where(eq(kitBlobs.sha256, sha256));
  }

  /**
   * Everything captured leaves the kit once the Rathaus has it: the contents whose events are all
   * settled, of cases that are done on the kit (completed or further, or no longer on the kit) —
   * a case still being worked on keeps its photo until it is done, or until the 96 hours are up.
   * Also wipes them from the kit's own cases. (The name stays: biometrics are what it is for.)
   */
  async wipeSettledBiometrics(): Promise<number> {
    const candidates = await this.db.select({ sha256: kitBlobs.sha256 }).from(kitBlobs).where(isNotNull(kitBlobs.sealed));
    if (candidates.length === 0) return 0;
    const rows = await this.db.select({ hashes: kitOutbox.attachmentHashes, state: kitOutbox.state, streamId: kitOutbox.streamId }).from(kitOutbox);
    const stillNeeded = new Set(rows.filter((r) => !settled.includes(r.state as SyncState)).flatMap((r) => r.hashes));
    const streamsOf = new Map<string, Set<string>>();
    for (const row of rows) for (const hash of row.hashes) streamsOf.set(hash, (streamsOf.get(hash) ?? new Set()).add(row.streamId));
    const streamIds = [...new Set(rows.map((r) => r.streamId))];
    const open = streamIds.length === 0 ? [] : await this.workingDb.select({ id: serviceCases.id }).from(serviceCases)
      .where(and(inArray(serviceCases.id, streamIds), inArray(serviceCases.state, inProgressStates)));
    const inProgress = new Set(open.map((c) => c.id));
    const wipe = candidates.map((c) => c.sha256)
      .filter((sha) => !stillNeeded.has(sha) && ![...(streamsOf.get(sha) ?? [])].some((stream) => inProgress.has(stream)));
    if (wipe.length === 0) return 0;
    await wipeBiometricContent(this.db, this.workingDb, wipe, new Date());
    return wipe.length;
  }

  /** Biometrics older than the rules allow (photo ≤ 96 h) go, synced or not (DESIGN §5). */
  async wipeExpiredBiometrics(now: Date, maxAgeHours = 96): Promise<number> {
    const expired = await this.db.select({ sha256: kitBlobs.sha256 }).from(kitBlobs)
      .where(and(eq(kitBlobs.biometric, true), isNotNull(kitBlobs.sealed), lt(kitBlobs.createdAt, new Date(now.getTime() - maxAgeHours * 3_600_000))));
    if (expired.length === 0) return 0;
    await wipeBiometricContent(this.db, this.workingDb, expired.map((e) => e.sha256), now);
    return expired.length;
  }

  async summary(): Promise<OutboxSummary> {
    const all = await this.db.select().from(kitOutbox).orderBy(asc(kitOutbox.position));
    const rows = all.filter((r) => r.streamId !== this.accessLogStream);
    const accessLogPending = all.filter((r) => r.streamId === this.accessLogStream && !settled.includes(r.state as SyncState)).length;
    const counts: Record<SyncState, number> = { pending: 0, sent: 0, confirmed: 0, error: 0, needs_review: 0 };
    for (const row of rows) counts[row.state as SyncState] += 1;
    const step = (row: typeof kitOutbox.$inferSelect): OutboxStep => {
      const { event, outcome } = this.entryOf(row);
      const review = outcome?.status === 'review' ? outcome : null;
      return {
        eventId: row.eventId, streamId: row.streamId, seq: row.seq, kind: event.kind, state: row.state as SyncState, lastError: row.lastError, capturedAt: event.capturedAt,
        code: review?.code ?? null, message: review?.message ?? null,
      };
    };
    const unsettled = rows.filter((r) => !settled.includes(r.state as SyncState)).map(step);
    const inReview = rows.filter((r) => r.state === 'needs_review').map(step);
    const [biometrics] = await this.db.select({ n: sql<number>`count(*)::int` }).from(kitBlobs).where(and(eq(kitBlobs.biometric, true), isNotNull(kitBlobs.sealed)));
    return { counts, unsettled, inReview, biometricsOnKit: Number(biometrics?.n ?? 0), accessLogPending };
  }
}

/** The content of biometric attachments leaves the kit: its outbox copy and the kit's case attachment. */
async function wipeBiometricContent(db: Db, workingDb: Db, sha256s: string[], at: Date): Promise<void> {
  await db.update(kitBlobs).set({ sealed: null, wipedAt: at }).where(inArray(kitBlobs.sha256, sha256s));
  await workingDb.update(caseAttachments).set({ content: null, deletedAt: at }).where(inArray(caseAttachments.sha256, sha256s));
}

/** Cases still being worked on at the bedside keep what they captured. */
const inProgressStates = ['draft', 'captured', 'paid', 'needs_review'];
