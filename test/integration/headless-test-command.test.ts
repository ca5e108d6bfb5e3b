// @module-tag isolated (no fixed port, no node network, no host state)
// `demystify test` end to end on fixture workshops: real bash in a real pty,
// a real long-running component with a log readiness probe. No Kubernetes.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = path.resolve('dist/cli.js');

function demystify(args: string[]) {
  if (!fs.existsSync(cli))
    throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-home-'));
  return execa('node', [cli, ...args], {
    reject: false,
    env: {
      XDG_STATE_HOME: path.join(home, 'state'),
      XDG_CACHE_HOME: path.join(home, 'cache'),
      NO_COLOR: '1',
    },
    timeout: 60_000,
  });
}

describe('demystify test', () => {
  it('runs shell steps, a pane with a log probe, a file write, expect=fail and a command check', async () => {
    const res = await demystify(['--lessons', 'test/fixtures/workshop-basic', 'test']);
    expect(res.stderr).toBe('');
    expect(res.stdout).toMatch(/✓ still-there/);
    expect(res.stdout).toMatch(/wrote configs\/app\.ini \(\d+ bytes, mode 0600\)/);
    expect(res.stdout).toMatch(/failed as expected \(status 1\)/);
    expect(res.stdout).toMatch(/ticker is ready/);
    expect(res.stdout).toMatch(/^8 passed, 0 failed$/m);
    expect(res.exitCode).toBe(0);
  });

  it('runs one chapter by id, and fails with the step reason when a step is broken', async () => {
    const res = await demystify(['--lessons', 'test/fixtures/workshop-broken', 'test', 'broken']);
    expect(res.exitCode).toBe(1);
    expect(res.stdout).toMatch(
      /✗ needs-file +cat "\$WORKSPACE\/never-written.txt"\n +`cat "\$WORKSPACE\/never-written.txt"` failed with status 1\n +cat: .*never-written\.txt: No such file or directory/,
    );
    expect(res.stdout).toMatch(/^1 passed, 1 failed, 1 skipped$/m);
    expect(res.stdout).toMatch(/the workspace is kept for a look: /);
  });

  it('--prove-checks shows each check failing before its chapter, and flags one that passes by accident', async () => {
    const res = await demystify(['--lessons', 'test/fixtures/workshop-basic', 'test', '--prove-checks']);
    // shell-basics: its check needs the file the chapter writes, so it fails first, as it should.
    expect(res.stdout).toMatch(
      /✓ 5 +check fails before the chapter: `grep -q "root = \$WORKSPACE" configs\/app\.ini`: it exited with status 2/,
    );
    // panes: its check only needs a file the previous chapter wrote: it passes before the chapter does anything.
    expect(res.stdout).toMatch(/✗ 2 +check passes before the chapter already: /);
    expect(res.exitCode).toBe(1);
  });

  it('refuses a chapter whose required component is not running, with a sentence', async () => {
    const res = await demystify(['--lessons', 'test/fixtures/workshop-requires', 'test', 'needs-ticker']);
    expect(res.exitCode).toBe(1);
    expect(res.stdout).toMatch(/this chapter needs ticker running, started by an earlier chapter/);
  });

  it('names an unknown chapter, a missing folder and bad lessons with exit code 2', async () => {
    const unknown = await demystify(['--lessons', 'test/fixtures/workshop-basic', 'test', 'nope']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toBe(
      'demystify: there is no chapter "nope"; the chapters are: shell-basics, panes',
    );
    const missing = await demystify(['--lessons', '/does/not/exist', 'list']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toBe('demystify: the lessons folder /does/not/exist does not exist');
    const bad = await demystify(['--lessons', 'test/fixtures/lint-errors', 'test']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(
      /^demystify: the lessons in .* have \d+ problems:\ntest\/fixtures\/lint-errors\//,
    );
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
