// A crash at any point of the workshop leaves nothing once demystify starts
// again. For each case, the workshop runs up to the end of a chapter and
// demystify is SIGKILLed (no handler runs); then the
// next start (a `demystify test` of the first chapter) must find and undo
// whatever is left, and the host must be as it was before the case. Two
// variations: the helper killed together with demystify (its nodes go with it
// by pdeathsig, only their cgroups stay for the repair), and `demystify clean`
// instead of a next start. Bounded: one run per case, each at most 6 minutes.
import { execa, type ResultPromise } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hostDiff, hostSnapshot } from '../helpers/host-state.js';

const CHAPTERS = [
  'welcome',
  'certificates',
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'containerd',
  'kubelet',
  'cni',
  'kube-proxy',
  'scaling',
  'refusals',
  'dns',
  'ingress',
  'second-node',
  'node-routes',
];
/**
 * Where to crash. Each case runs the workshop from the start, so the matrix
 * costs the sum of its prefixes; it kills at the chapters where a new kind of
 * thing is up, and everything started earlier still runs at each kill: the
 * control plane's processes (after the scheduler: all four), a node and its
 * runtime, Pods with their network, Service rules, add-ons on the node, and
 * a second node. The variations: the helper killed too (its nodes go by
 * pdeathsig, their cgroups are left for the repair), and `demystify clean`
 * instead of a next start.
 */
const CASES: { chapter: string; kill: 'demystify' | 'demystify+helper'; then: 'next start' | 'clean' }[] = [
  { chapter: 'etcd', kill: 'demystify', then: 'next start' },
  { chapter: 'kube-scheduler', kill: 'demystify', then: 'next start' },
  { chapter: 'containerd', kill: 'demystify', then: 'next start' },
  { chapter: 'cni', kill: 'demystify+helper', then: 'clean' },
  { chapter: 'kube-proxy', kill: 'demystify', then: 'clean' },
  // CoreDNS and Traefik on node-0, the kubelet restarted with a drop-in.
  { chapter: 'ingress', kill: 'demystify', then: 'next start' },
  // Two nodes, routes between them, Pods on both.
  { chapter: 'node-routes', kill: 'demystify+helper', then: 'next start' },
];

let home: string;
const env = (): Record<string, string> => ({
  XDG_STATE_HOME: path.join(home, 'state'),
  DEMYSTIFY_WORKSPACE: path.join(home, 'workspace'),
  NO_COLOR: '1',
});

beforeAll(() => {
  if (!fs.existsSync('dist/cli.js'))
    throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-crash-'));
});

function helperPid(): number | undefined {
  try {
    return (
      JSON.parse(fs.readFileSync(path.join(home, 'state', 'demystify', 'host-session.json'), 'utf8')) as {
        helperPid?: number;
      }
    ).helperPid;
  } catch {
    return undefined;
  }
}

/** Runs the chapters up to `last` and SIGKILLs what `kill` says once `last` has passed. */
async function crashAfter(last: string, kill: 'demystify' | 'demystify+helper'): Promise<string> {
  const upTo = CHAPTERS.slice(0, CHAPTERS.indexOf(last) + 1);
  const run: ResultPromise = execa('node', ['dist/cli.js', 'test', ...upTo], {
    env: env(),
    reject: false,
    all: true,
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${last} did not finish within 6 minutes:\n${log}`)),
      360_000,
    );
    run.all!.on('data', (d: Buffer) => {
      log += d.toString();
      if (new RegExp(`^ {2}${last}: (\\d+)/\\1 steps in`, 'm').test(log)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void run.then(() => reject(new Error(`the run ended before ${last} was done:\n${log}`)));
  });
  const helper = helperPid();
  process.kill(run.pid!, 'SIGKILL');
  if (kill === 'demystify+helper' && helper) process.kill(helper, 'SIGKILL');
  await run;
  return log;
}

describe('crash matrix: SIGKILL, then the next start', () => {
  for (const c of CASES) {
    it(`after ${c.chapter} (${c.kill} killed, then ${c.then})`, async () => {
      fs.rmSync(path.join(home, 'workspace'), { recursive: true, force: true });
      const before = hostSnapshot();
      const t0 = Date.now();
      await crashAfter(c.chapter, c.kill);
      const crashed = Date.now();
      const next =
        c.then === 'clean'
          ? await execa('node', ['dist/cli.js', 'clean'], { env: env(), reject: false, all: true })
          : await execa('node', ['dist/cli.js', 'test', 'welcome'], { env: env(), reject: false, all: true });
      const repairMs = Date.now() - crashed;
      console.log(
        `${c.chapter}: reached and killed in ${((crashed - t0) / 1000).toFixed(1)} s; ${c.then} took ${(repairMs / 1000).toFixed(1)} s\n${next.all}`,
      );
      expect(next.exitCode, next.all).toBe(0);
      // With only demystify killed, its helper (reading EOF) undid its nodes itself: nothing was left to repair.
      if (c.kill === 'demystify') expect(next.all).not.toMatch(/removed what an earlier session left/);
      // The helper of a session killed outright may still be undoing its nodes for a moment.
      let diff = hostDiff(before, hostSnapshot());
      for (let i = 0; i < 50 && diff.length; i++) {
        await new Promise((r) => setTimeout(r, 200));
        diff = hostDiff(before, hostSnapshot());
      }
      expect(diff).toEqual([]);
      // No component of the workspace still running (a next start reaps what the pid records name).
      const left = await execa('bash', ['-c', `ps -eo args | grep -F "${home}" | grep -v grep`], {
        reject: false,
      });
      expect(left.stdout).toBe('');
    });
  }
});
