import { userInfo } from 'node:os';
import { Option, type Command } from 'commander';
import { withAppContext } from '../../cli/context.ts';
import type { SystemActor } from '../../identity/principal.ts';
import { AppError } from '../../platform/errors.ts';
import { resolveMunicipality } from '../../platform/tenancy/municipalities.ts';
import { defaultSearchLimit, maxSearchLimit, searchPersons, type SearchHit } from './search-persons.ts';

interface SearchOptions {
  birthDate?: string;
  address?: string;
  limit?: string;
  purpose?: string;
  json?: boolean;
  municipality?: string;
}

/** `buergerkoffer register search "<name>"`: the same search as the office app, logged the same way. */
export function registerSearchCommand(register: Command): void {
  register.command('search')
    .description('Search persons by name; tolerates typos, missing umlauts, sound-alike spellings and swapped order. Every search is logged (§ 40 BMG).')
    .argument('<name>', 'name as typed, e.g. "Hans Müller", "Mueller", "Schmidt, Hans"')
    .option('--birth-date <date>', 'birth date filter: 1950, 1950-06, 1950-06-17, 17.06.1950 or 06.1950')
    .option('--address <street>', 'street of the current residence, optionally with house number: "Hauptstr. 12"')
    .option('--limit <n>', `number of hits, 1–${maxSearchLimit} (default ${defaultSearchLimit})`)
    .option('--purpose <text>', 'reason or Aktenzeichen, recorded in the access log')
    .option('--json', 'print JSON ({ hits: [...] }) instead of a table')
    .addOption(new Option('--municipality <AGS>', 'Gemeindeschlüssel of the municipality (8 digits); needed only when the database holds several'))
    .addHelpText('after', `
Examples:
  $ buergerkoffer register search "Hans Mueller" --birth-date 1950
  $ buergerkoffer register search "Schmidt, Hans" --address "Hauptstr. 12" --json`)
    .action(async (name: string, options: SearchOptions) => {
      const limit = options.limit === undefined ? undefined : Number(options.limit);
      if (limit !== undefined && !Number.isInteger(limit)) {
        throw new AppError('SEARCH_LIMIT_INVALID', `--limit "${options.limit}" is not a whole number; give 1 to ${maxSearchLimit}.`);
      }
      await withAppContext(async (ctx) => {
        const municipality = await resolveMunicipality(ctx.database.db, options.municipality);
        // The operator of the server acts with full authority, blocked persons included; the log names them.
        const actor: SystemActor = { kind: 'system', name: `cli:${userInfo().username}`, municipalityId: municipality.id };
        const result = await searchPersons(ctx, actor, {
          name, birthDate: options.birthDate, address: options.address, limit, purpose: options.purpose,
        });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          return;
        }
        process.stdout.write(`${result.hits.length} hit(s) in ${municipality.name} (${municipality.ags})\n`);
        if (result.hits.length > 0) process.stdout.write(formatHits(result.hits));
      });
    });
}

export function formatHits(hits: SearchHit[]): string {
  const rows = [
    ['SCORE', 'NAME', 'BORN', 'ADDRESS', 'NOTE', 'ID'],
    ...hits.map((hit) => [
      hit.score.toFixed(2),
      `${hit.familyName}, ${[hit.doctoralDegree, ...hit.givenNames].filter(Boolean).join(' ')}`,
      hit.birthDate ?? '—',
      hit.address ? `${hit.address.street} ${hit.address.houseNumber}, ${hit.address.postcode} ${hit.address.city}` : '—',
      [hit.blocked ? `SPERRE: ${hit.blocked.kinds.join(', ')}` : '', hit.dateOfDeath ? `† ${hit.dateOfDeath}` : ''].filter(Boolean).join('; '),
      hit.personId,
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => [...(row[column] ?? '')].length))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}
