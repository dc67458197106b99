import { Command, CommanderError } from 'commander';
import { registerAuditCommands } from '../audit/cli.ts';
import { registerDemoCommand } from '../demo/cli.ts';
import { registerOutboxCommands } from '../exchange/cli.ts';
import { registerFeeCommands } from '../fees/cli.ts';
import { registerIdentityCommands } from '../identity/cli.ts';
import { registerKitCommands } from '../kit/cli.ts';
import { ConfigError } from '../platform/config.ts';
import { openAppContext } from '../platform/bootstrap.ts';
import { DatabaseUnreachableError } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { registerPlanningCommands } from '../planning/cli.ts';
import { registerRegisterCommands } from '../register/cli.ts';
import { registerMailCommands } from '../requests/mail/cli.ts';
import { withAppContext } from './context.ts';
import { serve } from './serve.ts';

const program = new Command('buergerkoffer')
  .description('Bürgerkoffer — the Rathaus server, the Melderegister and the mobile citizen office.\n' +
    'Configuration comes from environment variables: DATABASE_URL (unset: embedded database under DATA_DIR), PORT, HOST, DATA_DIR, BK_SECRET, LOG_LEVEL.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

program.command('serve')
  .description('Run the Rathaus server (API, OpenAPI docs at /api/docs, office web app).')
  .action(async () => {
    const ctx = await openAppContext();
    await serve(ctx);
  });

program.command('migrate')
  .description('Apply pending database migrations and exit.')
  .action(async () => {
    await withAppContext(async (ctx) => {
      process.stdout.write(`Database is up to date (${ctx.database.kind}).\n`);
    });
  });

registerDemoCommand(program);
registerIdentityCommands(program);
registerRegisterCommands(program);
registerAuditCommands(program);
registerOutboxCommands(program);
registerFeeCommands(program);
registerMailCommands(program);
registerPlanningCommands(program);
registerKitCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error);
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof AppError || error instanceof ConfigError || error instanceof DatabaseUnreachableError) {
    process.stderr.write(`Error (${error.code}): ${error.message}\n`);
    return 2;
  }
  process.stderr.write(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
