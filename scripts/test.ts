// `npm test`: everything CI runs — lint, type check, web build, unit and database tests on
// PGlite, the database tests again on PostgreSQL when BK_TEST_DATABASE_URL is set, and the
// browser tests. Ends with one "N passed, N failed" line that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
const failures: string[] = [];

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function check(label: string, command: string, args: string[]): void {
  if (run(label, command, args)) passed += 1;
  else { failed += 1; failures.push(label); }
}

function vitest(label: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  const report = join(mkdtempSync(join(tmpdir(), 'bk-vitest-')), 'report.json');
  const ok = run(label, 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], env);
  if (!existsSync(report)) {
    failed += 1;
    failures.push(`${label} (no report)`);
    return;
  }
  const summary = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numFailedTestSuites: number };
  passed += summary.numPassedTests;
  const suiteFailures = summary.numFailedTests === 0 && !ok ? Math.max(1, summary.numFailedTestSuites) : 0;
  failed += summary.numFailedTests + suiteFailures;
  if (!ok) failures.push(label);
}

check('lint', 'npx', ['eslint', '.']);
check('type check', 'npx', ['tsc', '-p', 'tsconfig.json']);
check('web build', 'npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
vitest('unit and database tests (PGlite)', []);
if (process.env.BK_TEST_DATABASE_URL) {
  vitest('database tests (PostgreSQL)', ['db.test'], { BK_TEST_DATABASE_URL: process.env.BK_TEST_DATABASE_URL });
} else {
  console.log('\n(database tests on PostgreSQL skipped: BK_TEST_DATABASE_URL is not set; .ci/run sets it when a server answers)');
}
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(chromium)) {
  vitest('browser tests (Chromium)', ['--config', 'e2e/vitest.config.ts']);
} else {
  failed += 1;
  failures.push(`browser tests: ${chromium} not found (install it with: apt-get install -y chromium)`);
}

console.log(`\n${failures.length ? `Failed: ${failures.join('; ')}\n` : ''}${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
