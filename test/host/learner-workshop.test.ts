// The whole workshop as a learner runs it: an ordinary user whose sudo asks
// for a password, `demystify test --prove-checks` in a terminal, the password
// typed once into demystify's prompt. Every chapter passes; the host is as it
// was before (links, routes, rules, rule sets, kernel settings, mounts,
// cgroups, processes); the password is nowhere on disk. The host's name is
// made to resolve to 127.0.1.1 meanwhile, as on many laptops: `kubectl exec`
// and `kubectl logs` must not care.
import { spawn } from '@lydell/node-pty';
import { execaSync } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostDiff, hostSnapshot } from '../helpers/host-state.js';
import { asLearner, filesContaining, prepareLearner, type Learner } from '../helpers/learner.js';

let learner: Learner;
let hostsBefore: string;

beforeAll(() => {
  learner = prepareLearner();
  // The host's name on 127.0.1.1, the Debian/Ubuntu default the old design tripped over.
  hostsBefore = fs.readFileSync('/etc/hosts', 'utf8');
  fs.writeFileSync('/etc/hosts', `127.0.1.1\t${os.hostname()}\n${hostsBefore}`);
});

afterAll(() => {
  if (hostsBefore !== undefined) fs.writeFileSync('/etc/hosts', hostsBefore);
});

interface PtyRun {
  readonly code: number;
  readonly output: string;
  readonly prompts: number;
  readonly ms: number;
}

/** Runs `args` as the learner on a terminal; types the password at each of demystify's prompts. */
export function runInTerminal(
  l: Learner,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<PtyRun> {
  const argv = asLearner(l, [l.node, l.cli, ...args], { NO_COLOR: '1', ...env });
  const started = Date.now();
  const pty = spawn(argv[0]!, argv.slice(1), {
    cols: 160,
    rows: 45,
    cwd: l.home,
    env: { TERM: 'xterm-256color', PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' },
  });
  let output = '';
  let prompts = 0;
  pty.onData((d) => {
    output += d;
    const seen = output.split('sudo password for').length - 1;
    if (seen > prompts) {
      prompts = seen;
      setTimeout(() => pty.write(`${l.password}\r`), 200);
    }
  });
  return new Promise((resolve) =>
    pty.onExit(({ exitCode }) => resolve({ code: exitCode, output, prompts, ms: Date.now() - started })),
  );
}

describe('the workshop as an ordinary user with sudo', () => {
  it('passes every chapter, asks the password once, and leaves the host as it was', async () => {
    const before = hostSnapshot();
    const base = path.join(learner.home, 'e2e-workshop');
    fs.rmSync(base, { recursive: true, force: true });
    const env = {
      XDG_STATE_HOME: path.join(base, 'state'),
      DEMYSTIFY_WORKSPACE: path.join(base, 'workspace'),
    };
    const run = await runInTerminal(
      learner,
      ['test', '--prove-checks', '--record', path.join(base, 'rec')],
      env,
    );
    process.stdout.write(run.output);
    const timings = [...run.output.matchAll(/^ {2}(\S+): (\d+)\/(\d+) steps in (.+?)\r?$/gm)].map(
      (m) => `${m[1]} ${m[4]}`,
    );
    console.log(`as ${learner.user}: ${(run.ms / 1000).toFixed(1)} s in all; ${timings.join(', ')}`);
    expect(run.output).toMatch(/^\d+ passed, 0 failed\r?$/m);
    expect(run.code).toBe(0);
    expect(run.prompts).toBe(1);
    // Never echoed, never written: not in what the terminal showed, nor in progress, logs, recordings, workspace.
    expect(run.output).not.toContain(learner.password);
    expect(filesContaining(base, learner.password)).toEqual([]);
    // The host, as it was.
    expect(hostDiff(before, hostSnapshot())).toEqual([]);
    expect(execaSync('pgrep', ['-u', learner.user], { reject: false }).stdout).toBe('');
    const pids = path.join(base, 'state', 'demystify', 'pids');
    expect(fs.existsSync(pids) ? fs.readdirSync(pids).filter((f) => f.endsWith('.json')) : []).toEqual([]);
  });
});
