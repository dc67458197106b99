import type { PgBoss } from 'pg-boss';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { resolveMunicipality } from '../../platform/tenancy/municipalities.ts';
import { pollMailInbox } from './poll-inbox.ts';

export const mailIntakeQueue = 'mail-inbox-poll';

/** One chain of polls for the whole deployment, however many instances run (stately queue, one key). */
const chainKey = 'intake';

export interface MailIntakeWorkerOptions {
  /** How often the worker looks for a due poll; default a fifth of IMAP_POLL_SECONDS, 1–10 s. */
  pollingIntervalSeconds?: number;
}

/**
 * Polls the intake mailbox every IMAP_POLL_SECONDS (only when IMAP_URL is set). pg-boss's cron
 * has minutes, the setting has seconds: each run queues the next one with startAfter, and the
 * stately queue keeps it to one queued and one running poll across all instances. A failed poll
 * (mail server down) is logged and the chain goes on; a crashed worker's job expires and is
 * retried by pg-boss, which restarts the chain.
 *
 * The deployment has one IMAP_URL, so it serves the one municipality there is; with several the
 * mailbox cannot be attributed and the poll is skipped with a warning.
 */
export async function startMailIntakeWorker(
  ctx: AppContext,
  boss: PgBoss,
  track: <T>(work: Promise<T>) => Promise<T>,
  options: MailIntakeWorkerOptions = {},
): Promise<() => void> {
  if (!ctx.config.imapUrl) return () => {};
  const every = ctx.config.imapPollSeconds;
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? Math.min(10, Math.max(1, every / 5));
  await boss.createQueue(mailIntakeQueue, { policy: 'stately', retryLimit: 3, retryDelay: every, expireInSeconds: 15 * 60 });
  const queueNext = (startAfter: number) => boss.send(mailIntakeQueue, {}, { singletonKey: chainKey, startAfter })
    .catch((error: unknown) => ctx.logger.error({ err: error }, 'could not queue the next mail poll'));

  await boss.work(mailIntakeQueue, { pollingIntervalSeconds, batchSize: 1 }, (jobs) => track((async () => {
    try {
      const municipality = await resolveMunicipality(ctx.database.db);
      const result = await pollMailInbox(ctx, municipality.id);
      if (result.fetched > 0) ctx.logger.info({ jobId: jobs[0]?.id, ...result }, 'mail inbox polled');
    } catch (error) {
      if (error instanceof AppError) ctx.logger.warn({ code: error.code }, error.message);
      else ctx.logger.error({ err: error }, 'mail inbox poll failed');
    } finally {
      // Also while this instance stops: another instance may carry the chain on.
      await queueNext(every);
    }
  })()));
  // Starts the chain with a poll right away, unless a poll is queued already.
  await queueNext(0);
  return () => {};
}
