import type { Command } from 'commander';
import { withAppContext } from '../cli/context.ts';
import type { Db } from '../platform/db/database.ts';
import { resolveMunicipality, type Municipality } from '../platform/tenancy/municipalities.ts';
import { municipalities } from '../platform/tenancy/schema.ts';
import { applyRetention, type RetentionResult } from './retention.ts';
import { verifyAuditChain, type ChainVerification } from './verify-chain.ts';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('Access log (§ 40 BMG): verify, retention.');

  audit.command('verify')
    .description('Recompute the access log hash chain; exit code 0 when intact, 1 when altered, incomplete or extended.')
    .option('--municipality <ags>', 'Gemeindeschlüssel (8 digits); default: every municipality')
    .option('--json', 'print the result as JSON')
    .action(async (options: { municipality?: string; json?: boolean }) => {
      const results = await withAppContext(async (ctx) => {
        const targets = await municipalitiesOf(ctx.database.db, options.municipality);
        const checked: { municipality: Municipality; result: ChainVerification }[] = [];
        for (const municipality of targets) checked.push({ municipality, result: await verifyAuditChain(ctx.database.db, municipality.id) });
        return checked;
      });
      const ok = results.every((r) => r.result.ok);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ok, municipalities: results.map((r) => ({ ags: r.municipality.ags, name: r.municipality.name, ...r.result })) }, null, 2)}\n`);
      } else {
        for (const { municipality, result } of results) process.stdout.write(describeVerification(municipality, result));
        if (results.length === 0) process.stdout.write('No municipality yet, so there is no access log to check.\n');
      }
      process.exitCode = ok ? 0 : 1;
    });

  audit.command('retain')
    .description('Delete the access-log entries due under § 40 Abs. 3 BMG now (the server does it daily at 02:15).')
    .option('--municipality <ags>', 'Gemeindeschlüssel (8 digits); default: every municipality')
    .option('--dry-run', 'only report what is due')
    .option('--json', 'print the result as JSON')
    .action(async (options: { municipality?: string; dryRun?: boolean; json?: boolean }) => {
      const results = await withAppContext(async (ctx) => {
        const targets = await municipalitiesOf(ctx.database.db, options.municipality);
        const done: { municipality: Municipality; result: RetentionResult }[] = [];
        for (const municipality of targets) {
          const result = await applyRetention(ctx, municipality.id, {
            dryRun: options.dryRun ?? false,
            actor: { kind: 'system', name: 'cli', municipalityId: municipality.id },
          });
          done.push({ municipality, result });
        }
        return done;
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(results.map((r) => ({ ags: r.municipality.ags, name: r.municipality.name, ...r.result })), null, 2)}\n`);
        return;
      }
      for (const { municipality, result } of results) process.stdout.write(describeRetention(municipality, result));
    });
}

/** The municipality named, or all of them: verification and retention are duties of the whole deployment. */
async function municipalitiesOf(db: Db, ags: string | undefined): Promise<Municipality[]> {
  if (ags) return [await resolveMunicipality(db, ags)];
  const rows = await db.select().from(municipalities).orderBy(municipalities.ags);
  return rows.map((row) => ({ id: row.id, ags: row.ags, name: row.name }));
}

function range(from: number, to: number): string {
  return to < from ? 'empty' : `entries ${from}–${to}`;
}

function describeVerification(municipality: Municipality, result: ChainVerification): string {
  const title = `Access log of ${municipality.name} (${municipality.ags}): ${range(result.fromSeq, result.toSeq)}, ${result.checked} checked`;
  if (result.ok) return `${title} — intact.\n`;
  const total = result.problems.length + result.problemsOmitted;
  const lines = result.problems.map((p) => `  entry ${String(p.seq).padStart(8)}  ${p.kind.padEnd(13)}  ${p.message}`);
  if (result.problemsOmitted > 0) lines.push(`  … and ${result.problemsOmitted} more problems.`);
  return `${title} — BROKEN, ${total} problem${total === 1 ? '' : 's'}:\n${lines.join('\n')}\n`;
}

function describeRetention(municipality: Municipality, result: RetentionResult): string {
  const verb = result.dryRun ? 'due for deletion' : 'deleted';
  const span = result.deleted > 0
    ? ` (entries ${result.fromSeq}–${result.toSeq}, written ${result.oldestAt} – ${result.newestAt})`
    : '';
  return `Access log of ${municipality.name} (${municipality.ags}): ${result.deleted} entr${result.deleted === 1 ? 'y' : 'ies'} ${verb}${span}; ` +
    `cutoff ${result.cutoff.toISOString()}.\n`;
}
