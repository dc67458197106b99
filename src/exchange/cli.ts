import { InvalidArgumentError, type Command } from 'commander';
import { and, asc, eq, isNull, lte, or } from 'drizzle-orm';
import { withAppContext } from '../cli/context.ts';
import type { AppContext } from '../platform/context.ts';
import { resolveMunicipality } from '../platform/tenancy/municipalities.ts';
import { listOutbox } from './list-outbox.ts';
import { deliverMessage, type DeliveryOutcome } from './outbox.ts';
import { outboundKinds, type OutboxMessageSummary } from './outbox-view.types.ts';
import { outboundMessages, outboundStatuses, type OutboundStatus } from './schema.ts';

function oneOf<T extends string>(label: string, values: readonly T[]) {
  return (raw: string): T => {
    if (!(values as readonly string[]).includes(raw)) throw new InvalidArgumentError(`${label} must be one of ${values.join(', ')}.`);
    return raw as T;
  };
}

/**
 * Delivers the due messages of a municipality now, in this process (one attempt each), for an
 * operator when no server runs; the server's sweeper does the same every minute.
 */
export async function deliverDueMessages(ctx: AppContext, municipalityId: string, limit = 100): Promise<{ id: string; result: DeliveryOutcome }[]> {
  const now = ctx.now().toISOString();
  const due = await ctx.database.db.select({ id: outboundMessages.id }).from(outboundMessages)
    .where(and(
      eq(outboundMessages.municipalityId, municipalityId),
      eq(outboundMessages.status, 'pending'),
      or(isNull(outboundMessages.nextAttemptAt), lte(outboundMessages.nextAttemptAt, now)),
    ))
    .orderBy(asc(outboundMessages.nextAttemptAt)).limit(limit);
  const results: { id: string; result: DeliveryOutcome }[] = [];
  for (const { id } of due) results.push({ id, result: await deliverMessage(ctx, id) });
  return results;
}

function line(m: OutboxMessageSummary): string {
  const due = m.dueBy ? ` due ${m.dueBy}${m.overdue ? ' OVERDUE' : ''}${m.deliveredLate ? ' (late)' : ''}` : '';
  const next = m.nextAttemptAt ? ` next ${m.nextAttemptAt}` : '';
  const error = m.lastError ? `\n      ${m.lastError}` : '';
  return `${m.createdAt.slice(0, 16).replace('T', ' ')}  ${m.status.padEnd(9)}  ${m.kind.padEnd(18)}  ${(m.caseNumber ?? '-').padEnd(12)}  ${m.recipientName}` +
    `  (${m.attempts} attempt${m.attempts === 1 ? '' : 's'}${due}${next})  ${m.id}${error}`;
}

export function registerOutboxCommands(program: Command): void {
  const outbox = program.command('outbox').description('Outgoing messages: ID orders, Rückmeldungen, BZR applications.');

  outbox.command('list')
    .description('List outgoing messages, newest first, with status, attempts, due day and last error.')
    .option('--municipality <ags>', 'Gemeindeschlüssel (8 digits); needed when there are several')
    .option('--status <status>', `one of ${outboundStatuses.join(', ')}`, oneOf('--status', outboundStatuses))
    .option('--kind <kind>', `one of ${outboundKinds.join(', ')}`, oneOf('--kind', outboundKinds))
    .option('--overdue', 'only messages past their due day that have not gone out')
    .option('--limit <n>', 'at most this many (1–200)', (raw) => {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > 200) throw new InvalidArgumentError('--limit must be a whole number from 1 to 200.');
      return n;
    }, 50)
    .option('--json', 'print the result as JSON')
    .action(async (options: { municipality?: string; status?: OutboundStatus; kind?: string; overdue?: boolean; limit: number; json?: boolean }) => {
      const list = await withAppContext(async (ctx) => {
        const municipality = await resolveMunicipality(ctx.database.db, options.municipality);
        return listOutbox(ctx, { kind: 'system', name: 'cli', municipalityId: municipality.id }, {
          status: options.status, kind: options.kind, overdue: options.overdue ?? false, pageSize: options.limit,
        });
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      if (list.messages.length === 0) {
        process.stdout.write('No outgoing messages match.\n');
        return;
      }
      process.stdout.write(`${list.messages.map(line).join('\n')}\n${list.messages.length} of ${list.total} shown.\n`);
    });

  outbox.command('deliver')
    .description('Deliver the due messages now, in this process (the server does it on its own; use this when it is not running).')
    .option('--municipality <ags>', 'Gemeindeschlüssel (8 digits); needed when there are several')
    .option('--json', 'print the result as JSON')
    .action(async (options: { municipality?: string; json?: boolean }) => {
      const results = await withAppContext(async (ctx) => {
        const municipality = await resolveMunicipality(ctx.database.db, options.municipality);
        return deliverDueMessages(ctx, municipality.id);
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      } else {
        for (const { id, result } of results) {
          const detail = result.outcome === 'delivered' ? result.reference : 'error' in result ? result.error : '';
          process.stdout.write(`${id}  ${result.outcome}  ${detail}\n`);
        }
        process.stdout.write(results.length === 0 ? 'No message is due.\n' : `${results.length} message${results.length === 1 ? '' : 's'} attempted.\n`);
      }
      if (results.some((r) => r.result.outcome !== 'delivered' && r.result.outcome !== 'skipped')) process.exitCode = 1;
    });
}
