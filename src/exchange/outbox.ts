import { createHash } from 'node:crypto';
import { and, asc, eq, isNull, lt, lte, notExists, notInArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { PgBoss } from 'pg-boss';
import { markCaseTransmittedIfDelivered } from '../cases/mark-transmitted.ts';
import { serviceCases } from '../cases/schema.ts';
import type { AppContext } from '../platform/context.ts';
import type { Database } from '../platform/db/database.ts';
import { MessageRejectedError, renderMessage, type RenderedMessage } from './render.ts';
import { outboundDeliveries, outboundMessages } from './schema.ts';
import { createTransport, type Transport } from './transports/index.ts';

export const outboxQueues = {
  /** One delivery attempt of one message (data: { messageId }). */
  deliver: 'outbox-deliver',
  /** Every minute: re-queues due messages whose job was lost (restart, crash, enqueue without a runner). */
  sweep: 'outbox-sweep',
} as const;

/** Longest wait between two attempts, however many failed before. */
const maxRetryDelaySeconds = 6 * 60 * 60;
/** A message "sending" for longer than this lost its worker (crash mid-attempt) and is retried. */
export const sendingLeaseMinutes = 10;
/**
 * A transport that has not answered by then counts as failed (and is retried), well inside the
 * lease: otherwise the sweeper could start a second attempt while the first still hangs.
 */
export const sendTimeoutMs = 5 * 60_000;

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`}`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Seconds before the attempt after `attempts` failed ones: OUTBOX_RETRY_SECONDS, doubled each time, at most 6 h. */
export function retryDelaySeconds(attempts: number, baseSeconds: number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(baseSeconds * 2 ** exponent, maxRetryDelaySeconds);
}

export type DeliveryOutcome =
  | { outcome: 'delivered'; reference: string }
  | { outcome: 'retry'; error: string; nextAttemptAt: string }
  | { outcome: 'failed'; error: string }
  | { outcome: 'rejected'; error: string }
  /** Not claimed: already delivered, being sent by another worker, cancelled, or not due yet. */
  | { outcome: 'skipped'; status: string | null };

interface Runner { boss: PgBoss; transport: Transport }

/** The job runners started in this process, by database: requestDelivery sends jobs only where one runs. */
const runners = new WeakMap<Database, Runner>();

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

/**
 * One delivery attempt. Claims the message (pending and due → sending) in one UPDATE: the row lock
 * it takes makes a second worker, in this or another instance, wait and then find the row no
 * longer pending, so a message is sent at most once however many jobs run for it. Renders (loading
 * attachments now), sends through the transport, records the attempt (hash and size, never the
 * bytes) and sets the outcome: delivered; pending again with a backoff on a transport error;
 * failed after OUTBOX_MAX_ATTEMPTS; rejected when the payload cannot be rendered. A delivery
 * then moves the case to transmitted if it was its last message.
 */
export async function deliverMessage(ctx: AppContext, messageId: string, options: { transport?: Transport; sendTimeoutMs?: number } = {}): Promise<DeliveryOutcome> {
  const db = ctx.database.db;
  const transport = options.transport ?? runners.get(ctx.database)?.transport ?? createTransport(ctx.config);
  const startedAt = ctx.now().toISOString();
  const [message] = await db.update(outboundMessages)
    .set({ status: 'sending', attempts: sql`${outboundMessages.attempts} + 1`, nextAttemptAt: null, updatedAt: startedAt })
    .where(and(
      eq(outboundMessages.id, messageId),
      eq(outboundMessages.status, 'pending'),
      or(isNull(outboundMessages.nextAttemptAt), lte(outboundMessages.nextAttemptAt, startedAt)),
    ))
    .returning();
  if (!message) {
    const [row] = await db.select({ status: outboundMessages.status }).from(outboundMessages).where(eq(outboundMessages.id, messageId));
    return { outcome: 'skipped', status: row?.status ?? null };
  }

  let rendered: RenderedMessage | null = null;
  let result: DeliveryOutcome;
  let reference: string | null = null;
  try {
    rendered = await renderMessage(db, message.payload, {
      messageId: message.id, municipalityId: message.municipalityId, createdAt: new Date(message.createdAt).toISOString(),
    });
    ({ reference } = await withTimeout(transport.send({
      messageId: message.id, kind: message.kind, fileName: rendered.fileName, mediaType: rendered.mediaType,
      content: rendered.content, recipientName: message.recipientName,
    }), options.sendTimeoutMs ?? sendTimeoutMs, `The ${transport.name} transport`));
    result = { outcome: 'delivered', reference };
  } catch (error) {
    if (error instanceof MessageRejectedError) {
      result = { outcome: 'rejected', error: error.message };
    } else if (message.attempts >= ctx.config.outboxMaxAttempts) {
      result = { outcome: 'failed', error: `${errorText(error)} (attempt ${message.attempts} of ${ctx.config.outboxMaxAttempts}; a clerk can retry it)` };
    } else {
      const delay = retryDelaySeconds(message.attempts, ctx.config.outboxRetrySeconds);
      result = { outcome: 'retry', error: errorText(error), nextAttemptAt: new Date(ctx.now().getTime() + delay * 1000).toISOString() };
    }
  }

  const finishedAt = ctx.now().toISOString();
  await db.transaction(async (tx) => {
    await tx.insert(outboundDeliveries).values({
      municipalityId: message.municipalityId,
      messageId: message.id,
      attempt: message.attempts,
      outcome: result.outcome === 'delivered' ? 'delivered' : result.outcome === 'rejected' ? 'rejected' : 'error',
      error: 'error' in result ? result.error : null,
      transport: transport.name,
      transportReference: reference,
      fileName: rendered?.fileName ?? null,
      mediaType: rendered?.mediaType ?? null,
      contentSha256: rendered ? createHash('sha256').update(rendered.content).digest('hex') : null,
      contentBytes: rendered ? rendered.content.byteLength : null,
      startedAt,
      finishedAt,
    });
    const common = { updatedAt: finishedAt, transport: transport.name, fileName: rendered?.fileName ?? message.fileName };
    const change = result.outcome === 'delivered'
      ? { ...common, status: 'delivered' as const, transportReference: reference, deliveredAt: finishedAt, lastError: null, nextAttemptAt: null }
      : result.outcome === 'retry'
        ? { ...common, status: 'pending' as const, lastError: result.error, nextAttemptAt: result.nextAttemptAt }
        : { ...common, status: result.outcome === 'failed' ? 'failed' as const : 'rejected' as const, lastError: 'error' in result ? result.error : null, nextAttemptAt: null };
    await tx.update(outboundMessages).set(change)
      .where(and(eq(outboundMessages.id, message.id), eq(outboundMessages.status, 'sending')));
  });

  const log = { messageId: message.id, kind: message.kind, attempt: message.attempts, transport: transport.name };
  if (result.outcome === 'delivered') {
    ctx.logger.info({ ...log, reference }, 'outbox message delivered');
    if (message.caseId) {
      try {
        await markCaseTransmittedIfDelivered(ctx, message.municipalityId, message.caseId);
      } catch (error) {
        ctx.logger.error({ err: error, ...log, caseId: message.caseId }, 'outbox: case could not be marked transmitted');
      }
    }
  } else {
    ctx.logger.warn({ ...log, outcome: result.outcome, error: 'error' in result ? result.error : undefined }, 'outbox delivery attempt did not deliver');
  }
  return result;
}

async function sendDeliveryJob(boss: PgBoss, messageId: string, options: { startAfter?: Date; singletonKey?: string } = {}): Promise<void> {
  // singletonKey + the stately queue: at most one queued job per message, however often it is asked for.
  await boss.send(outboxQueues.deliver, { messageId }, { singletonKey: options.singletonKey ?? messageId, ...(options.startAfter ? { startAfter: options.startAfter } : {}) });
}

/**
 * A clerk's "send now": a job of its own key, so it does not wait behind a job already queued for
 * the backoff time (that one later finds the message delivered and does nothing).
 */
export async function requestImmediateDelivery(ctx: AppContext, messageId: string): Promise<void> {
  const runner = runners.get(ctx.database);
  if (!runner) return;
  try {
    await sendDeliveryJob(runner.boss, messageId, { singletonKey: `${messageId}:now:${ctx.now().getTime()}` });
  } catch (error) {
    ctx.logger.warn({ err: error, messageId }, 'outbox: delivery job not sent; the sweeper will pick the message up');
  }
}

/**
 * Asks for delivery of freshly enqueued messages; the case engine calls it after its transaction
 * committed. With a job runner in this process the jobs go out at once; otherwise (a CLI command,
 * a test without runner) nothing happens here and the sweeper of a running server picks the
 * messages up within a minute. Never throws: the messages are safe in the outbox either way.
 */
export async function requestDelivery(ctx: AppContext, messageIds: string[]): Promise<void> {
  const runner = runners.get(ctx.database);
  if (!runner || messageIds.length === 0) return;
  for (const messageId of new Set(messageIds)) {
    try {
      await sendDeliveryJob(runner.boss, messageId);
    } catch (error) {
      ctx.logger.warn({ err: error, messageId }, 'outbox: delivery job not sent; the sweeper will pick the message up');
    }
  }
}

/**
 * Finds what needs a (new) job: messages "sending" past their lease (their worker died) go back to
 * pending; every pending message that is due gets a job. Jobs already queued for a message are not
 * duplicated (singletonKey).
 */
export async function sweepOutbox(ctx: AppContext, boss: PgBoss, options: { limit?: number } = {}): Promise<{ queued: number; recovered: number; transmitted: number }> {
  const db = ctx.database.db;
  const now = ctx.now();
  const leaseExpired = new Date(now.getTime() - sendingLeaseMinutes * 60_000).toISOString();
  const recovered = await db.update(outboundMessages)
    .set({
      status: 'pending', nextAttemptAt: now.toISOString(), updatedAt: now.toISOString(),
      lastError: `The delivery attempt was interrupted (no result after ${sendingLeaseMinutes} minutes, e.g. a restart); it is retried.`,
    })
    .where(and(eq(outboundMessages.status, 'sending'), lt(outboundMessages.updatedAt, leaseExpired)))
    .returning({ id: outboundMessages.id });
  const due = await db.select({ id: outboundMessages.id }).from(outboundMessages)
    .where(and(eq(outboundMessages.status, 'pending'), or(isNull(outboundMessages.nextAttemptAt), lte(outboundMessages.nextAttemptAt, now.toISOString()))))
    .orderBy(asc(outboundMessages.nextAttemptAt))
    .limit(options.limit ?? 500);
  for (const row of due) await sendDeliveryJob(boss, row.id);
  const transmitted = await catchUpTransmittedCases(ctx);
  return { queued: due.length, recovered: recovered.length, transmitted };
}

/**
 * A delivery normally moves its case to transmitted at once; when that step failed (the database
 * went away between the two), a completed case whose messages have all gone out (delivered, or
 * cancelled with at least one delivered) is moved here. Returns how many cases were checked.
 */
async function catchUpTransmittedCases(ctx: AppContext): Promise<number> {
  const db = ctx.database.db;
  const other = alias(outboundMessages, 'other');
  const rows = await db.selectDistinct({ caseId: outboundMessages.caseId, municipalityId: outboundMessages.municipalityId })
    .from(outboundMessages)
    .innerJoin(serviceCases, eq(serviceCases.id, outboundMessages.caseId))
    .where(and(
      eq(serviceCases.state, 'completed'),
      eq(outboundMessages.status, 'delivered'),
      notExists(db.select({ id: other.id }).from(other)
        .where(and(eq(other.caseId, outboundMessages.caseId), notInArray(other.status, ['delivered', 'cancelled'])))),
    ))
    .limit(100);
  for (const row of rows) {
    if (!row.caseId) continue;
    try {
      await markCaseTransmittedIfDelivered(ctx, row.municipalityId, row.caseId);
    } catch (error) {
      ctx.logger.error({ err: error, caseId: row.caseId }, 'outbox sweep: case could not be marked transmitted');
    }
  }
  return rows.length;
}

export interface OutboxWorkerOptions {
  /** Default: the configured transport (OUTBOX_TRANSPORT). Tests pass their own. */
  transport?: Transport;
  /** How often idle delivery workers look for jobs; a message should leave within seconds. */
  pollingIntervalSeconds?: number;
  /** Cron of the sweeper; every minute by default. */
  sweepCron?: string;
}

/**
 * Creates the outbox queues, the sweeper schedule and the workers on a started pg-boss (called by
 * platform/jobs.ts#startJobs), and registers the runner so requestDelivery sends jobs. Returns a
 * function that unregisters it (before pg-boss stops).
 */
export async function startOutboxWorkers(
  ctx: AppContext,
  boss: PgBoss,
  track: <T>(work: Promise<T>) => Promise<T>,
  options: OutboxWorkerOptions = {},
): Promise<() => void> {
  const transport = options.transport ?? createTransport(ctx.config);
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
  // Retries here cover errors outside an attempt (database unreachable while claiming); transport
  // errors are retried by deliverMessage itself, with the row's own backoff.
  await boss.createQueue(outboxQueues.deliver, { policy: 'stately', retryLimit: 5, retryDelay: 30, retryBackoff: true, retryDelayMax: 3600 });
  await boss.createQueue(outboxQueues.sweep, { policy: 'singleton', retryLimit: 1, retryDelay: 30 });
  await boss.schedule(outboxQueues.sweep, options.sweepCron ?? '* * * * *', null);

  await boss.work<{ messageId: string }>(outboxQueues.deliver, { pollingIntervalSeconds, batchSize: 1, localConcurrency: 2 }, (jobs) => track((async () => {
    for (const job of jobs) {
      const result = await deliverMessage(ctx, job.data.messageId, { transport });
      if (result.outcome === 'retry') await sendDeliveryJob(boss, job.data.messageId, { startAfter: new Date(result.nextAttemptAt) });
    }
  })()));
  await boss.work(outboxQueues.sweep, { pollingIntervalSeconds: Math.max(pollingIntervalSeconds, 5), batchSize: 1 }, () => track((async () => {
    const result = await sweepOutbox(ctx, boss);
    if (result.queued > 0 || result.recovered > 0 || result.transmitted > 0) ctx.logger.info(result, 'outbox sweep');
  })()));

  runners.set(ctx.database, { boss, transport });
  // Messages enqueued while no runner was up go out now, not at the next full minute.
  await boss.send(outboxQueues.sweep, {});
  return () => {
    if (runners.get(ctx.database)?.boss === boss) runners.delete(ctx.database);
  };
}
