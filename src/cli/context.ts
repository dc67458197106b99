import { openAppContext } from '../platform/bootstrap.ts';
import type { AppContext } from '../platform/context.ts';

/** Runs a CLI action with an open app context and always closes the database afterwards. */
export async function withAppContext<T>(action: (ctx: AppContext) => Promise<T>): Promise<T> {
  // CLI output is for people; keep the structured logs to warnings unless asked for more.
  const ctx = await openAppContext(process.env.LOG_LEVEL ? {} : { logLevel: 'warn' });
  ctx.logger.level = ctx.config.logLevel;
  try {
    return await action(ctx);
  } finally {
    await ctx.database.close();
  }
}
