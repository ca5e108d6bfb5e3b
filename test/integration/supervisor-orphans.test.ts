// @module-tag isolated (no fixed port, no node network, no host state)
// No orphans, whatever ends demystify. A stand-in parent (fixtures/supervisor/
// parent.mjs) runs three components through the compiled supervisor; each
// case ends the parent a different way and then checks that every component
// process, and the children they started, is gone.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reapStale } from '../../src/terminal/pid-records.js';
import { Parent, buildSupervisor } from '../fixtures/supervisor/parent-process.js';
import { allGone, isGone, killQuietly, sessionMembers, startTime } from '../fixtures/supervisor/procs.js';
import { tempDir } from '../fixtures/supervisor/specs.js';
import { freePort } from '../helpers/ports.js';

let build: { dir: string; remove: () => void };
const leftovers: number[] = [];
beforeAll(() => {
  build = buildSupervisor();
});
afterEach(() => killQuietly(leftovers.splice(0)));
afterAll(() => build.remove());

/** Starts a parent and returns it with every pid of its components (leaders, children, session members). */
async function startParent(stateDir: string): Promise<{ parent: Parent; pids: number[] }> {
  const parent = new Parent(build.dir, stateDir, await freePort());
  const ready = await parent.message('ready');
  const sub = await parent.message('sub');
  const leaders = Object.values(ready);
  // Only stable processes: the looper's `sleep 0.2` children come and go (the session scans after each case cover them).
  const pids = [...leaders, sub];
  leftovers.push(...pids, parent.child.pid as number);
  expect(pids.every((pid) => !isGone(pid))).toBe(true);
  return { parent, pids };
}

const leaders = (parent: Parent): number[] =>
  Object.values(parent.messages.find((m) => m.ready)?.ready ?? {});

const records = (stateDir: string): string[] => {
  try {
    return readdirSync(path.join(stateDir, 'pids'));
  } catch {
    return [];
  }
};

describe('when the parent ends', () => {
  const cases = [
    { how: 'SIGTERM', act: (p: Parent) => p.child.kill('SIGTERM'), code: 143 },
    { how: 'SIGINT (Ctrl-C)', act: (p: Parent) => p.child.kill('SIGINT'), code: 130 },
    { how: 'SIGHUP (terminal closed)', act: (p: Parent) => p.child.kill('SIGHUP'), code: 129 },
    { how: 'an uncaught exception', act: (p: Parent) => p.send('throw'), code: 1 },
    { how: 'an unhandled rejection', act: (p: Parent) => p.send('reject'), code: 1 },
    { how: 'quit', act: (p: Parent) => p.send('quit'), code: 0 },
    {
      how: 'process.exit() without stopping (the exit hook SIGKILLs)',
      act: (p: Parent) => p.send('exit'),
      code: 7,
    },
  ];
  for (const { how, act, code } of cases) {
    it(`${how}: every component process is gone and the exit code is ${code}`, async () => {
      const state = tempDir('orphans');
      try {
        const { parent, pids } = await startParent(state.path);
        act(parent);
        const exit = await parent.exited;
        expect({ code: exit.code, stderr: code === 1 ? 'error' : parent.stderr }).toEqual({
          code,
          stderr: code === 1 ? 'error' : '',
        });
        if (code === 1) expect(parent.stderr).toMatch(/unexpected error\n.*(boom|nope)/);
        await allGone(pids, 3_000);
        expect(leaders(parent).flatMap((pid) => sessionMembers(pid))).toEqual([]);
        // Stopped cleanly: no record left, except on the process.exit() path, which cannot wait to confirm.
        if (code !== 7) expect(records(state.path)).toEqual([]);
      } finally {
        state.remove();
      }
    });
  }

  it('SIGKILL: the next start reaps the leftovers from the pid records', async () => {
    const state = tempDir('orphans');
    try {
      const first = await startParent(state.path);
      const ready = await first.parent.message('ready');
      first.parent.child.kill('SIGKILL');
      await first.parent.exited;
      // The hangup ends the sleeper; the looper (and its child) and the server ignore it.
      await allGone([ready.sleeper as number], 3_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const survivors = first.pids.filter((pid) => !isGone(pid));
      expect(survivors).toEqual(
        expect.arrayContaining([ready.looper, ready.server, await first.parent.message('sub')]),
      );

      const second = new Parent(build.dir, state.path, await freePort());
      leftovers.push(second.child.pid as number);
      const reaped = await second.message('reaped');
      const outcome = Object.fromEntries(reaped.map((r) => [r.name, r.outcome]));
      expect(outcome).toEqual({ looper: 'stopped', server: 'stopped', sleeper: 'already-gone' });
      await allGone(first.pids, 1_000);
      expect(Object.values(ready).flatMap((pid) => sessionMembers(pid))).toEqual([]);
      // The second parent starts its own components normally on the same names.
      await second.message('ready');
      second.child.kill('SIGTERM');
      await second.exited;
      expect(records(state.path)).toEqual([]);
    } finally {
      state.remove();
    }
  });
});

describe('reapStale and pid reuse', () => {
  function liveSleeper(): number {
    const child = spawn('sleep', ['1000'], { detached: true, stdio: 'ignore' });
    child.unref();
    leftovers.push(child.pid as number);
    return child.pid as number;
  }

  function forge(
    stateDir: string,
    name: string,
    pid: number,
    overrides: Record<string, unknown> = {},
  ): string {
    const dir = path.join(stateDir, 'pids');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.json`);
    const record = {
      version: 1,
      name,
      pid,
      pgid: pid,
      sid: pid,
      command: 'sleep 1000',
      startTime: startTime(pid),
      bootId: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
      marker: 'forged',
      owner: { pid: 999_999_999, startTime: '1' },
      startedAt: new Date().toISOString(),
      startedAtMs: Date.now(),
      ...overrides,
    };
    writeFileSync(file, JSON.stringify(record));
    return file;
  }

  it('never touches a process whose start time differs from the record, and deletes the record', async () => {
    const state = tempDir('reuse');
    try {
      const pid = liveSleeper();
      forge(state.path, 'reused', pid, { startTime: String(BigInt(startTime(pid)) - 1n) });
      forge(state.path, 'old-boot', pid, { bootId: '00000000-0000-0000-0000-000000000000' });
      const report = await reapStale(state.path, { graceMs: 200 });
      expect(Object.fromEntries(report.map((r) => [r.name, r.outcome]))).toEqual({
        reused: 'pid-reused',
        'old-boot': 'previous-boot',
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(isGone(pid)).toBe(false);
      expect(records(state.path)).toEqual([]);
    } finally {
      state.remove();
    }
  });

  it('leaves the records of a demystify that is still running alone', async () => {
    const state = tempDir('reuse');
    try {
      const pid = liveSleeper();
      forge(state.path, 'owned', pid, { owner: { pid: process.pid, startTime: startTime(process.pid) } });
      const report = await reapStale(state.path, { graceMs: 200 });
      expect(report.map((r) => r.outcome)).toEqual(['owner-running']);
      expect(isGone(pid)).toBe(false);
      expect(records(state.path)).toEqual(['owned.json']);
    } finally {
      state.remove();
    }
  });

  it('stops a process whose record matches, and ignores garbage', async () => {
    const state = tempDir('reuse');
    try {
      const pid = liveSleeper();
      forge(state.path, 'ours', pid);
      writeFileSync(path.join(state.path, 'pids', 'garbage.json'), '{"pid": ');
      const report = await reapStale(state.path, { graceMs: 200 });
      expect(Object.fromEntries(report.map((r) => [r.name, r.outcome]))).toEqual({
        ours: 'stopped',
        garbage: 'unreadable-record',
      });
      await allGone([pid], 2_000);
      expect(records(state.path)).toEqual([]);
    } finally {
      state.remove();
    }
  });
});
