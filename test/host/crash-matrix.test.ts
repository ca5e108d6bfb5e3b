// A crash at any point of the workshop leaves nothing once demystify starts
// again. The kill points come from the lessons (test/helpers/kill-points.ts):
// each chapter after which something of a new kind runs. For each one,
// `demystify replay` brings the cluster to the start of the next chapter -
// from the nearest checkpoint, which the earlier cases saved, not from the
// first chapter - and demystify is SIGKILLed there (no handler runs), with
// everything up to the kill point running. Then the next start (a `demystify
// test` of the first chapter) or `demystify clean` must find and undo
// whatever is left, and the host must be as it was before the case. The
// variations: the helper killed together with demystify (its nodes go with it
// by pdeathsig, only their cgroups stay for the repair), and `demystify clean`
// instead of a next start. Bounded: one run per case, each reach at most
// 10 minutes.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWorkshop } from '../../src/lesson/load.js';
import { hostDiff, hostSnapshot } from '../helpers/host-state.js';
import { killPoints, type KillPoint } from '../helpers/kill-points.js';
import { runUntil } from '../helpers/run-until.js';

const { workshop } = await loadWorkshop('lessons');
const POINTS = killPoints(workshop);

let home: string;
const env = (): Record<string, string> => ({
  XDG_STATE_HOME: path.join(home, 'state'),
  DEMYSTIFY_WORKSPACE: path.join(home, 'workspace'),
  NO_COLOR: '1',
});

beforeAll(() => {
  if (!fs.existsSync('dist/cli.js'))
    throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  // One state folder and workspace for every case: the checkpoints one case saves are where the next starts.
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-crash-'));
  console.log(
    `kill points, from the lessons:\n${POINTS.map((p) => `  after ${p.after}: ${p.news.join(', ')}`).join('\n')}`,
  );
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

/** Reaches the start of the chapter after the kill point, then SIGKILLs what `kill` says. */
async function crashAt(p: KillPoint): Promise<string> {
  if (!p.at)
    throw new Error(`${p.after} is the last chapter: a kill point needs a chapter after it to reach`);
  const { run, log } = await runUntil(
    ['replay', p.at, '--auto'],
    env(),
    new RegExp(`^at the start of ${p.at} after`, 'm'),
    600_000,
  );
  const helper = helperPid();
  if (p.kill === 'demystify+helper' && !helper)
    throw new Error(`no root helper runs at the start of ${p.at}`);
  process.kill(run.pid!, 'SIGKILL');
  if (p.kill === 'demystify+helper') process.kill(helper!, 'SIGKILL');
  await run;
  return log();
}

describe('crash matrix: SIGKILL, then the next start', () => {
  it('has kill points on the host and on the nodes', () => {
    expect(POINTS.some((p) => p.kill === 'demystify+helper')).toBe(true);
    expect(new Set(POINTS.map((p) => p.then))).toEqual(new Set(['next start', 'clean']));
  });

  for (const p of POINTS) {
    it(`after ${p.after}, ${p.news.join(' and ')} (${p.kill} killed, then ${p.then})`, async () => {
      // The replay puts back the files of the checkpoint it starts from.
      fs.rmSync(path.join(home, 'workspace'), { recursive: true, force: true });
      const before = hostSnapshot();
      const t0 = Date.now();
      const reached = await crashAt(p);
      const crashed = Date.now();
      const next =
        p.then === 'clean'
          ? await execa('node', ['dist/cli.js', 'clean'], { env: env(), reject: false, all: true })
          : await execa('node', ['dist/cli.js', 'test', 'welcome'], { env: env(), reject: false, all: true });
      const plan = /^(restoring .*|no checkpoint .*|starting .*)$/m.exec(reached)?.[1];
      console.log(
        `${p.after}: ${plan}; reached ${p.at} and killed in ${((crashed - t0) / 1000).toFixed(1)} s; ${p.then} took ${((Date.now() - crashed) / 1000).toFixed(1)} s\n${next.all}`,
      );
      expect(next.exitCode, next.all).toBe(0);
      // With only demystify killed, its helper (reading EOF) undid its nodes itself: nothing was left to repair.
      if (p.kill === 'demystify') expect(next.all).not.toMatch(/removed what an earlier session left/);
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
