// Plain JavaScript on purpose: this runs on whatever Node the machine has (Debian ships 20, which
// is end-of-life and cannot run our TypeScript sources). It finds a Node ≥ 24 or installs the real
// binary once from the npm package node-<platform>-<arch> into ~/.cache/buergerkoffer/node24.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

export const requiredMajor = 24;

export function currentNodeIsEnough() {
  return Number(process.versions.node.split('.')[0]) >= requiredMajor;
}

/** Path of a Node ≥ 24 binary: the running one, or the cached/installed npm package's. */
export function ensureNode24() {
  if (currentNodeIsEnough()) return process.execPath;
  const pkg = `node-${process.platform}-${process.arch}`;
  const home = process.env.BK_NODE_HOME ?? join(homedir(), '.cache', 'buergerkoffer', 'node24');
  const binary = join(home, 'node_modules', pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(binary)) {
    process.stderr.write(`Node ${process.versions.node} is too old (Bürgerkoffer needs ${requiredMajor}); installing ${pkg}@${requiredMajor} from npm into ${home} …\n`);
    execFileSync('npm', ['install', '--prefix', home, '--no-audit', '--no-fund', `${pkg}@${requiredMajor}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return binary;
}

/** Runs `node <args>` under Node ≥ 24, with that Node first on PATH for child processes (npx, vitest). */
export function runUnderNode24(args) {
  const node = ensureNode24();
  const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}` };
  const result = spawnSync(node, args, { stdio: 'inherit', env });
  if (result.error) throw result.error;
  return result.status ?? (result.signal ? 1 : 0);
}
