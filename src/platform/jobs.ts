import { PgBoss, fromPglite, type ConstructorOptions } from 'pg-boss';
import { applyRetention } from '../audit/retention.ts';
import { auditTimeZone } from '../audit/calendar.ts';
import { startOutboxWorkers, type OutboxWorkerOptions } from '../exchange/outbox.ts';
import { startReminderWorker, type ReminderWorkerOptions } from '../planning/confirmations/jobs.ts';
import { startMailIntakeWorker, type MailIntakeWorkerOptions } from '../requests/mail/jobs.ts';
import type { AppContext } from './context.ts';
import { municipalities } from './tenancy/schema.ts';

/**
 * Durable scheduled jobs (DESIGN §4): pg-boss keeps queues, schedules and job state in the same
 * database, in its own schema "pgboss" (apart from the drizzle migrations in "public" and
 * "drizzle"), so several Rathaus instances share one schedule and each occurrence runs once.
 */
export const jobQueues = {
  /** Fires once a day and hands each municipality its own retention job. */
  retentionDaily: 'audit-retention-daily',
  /** Retention of one municipality's access log (BMG § 40 Abs. 3); retried on its own when it fails. */
  retention: 'audit-retention',
} as const;

export const pgBossSchema = 'pgboss';

export interface JobOptions {
  /** When the daily retention runs (cron, in timeZone). Default 02:15, a quiet hour. */
  retentionCron?: string;
  timeZone?: string;
  /** How often idle workers look for due jobs; daily jobs need no quick pick-up. */
  pollingIntervalSeconds?: number;
  /** The outbox's delivery workers and sweeper (src/exchange/outbox.ts). */
  outbox?: OutboxWorkerOptions;
  /** The intake mailbox poll every IMAP_POLL_SECONDS, when IMAP_URL is set (src/requests/mail/jobs.ts). */
  mailIntake?: MailIntakeWorkerOptions;
  /** The day-before visit reminders (src/planning/confirmations/jobs.ts). */
  reminders?: ReminderWorkerOptions;
}

/** pg-boss on the app's database: the shared PGlite instance through its adapter, or its own small pool on PostgreSQL. */
export function pgBossOptions(ctx: AppContext): ConstructorOptions {
  const { database } = ctx;
  if (database.kind === 'pglite') {
    if (!database.pglite) throw new Error('PGlite database without its instance');
    // PGlite is one connection: pg-boss's statements queue behind the app's transactions.
    return { db: fromPglite(database.pglite), backend: 'pglite', schema: pgBossSchema };
  }
  const connectionString = ctx.config.databaseUrl ?? database.pool?.options.connectionString;
  if (!connectionString) throw new Error('PostgreSQL database without a connection string for the job runner');
  return { connectionString, schema: pgBossSchema, max: 3, application_name: 'buergerkoffer-jobs' };
}

/**
 * Starts the job runner: installs or migrates pg-boss's schema, (re)registers the schedules and
 * starts the workers. Returns a function that stops it gracefully (running jobs may finish);
 * call it before closing the database.
 */
export async function startJobs(ctx: AppContext, options: JobOptions = {}): Promise<() => Promise<void>> {
  const boss = new PgBoss(pgBossOptions(ctx));
  boss.on('error', (err) => ctx.logger.error({ err }, 'job runner error'));
  boss.on('warning', (warning) => ctx.logger.warn({ warning }, 'job runner warning'));
  await boss.start();
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 30;
  const running = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    void work.finally(() => running.delete(work)).catch(() => {});
    return work;
  };

  await boss.createQueue(jobQueues.retentionDaily, { retryLimit: 3, retryDelay: 60, retryBackoff: true });
  // stately: at most one queued and one running retention per municipality (singletonKey).
  await boss.createQueue(jobQueues.retention, { policy: 'stately', retryLimit: 5, retryDelay: 300, retryBackoff: true });
  await boss.schedule(jobQueues.retentionDaily, options.retentionCron ?? '15 2 * * *', null, {
    tz: options.timeZone ?? auditTimeZone,
    // After downtime over 02:15, catch up once at start instead of waiting for the next day.
    missed: 'once',
  });

  await boss.work(jobQueues.retentionDaily, { pollingIntervalSeconds, batchSize: 1 }, (jobs) => track((async () => {
    const rows = await ctx.database.db.select({ id: municipalities.id }).from(municipalities);
    for (const row of rows) {
      await boss.send(jobQueues.retention, { municipalityId: row.id }, { singletonKey: row.id });
    }
    ctx.logger.info({ jobId: jobs[0]?.id, municipalities: rows.length }, 'audit retention queued');
  })()));

  await boss.work<{ municipalityId: string }>(jobQueues.retention, { pollingIntervalSeconds, batchSize: 1 }, (jobs) => track((async () => {
    for (const job of jobs) {
      const result = await applyRetention(ctx, job.data.municipalityId, {
        actor: { kind: 'system', name: 'audit-retention', municipalityId: job.data.municipalityId },
      });
      ctx.logger.info({ jobId: job.id, municipalityId: result.municipalityId, deleted: result.deleted, cutoff: result.cutoff }, 'audit retention done');
    }
  })()));

  const stopOutbox = await startOutboxWorkers(ctx, boss, track, options.outbox);
  const stopMailIntake = await startMailIntakeWorker(ctx, boss, track, options.mailIntake);
  const stopReminders = await startReminderWorker(ctx, boss, track, options.reminders);

  let stopping: Promise<void> | null = null;
  return () => {
    stopping ??= (async () => {
      stopOutbox();
      stopMailIntake();
      stopReminders();
      await boss.stop({ graceful: true, timeout: 8_000 });
      await Promise.allSettled([...running]);
    })();
    return stopping;
  };
}
