import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/testing.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'bk-demo-cli-'));

async function demo(...args: string[]) {
  const run = await runCli(dataDir, ['demo', ...args], { env: { NODE_ENV: 'test', LOG_LEVEL: undefined } });
  return { status: run.code, stdout: run.stdout, stderr: run.stderr };
}

describe('buergerkoffer demo', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('seeds the city on the first run, skips seeding on the second and starts anew with --reset', async () => {
    const first = await demo('--no-serve', '--residents', '300');
    expect(first.stderr).toContain('Residents: 100 % (300/300)');
    expect(first.stderr).toMatch(/Seeded in [\d.]+ s: 300 persons created, 10 care homes, 2 kits, 8 staff accounts, \d+ visit requests\./);
    expect(first.stdout).toContain('Seeding the demo city Bochum: 300 residents, seed 1');
    for (const username of ['admin', 'disposition', 'aussendienst', 'sachbearbeitung', 'datenschutz']) expect(first.stdout).toContain(`  ${username} `);
    expect(first.stdout).toContain('Password: Demo-Bochum-2026!');
    expect(first.stdout).toMatch(/Office app: http:\/\/127\.0\.0\.1:\d+\//);
    expect(first.status).toBe(0);

    const second = await demo('--no-serve', '--residents', '300');
    expect(second.stdout).toContain('Demo city Bochum found (300 persons in the register); seeding skipped.');
    expect(second.stdout).toContain('Password: Demo-Bochum-2026!');
    expect(second.stderr).not.toContain('Residents:');
    expect(second.status).toBe(0);

    const reset = await demo('--no-serve', '--reset', '--residents', '60');
    expect(reset.stdout).toContain(`Deleting the demo database at ${join(dataDir, 'pglite')}`);
    expect(reset.stderr).toMatch(/Seeded in [\d.]+ s: 60 persons created/);
    expect(reset.status).toBe(0);
  }, 180_000);

  it('refuses a number of residents outside the range and says which range', async () => {
    const result = await demo('--no-serve', '--residents', '2000000');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('--residents must be a whole number from 50 to 1,000,000');
  });
});
