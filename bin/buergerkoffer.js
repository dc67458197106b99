#!/usr/bin/env node
// Node ≥ 24 runs the TypeScript sources directly (type stripping); no build step for the server.
// On an older Node the command re-runs itself under Node 24 (scripts/node24.js).
import { fileURLToPath } from 'node:url';
import { currentNodeIsEnough, runUnderNode24 } from '../scripts/node24.js';

if (currentNodeIsEnough()) {
  await import('../src/cli/main.ts');
} else {
  process.exit(runUnderNode24([fileURLToPath(import.meta.url), ...process.argv.slice(2)]));
}
