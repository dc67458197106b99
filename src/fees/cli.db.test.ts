import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../cli/testing.ts';
import { migrateDatabase, openDatabase } from '../platform/db/database.ts';
import { ensureMunicipality } from '../platform/tenancy/municipalities.ts';
import { builtinFederalTables, builtinMunicipalTables } from './default-tables.ts';
import { addFeeTableVersion } from './fee-tables.ts';
import { quoteFee } from './quote.ts';
import type { FeeQuote } from './types.ts';

const cli = (dataDir: string, ...args: string[]): Promise<CliRun> =>
  runCli(dataDir, args, { env: { NODE_ENV: 'development', LOG_LEVEL: undefined } });

// Commands with a database open the embedded one (seconds each), hence the generous timeout.
describe('buergerkoffer fees', { timeout: 120_000 }, () => {
  let empty: string;
  let withDb: string;

  beforeAll(async () => {
    empty = mkdtempSync(join(tmpdir(), 'bk-fees-cli-empty-'));
    withDb = mkdtempSync(join(tmpdir(), 'bk-fees-cli-db-'));
    // One process per PGlite directory: the test closes it before any command runs.
    const database = await openDatabase({ pgliteDir: join(withDb, 'pglite') });
    try {
      await migrateDatabase(database);
      const { id } = await ensureMunicipality(database.db, '05911000', 'Bochum');
      await addFeeTableVersion(database.db, {
        municipalityId: id, kind: 'municipal', validFrom: '2026-01-01', actor: { id: null, name: 'test' },
        lines: builtinMunicipalTables[0]!.lines.map((line) => (line.code === 'meldebescheinigung.simple' ? { ...line, amountCents: 1000 } : line)),
      });
    } finally {
      await database.close();
    }
  });
  afterAll(() => {
    rmSync(empty, { recursive: true, force: true });
    rmSync(withDb, { recursive: true, force: true });
  });

  it('prints the German itemisation from the built-in tables when there is no database, and creates none', async () => {
    const { code, stdout, stderr } = await cli(empty, 'fees', 'quote', '--service', 'personalausweis', '--birth-date', '1938-04-12', '--on', '2026-12-03', '--photo-by-authority');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Eingebaute Gebührentabellen (keine Datenbank)');
    expect(stdout).toContain('Antragsdatum: 03.12.2026 · Alter bei Antragstellung: 88 Jahre');
    expect(stdout).toMatch(/46,00 €\s+Personalausweis \(ab 24 Jahre bei Antragstellung\)\n\s+PAuswGebV § 1 Abs\. 1 Nr\. 2/);
    expect(stdout).toMatch(/6,00 €\s+Lichtbildaufnahme durch die Behörde/);
    expect(stdout).toMatch(/52,00 €\s+Summe/);
    expect(stdout).toContain('builtin:federal:2026-02-07: gültig ab 07.02.2026');
    expect(existsSync(join(empty, 'pglite'))).toBe(false);
  });

  it('--json prints the FeeQuote the engine gives', async () => {
    const args = ['--service', 'reisepass', '--birth-date', '2003-07-01', '--on', '2026-02-06', '--48-pages', '--express', '--not-competent', '--postal-delivery'];
    const { code, stdout } = await cli(empty, 'fees', 'quote', ...args, '--json');
    expect(code).toBe(0);
    const expected = quoteFee({
      serviceId: 'reisepass', applicationDate: '2026-02-06', birthDate: '2003-07-01', passport48Pages: true, express: true, notCompetent: true, postalDelivery: true,
    }, { federal: builtinFederalTables, municipal: builtinMunicipalTables });
    expect(JSON.parse(stdout)).toEqual(expected);
    expect(expected.totalCents).toBe(3750 * 2 + 2200 + 3200 + 1500);
  });

  it('takes the other options: pages, signatures, extended, outside hours, waivers', async () => {
    const run = async (...args: string[]) => JSON.parse((await cli(empty, 'fees', 'quote', '--on', '2026-03-01', '--json', ...args)).stdout) as FeeQuote;
    expect((await run('--service', 'beglaubigung_kopie', '--pages', '3')).items[0]).toMatchObject({ quantity: 3, unitCents: 300, amountCents: 900 });
    expect((await run('--service', 'beglaubigung_unterschrift', '--signatures', '2')).totalCents).toBe(1000);
    expect((await run('--service', 'meldebescheinigung', '--extended')).items[0]?.code).toBe('meldebescheinigung.extended');
    expect((await run('--service', 'vorlaeufiger_personalausweis', '--outside-office-hours')).totalCents).toBe(2300);
    const waived = await run('--service', 'lebensbescheinigung', '--waiver', 'pension', '--reason', 'für die Rentenkasse');
    expect(waived).toMatchObject({ totalCents: 0, waived: { kind: 'pension_or_social_purpose', reason: 'für die Rentenkasse' } });
  });

  it('prints the split of the Führungszeugnis', async () => {
    const { stdout } = await cli(empty, 'fees', 'quote', '--service', 'fuehrungszeugnis', '--birth-date', '1990-01-01', '--on', '2026-03-01');
    expect(stdout).toMatch(/5,20 €\s+verbleibt bei der Meldebehörde \(2\/5\)/);
    expect(stdout).toMatch(/7,80 €\s+an die Bundeskasse \(3\/5\)/);
  });

  it.each([
    { args: ['--service', 'beglaubigung_kopie', '--pages', '0'], message: /FEE_INPUT_INVALID.*pages must be a whole number from 1 to 9999, not 0/ },
    { args: ['--service', 'beglaubigung_kopie', '--pages', 'drei'], message: /FEE_INPUT_INVALID.*not drei/ },
    { args: ['--service', 'personalausweis'], message: /FEE_INPUT_INVALID.*Give the birth date/ },
    { args: ['--service', 'personalausweis', '--birth-date', '1960-01-01', '--on', '2024-12-31'], message: /FEE_NO_TABLE.*2024-12-31.*Store a version/ },
    { args: ['--service', 'personalausweis', '--birth-date', '1960-01-01', '--waiver', 'beduerftigkeit'], message: /FEE_INPUT_INVALID.*needs a reason/ },
    { args: ['--service', 'personalausweis', '--birth-date', '1960-01-01', '--waiver', 'pension', '--reason', 'x'], message: /FEE_WAIVER_NOT_APPLICABLE/ },
    { args: ['--service', 'hundesteuer'], message: /FEE_INPUT_INVALID.*Unknown service/ },
    { args: ['--service', 'meldebescheinigung', '--municipality', '05911000'], message: /DATABASE_NONE/ },
  ])('exits 2 with an actionable error: $args', async ({ args, message }) => {
    const { code, stderr } = await cli(empty, 'fees', 'quote', ...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('documents in --help which tables apply', async () => {
    const { code, stdout } = await cli(empty, 'fees', 'quote', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('--birth-date <date>');
    expect(stdout).toContain('--photo-by-authority');
    expect(stdout).toContain('--postal-delivery');
    expect(stdout).toContain('stored fee table versions apply');
    expect(stdout).toContain('--builtin');
  });

  it('uses the municipality\'s stored version when a database exists, the built-ins with --builtin', async () => {
    const stored = await cli(withDb, 'fees', 'quote', '--service', 'meldebescheinigung', '--on', '2026-03-01');
    expect(stored.code).toBe(0);
    expect(stored.stdout).toContain('Gebührentabellen von Bochum (05911000)');
    expect(stored.stdout).toMatch(/10,00 €\s+Summe/);
    expect(stored.stdout).toMatch(/hinterlegt [0-9a-f-]{36}: gültig ab 01\.01\.2026/);
    const before = await cli(withDb, 'fees', 'quote', '--service', 'meldebescheinigung', '--on', '2025-12-31', '--municipality', '05911000');
    expect(before.stdout).toMatch(/5,00 €\s+Summe/);
    const builtin = await cli(withDb, 'fees', 'quote', '--service', 'meldebescheinigung', '--on', '2026-03-01', '--builtin');
    expect(builtin.stdout).toMatch(/5,00 €\s+Summe/);
    const unknown = await cli(withDb, 'fees', 'quote', '--service', 'meldebescheinigung', '--municipality', '05913000');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('MUNICIPALITY_UNKNOWN');
  });

  it('lists the versions and marks the one that applies', async () => {
    const { code, stdout } = await cli(withDb, 'fees', 'tables', '--on', '2026-03-01', '--lines');
    expect(code).toBe(0);
    expect(stdout).toContain('Bundesgebühren (PAuswGebV, PassV, JVKostG):');
    expect(stdout).toMatch(/\* ab 07\.02\.2026\s+eingebaut\s+\[builtin:federal:2026-02-07\]/);
    expect(stdout).toMatch(/ {2}01\.05\.2025 – 06\.02\.2026\s+eingebaut/);
    expect(stdout).toMatch(/\* ab 01\.01\.2026\s+hinterlegt von test am/);
    expect(stdout).toMatch(/10,00 €\s+meldebescheinigung\.simple\s+Meldebescheinigung \(einfach\)\s+\(frei für Renten-\/Sozialzwecke\)/);
    const json = await cli(empty, 'fees', 'tables', '--json', '--on', '2026-02-06');
    const versions = JSON.parse(json.stdout) as { id: string; appliesOn: string | null }[];
    expect(versions.filter((v) => v.appliesOn).map((v) => v.id)).toEqual(['builtin:federal:2025-05-01', 'builtin:municipal:2000-01-01']);
  });
});
