import { createReadStream, existsSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { Option, type Command } from 'commander';
import { withAppContext } from '../../cli/context.ts';
import type { SystemActor } from '../../identity/principal.ts';
import { AppError } from '../../platform/errors.ts';
import { createProgress } from '../../platform/progress.ts';
import { ensureMunicipality, resolveMunicipality } from '../../platform/tenancy/municipalities.ts';
import { importJsonLines, type ImportReport } from './import-json-lines.ts';

interface ImportCommandOptions {
  municipality?: string;
  createMunicipality?: string;
  report?: string;
  dryRun?: boolean;
  batchSize?: string;
  purpose?: string;
}

/** How many rejected lines the terminal shows; the --report file has them all. */
const shownRejections = 10;

/** `buergerkoffer register import <file.jsonl>`: bulk import of residents, logged per batch (§ 40 BMG). */
export function registerImportCommand(register: Command): void {
  register.command('import')
    .description('Import residents from a JSON Lines file (one person per line, see docs/register-import.md). ' +
      'Good lines are imported, bad ones reported; importing the same file again changes nothing. Exit code 1 when lines were rejected.')
    .argument('<file>', 'the .jsonl file')
    .addOption(new Option('--municipality <AGS>', 'Gemeindeschlüssel (8 digits) of the municipality; needed only when the database holds several'))
    .option('--create-municipality <name>', 'create the municipality named by --municipality first, if it does not exist yet')
    .option('--report <file>', 'write the full report (all rejected lines) as JSON to this file')
    .option('--dry-run', 'check and write everything, then roll back: shows what an import would do')
    .option('--batch-size <n>', 'records per transaction (default 1000)')
    .option('--purpose <text>', 'reason or Aktenzeichen, recorded in the access log')
    .addHelpText('after', `
Examples:
  $ buergerkoffer register import einwohner.jsonl --report bericht.json
  $ buergerkoffer register import einwohner.jsonl --municipality 05911000 --create-municipality Bochum --dry-run`)
    .action(async (file: string, options: ImportCommandOptions) => {
      if (!existsSync(file)) throw new AppError('IMPORT_FILE_MISSING', `The file ${file} does not exist; give the path of a .jsonl file.`);
      const batchSize = options.batchSize === undefined ? undefined : Number(options.batchSize);
      if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
        throw new AppError('IMPORT_BATCH_SIZE_INVALID', `--batch-size "${options.batchSize}" must be a whole number of at least 1.`);
      }
      if (options.createMunicipality && !options.municipality) {
        throw new AppError('MUNICIPALITY_AGS_MISSING', '--create-municipality needs --municipality <AGS> with the Gemeindeschlüssel of the new municipality.');
      }
      const report = await withAppContext(async (ctx) => {
        const municipality = options.createMunicipality && options.municipality
          ? await ensureMunicipality(ctx.database.db, options.municipality, options.createMunicipality)
          : await resolveMunicipality(ctx.database.db, options.municipality);
        const actor: SystemActor = { kind: 'system', name: `cli:${userInfo().username}`, municipalityId: municipality.id };
        const total = await countLines(file);
        const progress = createProgress(options.dryRun ? 'Checking' : 'Importing', total);
        const result = await importJsonLines(ctx, actor, municipality.id, createReadStream(file), {
          onProgress: (lines) => progress.update(lines),
          ...(batchSize ? { batchSize } : {}),
          ...(options.dryRun ? { dryRun: true } : {}),
          ...(options.purpose ? { purpose: options.purpose } : {}),
        });
        progress.finish();
        process.stdout.write(`${summary(result, `${municipality.name} (${municipality.ags})`)}\n`);
        return result;
      });
      if (options.report) {
        writeFileSync(options.report, `${JSON.stringify(report, null, 2)}\n`);
        process.stdout.write(`Report written to ${options.report}.\n`);
      }
      if (report.rejected.length > 0) process.exitCode = 1;
    });
}

export function summary(report: ImportReport, municipality: string): string {
  const head = `${report.dryRun ? 'Dry run (nothing was kept)' : 'Import'} into ${municipality}: ${report.lines} line(s) read, ` +
    `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected.length} rejected.`;
  if (report.rejected.length === 0) return head;
  const lines = report.rejected.slice(0, shownRejections).flatMap((rejected) => [
    `  line ${rejected.line}${rejected.ref ? ` (ref ${rejected.ref})` : ''}:`,
    ...rejected.issues.map((issue) => `    ${issue.message}`),
  ]);
  const more = report.rejected.length > shownRejections ? [`  … and ${report.rejected.length - shownRejections} more (write them all with --report <file>).`] : [];
  return [head, 'Rejected lines:', ...lines, ...more].join('\n');
}

/** Lines in the file, for the progress bar; a quick pass over the bytes. */
async function countLines(file: string): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(file)) {
    const bytes = chunk as Buffer;
    for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines += 1;
    last = bytes.at(-1) ?? last;
  }
  return last === 10 ? lines : lines + 1;
}
