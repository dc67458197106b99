#!/usr/bin/env node
// `node scripts/run.js <file.ts> [args…]`: runs a TypeScript entry point under Node ≥ 24 (see node24.js).
import { currentNodeIsEnough, runUnderNode24 } from './node24.js';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write('usage: node scripts/run.js <file.ts> [args…]\n');
  process.exit(2);
}
if (currentNodeIsEnough()) {
  // The script sees its own arguments in process.argv.slice(2), as if Node had started it.
  process.argv = [process.argv[0], new URL(`../${script}`, import.meta.url).pathname, ...args];
  await import(new URL(`../${script}`, import.meta.url).href);
} else {
  process.exit(runUnderNode24([script, ...args]));
}
