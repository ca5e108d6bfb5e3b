// A signal in the middle of the node chapters - SIGTERM (a `kill`), SIGHUP
// (the terminal closed), SIGINT (Ctrl-C) - with Pods running, and for two of
// them kube-proxy's rules written: every component stops, the root helper
// takes node-0 down (its processes, mounts, network namespace, the node
// network and its cgroups), and the host is exactly as it was before the run.
// Where each signal comes is read from the lessons (test/helpers/kill-points.ts):
// once the chapter that first runs containers, or first writes a Service's
// packet rules, has passed. The first case is `demystify test --checkpoints`
// from the first chapter; the others are `demystify replay`, which starts
// from the checkpoints the first one saved.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWorkshop } from '../../src/lesson/load.js';
import { hostDiff, hostSnapshot } from '../helpers/host-state.js';
import { KIND, killPoints } from '../helpers/kill-points.js';
import { runUntil } from '../helpers/run-until.js';

const { workshop } = await loadWorkshop('lessons');
const points = killPoints(workshop);
const after = (kind: string) => {
  const p = points.find((k) => k.news.includes(kind));
  if (!p?.at) throw new Error(`no chapter of the lessons is the first with ${kind}, or none comes after it`);
  return p;
};
const rules = after(KIND.packetRules);
const containers = after(KIND.containers);

/** Each signal, the command it interrupts, the output line it comes at, and the exit status it ends with. */
const CASES = [
  {
    signal: 'SIGTERM',
    where: `${rules.after} (during test)`,
    args: ['test', '--checkpoints'],
    at: new RegExp(`^ {2}${rules.after}: (\\d+)/\\1 steps in`, 'm'),
    status: 143,
  },
  {
    signal: 'SIGHUP',
    where: `${rules.after} (during replay)`,
    args: ['replay', rules.at!, '--auto'],
    at: new RegExp(`^at the start of ${rules.at} after`, 'm'),
    status: 129,
  },
  // Pods Running on the pod network, before any Service rule.
  {
    signal: 'SIGINT',
    where: `${containers.after} (during replay)`,
    args: ['replay', containers.at!, '--auto'],
    at: new RegExp(`^at the start of ${containers.at} after`, 'm'),
    status: 130,
  },
] as const;

let home: string;
beforeAll(() => {
  if (!fs.existsSync('dist/cli.js'))
    throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-abort-'));
});

describe('stopping the workshop in the middle', () => {
  it.each(CASES)(
    '$signal after $where leaves no component, container, mount, interface, rule or cgroup behind',
    async (c) => {
      const workspace = path.join(home, 'ws');
      fs.rmSync(workspace, { recursive: true, force: true });
      const before = hostSnapshot();
      const env = { XDG_STATE_HOME: path.join(home, 'state'), NO_COLOR: '1', DEMYSTIFY_WORKSPACE: workspace };
      const { run, log } = await runUntil(c.args, env, c.at, 600_000);
      const during = hostSnapshot();
      // Something of the node was on the host meanwhile: its end of the node network.
      expect(hostDiff(before, during).join('\n')).toMatch(/links/);
      run.kill(c.signal);
      const res = await run;
      expect(res.exitCode, log()).toBe(c.status);
      expect(hostDiff(before, hostSnapshot())).toEqual([]);
      const left = await execa('bash', ['-c', `ps -eo args | grep -F "${workspace}" | grep -v grep`], {
        reject: false,
      });
      expect(left.stdout).toBe('');
    },
  );
});
