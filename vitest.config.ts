import { defineConfig } from 'vitest/config';

// Database tests (*.db.test.ts) run on PGlite by default and on PostgreSQL when
// BK_TEST_DATABASE_URL is set (scripts/test.ts runs them a second time that way).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
