import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/testing.ts';
import { checkSolomonSolution } from './solomon/check.ts';
import { parseSolomon } from './solomon/read.ts';

const c201 = fileURLToPath(new URL('../../../shared/data/solomon/C201.txt', import.meta.url));

describe('buergerkoffer plan --solomon', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bk-plan-cli-'));

  it('prints { vehicles, distance, routes } that the independent checker accepts, the same for the same seed', async () => {
    const args = ['plan', '--solomon', c201, '--iterations', '300', '--seed', '4', '--json'];
    const [first, again] = await Promise.all([runCli(dataDir, args), runCli(dataDir, args)]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const plan = JSON.parse(first.stdout) as { vehicles: number; distance: number; routes: number[][] };
    const check = checkSolomonSolution(parseSolomon(readFileSync(c201, 'utf8')), plan.routes);
    expect(check.errors).toEqual([]);
    expect(plan.vehicles).toBe(plan.routes.length);
    expect(plan.distance).toBeCloseTo(check.distance, 6);
    expect(again.stdout).toBe(first.stdout);
  }, 60_000);

  it('says what is wrong with a file that is not a Solomon instance', async () => {
    const bad = join(dataDir, 'bad.txt');
    writeFileSync(bad, 'C999\n\nVEHICLE\nNUMBER     CAPACITY\n  25         200\n\nCUST NO.  X\n    0  40  50  0  0\n');
    const run = await runCli(dataDir, ['plan', '--solomon', bad, '--json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('line 8: expected 7 numbers');
    const missing = await runCli(dataDir, ['plan', '--solomon', join(dataDir, 'none.txt')]);
    expect(missing.stderr).toMatch(/Cannot read .*none\.txt \(ENOENT\)/);
  }, 60_000);
});
