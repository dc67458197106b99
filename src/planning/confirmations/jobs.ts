import type { PgBoss } from 'pg-boss';
import type { AppContext } from '../../platform/context.ts';
import { municipalities } from '../../platform/tenancy/schema.ts';
import { addDays, registerToday } from '../../register/dates.ts';
import { sendVisitReminders } from './reminders.ts';

export const reminderQueue = 'visit-reminders-daily';

export interface ReminderWorkerOptions {
  /** When the reminders for tomorrow go out (cron, Europe/Berlin). Default 16:00: read the same afternoon. */
  cron?: string;
  pollingIntervalSeconds?: number;
}

/**
 * The day-before reminders as a daily job. A run after downtime catches up once (missed: once),
 * and a second run the same day sends only what the first could not.
 */
export async function startReminderWorker(
  ctx: AppContext,
  boss: PgBoss,
  track: <T>(work: Promise<T>) => Promise<T>,
  options: ReminderWorkerOptions = {},
): Promise<() => void> {
  await boss.createQueue(reminderQueue, { policy: 'stately', retryLimit: 3, retryDelay: 600, retryBackoff: true });
  await boss.schedule(reminderQueue, options.cron ?? '0 16 * * *', null, { tz: 'Europe/Berlin', missed: 'once' });
  await boss.work(reminderQueue, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 30, batchSize: 1 }, (jobs) => track((async () => {
    const tomorrow = addDays(registerToday(ctx.now()), 1);
    const rows = await ctx.database.db.select({ id: municipalities.id }).from(municipalities);
    for (const row of rows) {
      const run = await sendVisitReminders(ctx, { kind: 'system', name: 'visit-reminders', municipalityId: row.id }, tomorrow);
      ctx.logger.info({ jobId: jobs[0]?.id, municipalityId: row.id, day: run.day, mailed: run.mailed, failed: run.failed.length, toCall: run.toCall.length }, 'visit reminders sent');
      // A failed mail throws so pg-boss retries the run; sent ones are not sent again.
      if (run.failed.length > 0) throw new Error(`${run.failed.length} reminder(s) not sent: ${run.failed.map((f) => `${f.reference}: ${f.reason}`).join('; ')}`);
    }
  })()));
  return () => {};
}
