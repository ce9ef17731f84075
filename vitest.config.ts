import { defineConfig } from 'vitest/config';

/** Test files sit beside the code; end-to-end and process tests need generous timeouts on a shared 2-core machine. */
export const config = defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'fixtures/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

// Vitest reads the default export of its config file; this is the one place the project uses one.
export default config;
