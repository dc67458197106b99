// The ingestion and upload ports on the Rathaus's database (PostgreSQL or PGlite).
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { streamHeadOf, type IngestReceipt, type IngestStore, type IngestTx } from './ingest.ts';
import { kitEventReceipts, kitUploadChunks, kitUploads } from './schema.ts';
import type { UploadStatus, UploadStore } from './uploads.ts';

/** The ingestion transaction; handlers get `db`, the same transaction, for the use cases they call. */
export interface DbIngestTx extends IngestTx {
  db: Db;
}

function receiptOf(row: typeof kitEventReceipts.$inferSelect): IngestReceipt {
  return {
    eventId: row.eventId, kitId: row.kitId, streamId: row.streamId, seq: row.seq, kind: row.kind,
    status: row.status === 'applied' ? 'applied' : 'review', code: row.code, reason: row.reason, result: row.result ?? null,
    digest: row.digest, event: row.event, capturedAtKit: row.capturedAtKit, capturedAt: row.capturedAt, receivedAt: row.receivedAt,
  };
}

/**
 * The handlers' transaction for applying an event outside the ingestion (the kit rebuilding its
 * cases, a clerk applying a reviewed capture): only `db` and savepoints are used there.
 */
export function directIngestTx(db: Db): DbIngestTx {
  const refuse = () => Promise.reject(new Error('not part of a direct application'));
  return { db, receipt: refuse, streamHead: refuse, missingUploads: refuse, saveReceipt: refuse, nested: (work) => db.transaction(() => work()) };
}

export function dbIngestStore(db: Db, municipalityId: string): IngestStore<DbIngestTx> {
  return {
    atomically: (work) => db.transaction(async (raw) => {
      const tx = raw as unknown as Db;
      const ingestTx: DbIngestTx = {
        db: tx,
        async receipt(eventId) {
          // Locks the id against a concurrent delivery of the same event (two requests of a retrying kit).
          await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${eventId}))`);
          const [row] = await tx.select().from(kitEventReceipts).where(eq(kitEventReceipts.eventId, eventId));
          return row ? receiptOf(row) : null;
        },
        async streamHead(streamId) {
          await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${streamId}))`);
          const rows = await tx.select({ kitId: kitEventReceipts.kitId, seq: kitEventReceipts.seq, status: kitEventReceipts.status, code: kitEventReceipts.code })
            .from(kitEventReceipts).where(and(eq(kitEventReceipts.municipalityId, municipalityId), eq(kitEventReceipts.streamId, streamId)))
            .orderBy(asc(kitEventReceipts.seq));
          return streamHeadOf(rows.map((row) => ({ ...row, status: row.status === 'review' ? 'review' as const : 'applied' as const })));
        },
        async missingUploads(kitId, sha256s) {
          if (sha256s.length === 0) return [];
          const done = await tx.select({ sha256: kitUploads.sha256 }).from(kitUploads)
            .where(and(eq(kitUploads.kitId, kitId), inArray(kitUploads.sha256, sha256s), isNotNull(kitUploads.completedAt)));
          const have = new Set(done.map((d) => d.sha256));
          return sha256s.filter((s) => !have.has(s));
        },
        async saveReceipt(receipt) {
          await tx.insert(kitEventReceipts).values({
            eventId: receipt.eventId, municipalityId, kitId: receipt.kitId, streamId: receipt.streamId, seq: receipt.seq, kind: receipt.kind,
            status: receipt.status, code: receipt.code, reason: receipt.reason, result: receipt.result, digest: receipt.digest, event: receipt.event,
            capturedAtKit: receipt.capturedAtKit, capturedAt: receipt.capturedAt, receivedAt: receipt.receivedAt,
          });
        },
        nested: (inner) => tx.transaction(() => inner()),
      };
      return work(ingestTx);
    }),
  };
}

export function dbUploadStore(db: Db, municipalityId: string): UploadStore {
  const where = (kitId: string, sha256: string) => and(eq(kitUploads.kitId, kitId), eq(kitUploads.sha256, sha256));
  return {
    async status(kitId, sha256): Promise<UploadStatus | null> {
      const [row] = await db.select().from(kitUploads).where(where(kitId, sha256));
      return row ? { size: row.size, mediaType: row.mediaType, received: row.received, complete: row.completedAt !== null } : null;
    },
    async create(kitId, sha256, size, mediaType) {
      await db.insert(kitUploads).values({ municipalityId, kitId, sha256, size, mediaType }).onConflictDoNothing();
    },
    append: (kitId, sha256, offset, chunk) => db.transaction(async (raw) => {
      const tx = raw as unknown as Db;
      const [row] = await tx.select({ received: kitUploads.received }).from(kitUploads).where(where(kitId, sha256)).for('update');
      if (!row || row.received !== offset) throw new Error(`The upload is at ${row?.received ?? 'nothing'}, not at ${offset}.`);
      await tx.insert(kitUploadChunks).values({ kitId, sha256, offset, content: chunk });
      const received = offset + chunk.byteLength;
      await tx.update(kitUploads).set({ received }).where(where(kitId, sha256));
      return received;
    }),
    async content(kitId, sha256) {
      const chunks = await db.select({ content: kitUploadChunks.content }).from(kitUploadChunks)
        .where(and(eq(kitUploadChunks.kitId, kitId), eq(kitUploadChunks.sha256, sha256))).orderBy(asc(kitUploadChunks.offset));
      const total = chunks.reduce((n, c) => n + c.content.byteLength, 0);
      const out = new Uint8Array(total);
      let at = 0;
      for (const chunk of chunks) {
        out.set(chunk.content, at);
        at += chunk.content.byteLength;
      }
      return out;
    },
    async markComplete(kitId, sha256) {
      await db.update(kitUploads).set({ completedAt: new Date() }).where(where(kitId, sha256));
    },
    async discard(kitId, sha256) {
      await db.delete(kitUploadChunks).where(and(eq(kitUploadChunks.kitId, kitId), eq(kitUploadChunks.sha256, sha256)));
      await db.delete(kitUploads).where(where(kitId, sha256));
    },
  };
}
