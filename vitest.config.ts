import { defineConfig } from 'vitest/config';

// Five suites: unit (pure, fast), integration (real processes, real binaries),
// e2e (whole chapters against real components), host (the workshop as an
// ordinary user with sudo, crashes and what they leave on the host: about the
// machine, not the Node.js line) and soak (the UI's memory under two minutes of
// streaming panes: long, so CI runs host and soak on one line). `vitest run` runs all.
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
      {
        test: {
          name: 'soak',
          include: ['test/soak/**/*.test.ts'],
          testTimeout: 900_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'host',
          include: ['test/host/**/*.test.ts'],
          testTimeout: 1_800_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
