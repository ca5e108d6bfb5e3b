import { defineConfig } from 'vitest/config';

// Three suites: unit (pure, fast), integration (real processes, real binaries),
// e2e (whole chapters against real components). `vitest run` runs all three.
export default defineConfig({
  test: {
    // Every suite starts `node` from PATH: it must be the node vitest runs on.
    globalSetup: ['test/helpers/same-node.ts'],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 900_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
