import type { Command } from 'commander';
import { withAppContext } from '../../cli/context.ts';
import { resolveMunicipality } from '../../platform/tenancy/municipalities.ts';
import { pollMailInbox, type PollResult } from './poll-inbox.ts';

export function describePoll(result: PollResult): string {
  const parts = [`${result.fetched} new mail${result.fetched === 1 ? '' : 's'}`, `${result.created} draft request${result.created === 1 ? '' : 's'} created`, `${result.linked} linked to existing requests`];
  if (result.bounced > 0) parts.push(`${result.bounced} bounce${result.bounced === 1 ? '' : 's'} recorded, no request made (GET /api/mail/inbound?status=bounced)`);
  if (result.ignored > 0) parts.push(`${result.ignored} ignored (copies already taken in, delay notices)`);
  if (result.failed > 0) parts.push(`${result.failed} unreadable, kept for the dispatcher (GET /api/mail/inbound)`);
  return `${parts.join(', ')}.`;
}

export function registerMailCommands(program: Command): void {
  const mail = program.command('mail').description('The intake mailbox (IMAP_URL) and mails to requesters (SMTP_URL, MAIL_FROM).');

  mail.command('poll')
    .description('Read the new mails of the intake mailbox now: each becomes a draft visit request or is linked to the request it answers (the server does it every IMAP_POLL_SECONDS).')
    .option('--municipality <ags>', 'Gemeindeschlüssel (8 digits); needed when there are several')
    .option('--json', 'print the counts as JSON')
    .action(async (options: { municipality?: string; json?: boolean }) => {
      const result = await withAppContext(async (ctx) => {
        const municipality = await resolveMunicipality(ctx.database.db, options.municipality);
        return pollMailInbox(ctx, municipality.id);
      });
      // Unreadable mails are stored, not lost: the poll itself succeeded, so the exit code stays 0.
      process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${describePoll(result)}\n`);
    });
}
