// @module-tag isolated (no fixed port, no node network, no host state)
// `demystify test --checkpoints --record`, `replay` and `play --print` end to
// end on the fixture workshop: real bash panes, a real learner shell, the
// built CLI. No Kubernetes (the real workshop's replay is test/e2e/replay.test.ts).
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const cli = path.resolve('dist/cli.js');
let home: string;
let ws: string;
let rec: string;

function demystify(args: string[]) {
  return execa('node', [cli, '--lessons', 'test/fixtures/workshop-replay', '--workspace', ws, ...args], {
    reject: false,
    env: { XDG_STATE_HOME: path.join(home, 'state'), NO_COLOR: '1' },
    stdin: 'ignore',
    timeout: 60_000,
  });
}

beforeAll(() => {
  if (!fs.existsSync(cli))
    throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-replay-cli-'));
  ws = path.join(home, 'ws');
  rec = path.join(home, 'rec');
});

describe('checkpoints, replay and recordings from the command line', () => {
  it('test --checkpoints --record saves a checkpoint and a recording per chapter', async () => {
    const res = await demystify(['test', '--checkpoints', '--record', rec]);
    expect(res.stderr).toBe('');
    expect(res.stdout).toMatch(/^ {2}checkpoint of first saved \(\d+ ms\)$/m);
    expect(res.stdout).toMatch(/^ {2}recorded 3 panes into .*\/rec\/third$/m);
    expect(res.exitCode).toBe(0);
    expect(fs.readdirSync(rec).sort()).toEqual(['first', 'second', 'third']);
  });

  it('saves no checkpoint of a chapter whose earlier chapters did not run', async () => {
    const other = path.join(home, 'ws-partial');
    const res = await execa(
      'node',
      [
        cli,
        '--lessons',
        'test/fixtures/workshop-replay',
        '--workspace',
        other,
        'test',
        'second',
        '--checkpoints',
      ],
      { reject: false, env: { XDG_STATE_HOME: path.join(home, 'state'), NO_COLOR: '1' }, stdin: 'ignore' },
    );
    expect(res.stdout).toMatch(/^ {2}no checkpoint of second: the chapters before it did not all run here$/m);
    expect(res.exitCode).toBe(1);
  });

  it('play --print shows the steps and the end of each pane', async () => {
    const res = await execa('node', [cli, 'play', path.join(rec, 'second'), '--print', '--lines', '3'], {
      reject: false,
    });
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toMatch(/^second — Second, builds on the first {2}\(.*, 3 panes, 2 steps, passed\)$/m);
    expect(res.stdout).toMatch(/^ +0:00\.\d {2}2: start other: bash -c 'echo other up; exec sleep 1000'$/m);
    expect(res.stdout).toMatch(/^── other \(other\.cast, last 1 of 1 lines\)\n {2}other up$/m);
    const all = await execa('node', [cli, 'play', rec, '--print'], { reject: false });
    expect(all.stdout.match(/^\S+ — /gm)).toEqual(['first — ', 'second — ', 'third — ']);
  });

  it('replay restores the chapter checkpoint, then plays the chapter', async () => {
    const res = await demystify(['replay', 'second', '--auto']);
    expect(res.stdout).toMatch(/restoring the checkpoint saved at the start of second/);
    expect(res.stdout).toMatch(/✓ start +ticker is ready/);
    expect(res.stdout).toMatch(/at the start of second after .* \(restore .*\)/);
    expect(res.stdout).toMatch(/── step 1\/2 · 1 · test "\$REPLAY_VAR" = first-2/);
    expect(res.stdout).toMatch(/^second: every step passed$/m);
    expect(res.exitCode).toBe(0);
  });

  it('replay --fast-forward runs the earlier chapters from an empty workspace, and records', async () => {
    const res = await demystify([
      'replay',
      'third',
      '--auto',
      '--fast-forward',
      '--record',
      path.join(home, 'rec2'),
    ]);
    expect(res.stdout).toMatch(/fast-forwarding first, second from an empty workspace/);
    expect(res.stdout).toMatch(/^ {2}✓ 3 +start ticker: .*ticker is ready$/m);
    expect(res.stdout).toMatch(/^third: every step passed$/m);
    expect(res.exitCode).toBe(0);
    const played = await execa('node', [cli, 'play', path.join(home, 'rec2'), '--print'], { reject: false });
    expect(played.stdout).toMatch(/^third — .*, 3 panes, 2 steps, passed\)$/m);
  });

  it('explains mistakes in a sentence, with exit code 2', async () => {
    const nope = await demystify(['replay', 'nope']);
    expect(nope.stderr).toMatch(
      /^demystify: there is no chapter "nope"; the chapters are: first, second, third$/m,
    );
    expect(nope.exitCode).toBe(2);
    const empty = await execa('node', [cli, 'play', home, '--print'], { reject: false });
    expect(empty.stderr).toMatch(/holds no recording: a recording is a folder with a manifest\.json/);
    expect(empty.exitCode).toBe(2);
    const noPrint = await execa('node', [cli, 'play', rec], { reject: false });
    expect(noPrint.stderr).toMatch(/needs a terminal .*demystify play DIR --print/);
    expect(noPrint.exitCode).toBe(2);
    fs.writeFileSync(path.join(rec, 'first', 'shell.cast'), '{"version": 3}\n[1, "o"]\n');
    const broken = await execa('node', [cli, 'play', path.join(rec, 'first'), '--print'], { reject: false });
    expect(broken.stderr).toMatch(
      /is not a valid recording:\n {2}shell\.cast: line 1: version must be 2, not 3/,
    );
    expect(broken.exitCode).toBe(2);
  });
});
