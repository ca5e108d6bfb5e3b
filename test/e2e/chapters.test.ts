// @module-tag once (the shipped chapters end to end: what the cluster does, the same on every line)
// Every shipped chapter, in order, from an empty workspace, against the real
// components (built by scripts/build-components.sh or fetched). No skipping:
// if a binary is missing the welcome chapter's check fails and says which.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the shipped workshop', () => {
  it('passes every step and check of every chapter, headless', async () => {
    if (!fs.existsSync('dist/cli.js'))
      throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-e2e-'));
    const workspace = path.join(home, 'workspace');
    // The real cache (where scripts/build-components.sh put the binaries), a private state dir.
    const env = { XDG_STATE_HOME: path.join(home, 'state'), NO_COLOR: '1', DEMYSTIFY_WORKSPACE: workspace };
    const run = execa('node', ['dist/cli.js', 'test', '--prove-checks'], {
      env,
      reject: false,
      all: true,
      timeout: 840_000,
    });
    run.all?.on('data', (d: Buffer) => process.stdout.write(d));
    const res = await run;
    const timings = [...res.all!.matchAll(/^ {2}(\S+): (\d+)\/(\d+) steps in (.+)$/gm)].map(
      (m) => `${m[1]} ${m[4]}`,
    );
    console.log(`chapter wall times: ${timings.join(', ')}`);
    expect(res.all).toMatch(/^\d+ passed, 0 failed$/m);
    expect(res.exitCode).toBe(0);
    // Every component was stopped and its pid record removed.
    const pids = path.join(home, 'state', 'demystify', 'pids');
    expect(fs.existsSync(pids) ? fs.readdirSync(pids).filter((f) => f.endsWith('.json')) : []).toEqual([]);
  });
});
