import { defineConfig } from 'vitest/config';

// Five suites: unit (pure, fast), integration (real processes, real binaries),
// e2e (whole chapters against real components, the UI in a real terminal),
// host (the workshop as an ordinary user with sudo, crashes and what they
// leave on the host) and soak (the UI's memory under two minutes of streaming
// panes). `vitest run` runs all of them, every test.
//
// Two tags tell CI (.ci/run) where a test of integration or e2e runs; a test
// without them runs on every Node.js line, one test file at a time, which is
// always safe. Tag a whole file with a `// @module-tag <name>` line at its
// top, one test or describe with `{ tags: ['<name>'] }`. unit runs on every
// line and beside anything; soak and host run once, one at a time.
export default defineConfig({
  test: {
    // Every suite starts `node` from PATH: it must be the node vitest runs on.
    globalSetup: ['test/helpers/same-node.ts'],
    tags: [
      {
        name: 'once',
        description:
          'the same on every Node.js line (what the cluster does, the host state, lesson chapters end to end), so CI runs it on one line; the UI, ptys, the packed tarball, the cluster client and the bundle are not',
      },
      {
        name: 'isolated',
        description:
          'shares nothing machine-wide (no fixed port, no node network, no host state it changes or reads, such as /etc/hosts or the ports doctor checks), so CI may run it beside the cluster suites',
      },
    ],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          // A bound for a hang, not a speed budget (bench/ measures speed): on
          // a loaded 2-core machine, a test that starts twenty processes, runs
          // openssl a dozen times or draws its first frame with Ink took longer
          // than vitest's 5 s default, which then failed it for the machine.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
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
