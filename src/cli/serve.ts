import { devicePortsFromConfig } from '../devices/from-config.ts';
import type { AppContext } from '../platform/context.ts';
import { buildServer } from '../platform/http/server.ts';
import { startJobs } from '../platform/jobs.ts';

/** Starts the HTTP server and the job runner, and stops both (then the database) cleanly on SIGINT/SIGTERM. */
export async function serve(context: AppContext): Promise<void> {
  // Real device drivers where configured (DEVICE_*), simulators otherwise; a bad address stops the start here.
  const ctx: AppContext = context.devices ? context : { ...context, devices: devicePortsFromConfig(context.config) };
  const app = await buildServer(ctx);
  const stopJobs = await startJobs(ctx);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    ctx.logger.info({ signal }, 'shutting down');
    const forceExit = setTimeout(() => process.exit(1), 10_000);
    forceExit.unref();
    await app.close();
    await stopJobs();
    await ctx.database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: ctx.config.port, host: ctx.config.host });
}
