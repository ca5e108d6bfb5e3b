// What demystify keeps about the learner is the learner's alone: the state
// folder (0700, narrowed when an older run left it open), the learner's
// exported variables the shell writes at each prompt (tokens included), and
// what the command line writes (its umask is 077). Checked as another user
// (`nobody`, through setpriv), not only by mode bits.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultVersions } from '../../src/cluster/versions.js';
import { openSession, type Session } from '../../src/engine/session.js';

let top: string;
let session: Session | undefined;

/** Runs a shell line as `nobody`: its output, or why it could not. */
const asNobody = (line: string): { code: number | null; out: string } => {
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'bash', '-c', line], {
    encoding: 'utf8',
    cwd: '/',
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};

beforeAll(() => {
  if (process.getuid?.() !== 0)
    throw new Error('this suite acts as another user through setpriv: run it as root');
  if (!fs.existsSync(path.resolve('dist/cli.js')))
    throw new Error('dist/cli.js is missing: run `npm run build` first');
});

afterEach(async () => {
  await session?.close();
  session = undefined;
  fs.rmSync(top, { recursive: true, force: true });
});

function openTop(): string {
  // A folder others may enter, as a home folder usually is: only demystify's own modes keep them out.
  top = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-privacy-'));
  fs.chmodSync(top, 0o755);
  return top;
}

describe('the state folder and the shell', () => {
  it("keep the learner's exported variables from another user", async () => {
    const state = path.join(openTop(), 'state');
    session = await openSession({
      workspace: path.join(top, 'ws'),
      lessonsDir: 'test/fixtures/workshop-basic',
      assetsDir: 'assets',
      stateDir: state,
      versions: defaultVersions,
    });
    // A new workspace is marked as one (what lets a restore or clean delete in it).
    expect(fs.existsSync(path.join(top, 'ws', '.demystify-workspace'))).toBe(true);
    const res = await session.shell.run('export DEMO_TOKEN=s3cr3t-token', 10_000);
    expect(res.kind).toBe('done');
    const shellEnv = path.join(state, 'shell-env');
    expect(fs.readFileSync(shellEnv, 'utf8')).toContain('DEMO_TOKEN=s3cr3t-token');
    expect(fs.statSync(state).mode & 0o777).toBe(0o700);
    expect(fs.statSync(shellEnv).mode & 0o077).toBe(0);
    // Another user: the folder does not open, and the file would not either.
    expect(asNobody(`ls ${state}`).code).not.toBe(0);
    fs.chmodSync(state, 0o755);
    const read = asNobody(`cat ${shellEnv}`);
    expect(read.code).not.toBe(0);
    expect(read.out).not.toContain('s3cr3t-token');
    // A file the learner makes in the shell is theirs alone too.
    await session.shell.run(`echo key > ${path.join(top, 'ws', 'made-by-hand')}`, 10_000);
    expect(fs.statSync(path.join(top, 'ws', 'made-by-hand')).mode & 0o077).toBe(0);
  });

  it('narrows a state folder an older version left open, and writes its files 0600', () => {
    const env = { ...process.env, XDG_STATE_HOME: path.join(openTop(), 'xdg-state'), NO_COLOR: '1' };
    const state = path.join(env.XDG_STATE_HOME, 'demystify');
    fs.mkdirSync(state, { recursive: true, mode: 0o755 });
    fs.chmodSync(state, 0o755);
    execFileSync(process.execPath, ['dist/cli.js', 'reset', '--lessons', 'test/fixtures/workshop-basic'], {
      env,
      stdio: 'pipe',
    });
    expect(fs.statSync(state).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(state, 'progress.json')).mode & 0o777).toBe(0o600);
    expect(asNobody(`ls ${state}`).code).not.toBe(0);
  });
});
