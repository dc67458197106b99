import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { withAppContext } from '../cli/context.ts';
import { serviceIds } from '../catalogue/services.ts';
import { AppError } from '../platform/errors.ts';
import { resolveMunicipality, type Municipality } from '../platform/tenancy/municipalities.ts';
import { registerToday } from '../register/dates.ts';
import { builtinFederalTables, builtinMunicipalTables } from './default-tables.ts';
import { listFeeTables, loadFeeTables, type FeeTableVersion } from './fee-tables.ts';
import { describeQuote, formatEuro } from './format.ts';
import { quoteInputFrom } from './quote-request.ts';
import { quoteFee, tableValidOn } from './quote.ts';
import type { FeeTableSet } from './types.ts';

interface SourceOptions {
  municipality?: string;
  builtin?: boolean;
}

interface QuoteOptions extends SourceOptions {
  service: string;
  birthDate?: string;
  on?: string;
  photoByAuthority?: boolean;
  postalDelivery?: boolean;
  outsideOfficeHours?: boolean;
  notCompetent?: boolean;
  '48Pages'?: boolean;
  express?: boolean;
  extended?: boolean;
  pages?: string;
  signatures?: string;
  waiver?: string;
  reason?: string;
  json?: boolean;
}

/** Where the tables came from, for the first line of the output. */
type TableSource = { kind: 'municipality'; municipality: Municipality } | { kind: 'builtin'; why: string };

const builtinSet = (): FeeTableSet => ({ federal: builtinFederalTables, municipal: builtinMunicipalTables });

/**
 * Whether there is a database to read the municipality's stored versions from. Only DATABASE_URL
 * or an existing embedded database counts: a quote must not create a database (and a local
 * secret) as a side effect. './data' is the DATA_DIR default of platform/config.ts.
 */
function databaseExists(): boolean {
  if (process.env.DATABASE_URL) return true;
  return existsSync(join(resolve(process.env.DATA_DIR || './data'), 'pglite'));
}

/**
 * The tables a case of the municipality would be priced with: its stored versions plus the
 * built-ins. Without a database (or with --builtin) only the built-ins — then municipal amounts
 * are the model tariff, which the output says.
 */
async function withTables<T>(options: SourceOptions, action: (set: FeeTableSet, source: TableSource, versions: () => Promise<FeeTableVersion[]>) => Promise<T>): Promise<T> {
  if (options.builtin) {
    return action(builtinSet(), { kind: 'builtin', why: '--builtin' }, async () => builtinVersions());
  }
  if (!databaseExists()) {
    if (options.municipality) {
      throw new AppError('DATABASE_NONE', `There is no database (DATABASE_URL is unset and DATA_DIR has no embedded database), so municipality ${options.municipality} has no stored fee tables. Set DATABASE_URL or DATA_DIR, run "buergerkoffer demo", or leave out --municipality to use the built-in tables.`);
    }
    return action(builtinSet(), { kind: 'builtin', why: 'keine Datenbank' }, async () => builtinVersions());
  }
  return withAppContext(async (ctx) => {
    const db = ctx.database.db;
    let municipality: Municipality;
    try {
      municipality = await resolveMunicipality(db, options.municipality);
    } catch (error) {
      // An empty database has no municipality and so no case to price alike: the built-ins apply.
      if (error instanceof AppError && error.code === 'MUNICIPALITY_NONE') {
        return action(builtinSet(), { kind: 'builtin', why: 'die Datenbank hat noch keine Gemeinde' }, async () => builtinVersions());
      }
      throw error;
    }
    return action(await loadFeeTables(db, municipality.id), { kind: 'municipality', municipality }, () => listFeeTables(db, municipality.id));
  });
}

function builtinVersions(): FeeTableVersion[] {
  return [...builtinFederalTables, ...builtinMunicipalTables].map((table) => ({ ...table, createdAt: null, createdByName: 'Bürgerkoffer (eingebaut)' }));
}

function describeSource(source: TableSource): string {
  return source.kind === 'municipality'
    ? `Gebührentabellen von ${source.municipality.name} (${source.municipality.ags}): hinterlegte Versionen, sonst die eingebauten.\n`
    : `Eingebaute Gebührentabellen (${source.why}); die Gebührensatzung einer Gemeinde gilt erst mit --municipality und Datenbank.\n`;
}

function germanDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}

export function registerFeeCommands(program: Command): void {
  const fees = program.command('fees').description('Fee engine: itemised quotes and the fee table versions.');

  fees.command('quote')
    .description('Print the itemised fee of a service, exactly as a case applied for on that day is charged.')
    .requiredOption('--service <id>', `service id: ${serviceIds.join(', ')}`)
    .option('--birth-date <date>', 'birth date (YYYY-MM-DD, or YYYY-MM / YYYY as in the register); required for personalausweis and reisepass')
    .option('--on <date>', 'application date YYYY-MM-DD (default: today in Europe/Berlin)')
    .option('--photo-by-authority', 'the authority takes the photo (+6 € per document)')
    .option('--postal-delivery', 'the document is sent by post (+15 €; not for provisional documents)')
    .option('--outside-office-hours', 'outside office hours on request (Personalausweis +13 €, Reisepass doubled)')
    .option('--not-competent', 'not the authority of the Hauptwohnung (Personalausweis +13 €, Reisepass doubled)')
    .option('--48-pages', 'Reisepass with 48 pages')
    .option('--express', 'Reisepass in express production')
    .option('--extended', 'extended Meldebescheinigung (§ 18 Abs. 2 BMG)')
    .option('--pages <n>', 'beglaubigung_kopie: number of pages certified (1–9999)')
    .option('--signatures <n>', 'beglaubigung_unterschrift: number of signatures certified (1–9999)')
    .option('--waiver <kind>', 'fee waiver: beduerftigkeit | pension (pension or social-benefit purposes)')
    .option('--reason <text>', 'reason for the waiver, recorded with the case (required with --waiver)')
    .option('--municipality <ags>', 'Gemeindeschlüssel (8 digits) whose stored tables apply; default: the only municipality')
    .option('--builtin', 'use only the built-in tables, even when a database exists')
    .option('--json', 'print the FeeQuote as JSON')
    .addHelpText('after', `
Which tables: with a database (DATABASE_URL, or the embedded one under DATA_DIR) the municipality's
stored fee table versions apply where they cover the application date, the built-in ones elsewhere —
the same tables a case of that municipality is priced with, so the itemisation is the one the case
shows. Without a database, or with --builtin, only the built-in tables apply (the federal fees and a
model municipal tariff). Amounts are printed as "46,00 €"; --json prints amounts in cents.

Examples:
  $ buergerkoffer fees quote --service personalausweis --birth-date 1938-04-12 --photo-by-authority
  $ buergerkoffer fees quote --service reisepass --birth-date 2003-07-01 --on 2026-02-06 --48-pages --express
  $ buergerkoffer fees quote --service beglaubigung_kopie --pages 3 --waiver pension --reason "Rentenantrag"
  $ buergerkoffer fees quote --service fuehrungszeugnis --json`)
    .action(async (options: QuoteOptions) => {
      const input = quoteInputFrom({
        service: options.service,
        birthDate: options.birthDate,
        on: options.on ?? registerToday(new Date()),
        photoByAuthority: options.photoByAuthority,
        postalDelivery: options.postalDelivery,
        outsideOfficeHours: options.outsideOfficeHours,
        notCompetent: options.notCompetent,
        passport48Pages: options['48Pages'],
        express: options.express,
        extended: options.extended,
        pages: options.pages,
        signatures: options.signatures,
        waiver: options.waiver,
        reason: options.reason,
      });
      await withTables(options, async (set, source) => {
        const quote = quoteFee(input, set);
        process.stdout.write(options.json ? `${JSON.stringify(quote, null, 2)}\n` : `${describeSource(source)}\n${describeQuote(quote)}`);
      });
    });

  fees.command('tables')
    .description('List the fee table versions (stored and built-in) and which one applies on a day.')
    .option('--municipality <ags>', 'Gemeindeschlüssel (8 digits); default: the only municipality')
    .option('--builtin', 'list only the built-in tables')
    .option('--on <date>', 'mark the versions that apply on this day (default: today in Europe/Berlin)')
    .option('--lines', 'print every line with its amount')
    .option('--json', 'print the versions as JSON')
    .addHelpText('after', `
Versions are stored through the API (POST /api/settings/fee-tables, role admin). Tables are read
as for "fees quote": from the database when there is one, otherwise the built-in ones.`)
    .action(async (options: SourceOptions & { on?: string; lines?: boolean; json?: boolean }) => {
      const on = options.on ?? registerToday(new Date());
      if (!/^\d{4}-\d{2}-\d{2}$/.test(on)) throw new AppError('FEE_INPUT_INVALID', `--on "${on}" is not a day; expected YYYY-MM-DD, e.g. 2026-03-02.`);
      await withTables(options, async (set, source, versions) => {
        const list = await versions();
        const applying = new Set([tableValidOn(set, 'federal', on)?.id, tableValidOn(set, 'municipal', on)?.id]);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(list.map((v) => ({ ...v, appliesOn: applying.has(v.id) ? on : null })), null, 2)}\n`);
          return;
        }
        const out: string[] = [describeSource(source).trimEnd(), `* = gilt am ${germanDay(on)}`];
        for (const kind of ['federal', 'municipal'] as const) {
          out.push('', kind === 'federal' ? 'Bundesgebühren (PAuswGebV, PassV, JVKostG):' : 'Gebührensatzung der Gemeinde:');
          for (const version of list.filter((v) => v.kind === kind)) {
            const span = version.validUntil ? `${germanDay(version.validFrom)} – ${germanDay(version.validUntil)}` : `ab ${germanDay(version.validFrom)}`;
            const who = version.source === 'stored' ? `hinterlegt von ${version.createdByName}${version.createdAt ? ` am ${germanDay(version.createdAt.slice(0, 10))}` : ''}` : 'eingebaut';
            out.push(`${applying.has(version.id) ? '*' : ' '} ${span.padEnd(25)} ${who}  [${version.id}]`);
            if (options.lines) {
              for (const line of version.lines) {
                const free = line.pensionOrSocialPurposeFree ? '  (frei für Renten-/Sozialzwecke)' : '';
                out.push(`      ${formatEuro(line.amountCents).padStart(10)}  ${line.code.padEnd(44)} ${line.label}${free}`);
              }
            }
          }
        }
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });
}
