// Stopping reaches every process of a component: children that ignore
// SIGTERM, grandchildren, a child that started its own session, the jobs of
// an interactive shell, and what is left when the main process ends by itself.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GRACE_MS } from '../../src/terminal/component.js';
import { createSupervisor } from '../../src/terminal/supervisor.js';
import type { Component, Supervisor } from '../../src/terminal/types.js';
import { allGone, isGone, killQuietly, sessionMembers, waitUntil } from '../fixtures/supervisor/procs.js';
import { pidsAfter, spec, tempDir, waitForLine } from '../fixtures/supervisor/specs.js';

const state = tempDir('stop');
let supervisor: Supervisor;
const spawned: number[] = [];
beforeAll(() => {
  supervisor = createSupervisor({ stateDir: state.path });
});
afterEach(() => {
  killQuietly(spawned.splice(0));
});
afterAll(async () => {
  await supervisor.stopAll(500);
  state.remove();
});

/** Pids of the component's session right now, remembered for teardown. */
function members(component: Component): number[] {
  const pids = sessionMembers(component.pid);
  spawned.push(...pids);
  return pids;
}

describe('stop', () => {
  it('SIGKILLs a component and child that ignore SIGTERM once the grace is over', async () => {
    const component = supervisor.start(
      spec('stubborn', './ignore-term.sh', { ready: { kind: 'log', pattern: /^ready$/ } }),
    );
    await component.waitReady();
    const [child] = pidsAfter(component, 'child');
    expect(child).toBeDefined();
    const pids = [component.pid, child as number, ...members(component)];
    const started = Date.now();
    await component.stop(400);
    const took = Date.now() - started;
    // The grace given (400 ms), not the default one, then SIGKILL.
    expect(took).toBeGreaterThanOrEqual(400);
    expect(took).toBeLessThan(DEFAULT_GRACE_MS);
    expect(pids.filter((pid) => !isGone(pid))).toEqual([]);
    expect(component.state()).toEqual({ kind: 'stopped' });
  });

  it('ends children, grandchildren and a child in a session of its own', { timeout: 60_000 }, async () => {
    const component = supervisor.start(
      spec('family', './grandchildren.sh', { ready: { kind: 'log', pattern: /^ready$/ } }),
    );
    await component.waitReady();
    await waitUntil(() => pidsAfter(component, 'grandchild').length === 2, 3_000, 'two grandchildren');
    const pids = [
      component.pid,
      ...pidsAfter(component, 'child'),
      ...pidsAfter(component, 'grandchild'),
      ...pidsAfter(component, 'escaped'),
      ...members(component),
    ];
    spawned.push(...pids);
    expect(pids.length).toBeGreaterThanOrEqual(5);
    expect(pids.every((pid) => !isGone(pid))).toBe(true);
    const started = Date.now();
    await component.stop(30_000);
    // All of them obey SIGTERM, so no waiting for the grace period (half of it is a wide margin on any machine).
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(pids.filter((pid) => !isGone(pid))).toEqual([]);
  });

  it('ends an interactive shell and its background jobs (each in a group of its own) with SIGHUP', async () => {
    const shell = supervisor.start(
      // The non-interactive `bash -c` wrapper drops PS1 from the environment, so it goes on the command line.
      spec('shell', "PS1='learner$ ' bash --norc --noprofile -i", { stopSignal: 'SIGHUP' }),
    );
    await waitForLine(shell, /^learner\$ $/);
    shell.write('sleep 1000 & echo "job $!"\r');
    shell.write('(trap "" HUP; sleep 1000) & echo "job $!"\r');
    await waitUntil(() => pidsAfter(shell, 'job').length === 2, 3_000, 'two jobs');
    const pids = [shell.pid, ...pidsAfter(shell, 'job'), ...members(shell)];
    // The second job ignores SIGHUP, so it takes the grace period and a SIGKILL.
    await shell.stop(500);
    expect(pids.filter((pid) => !isGone(pid))).toEqual([]);
    expect(shell.state()).toEqual({ kind: 'stopped' });
  });

  it('ends what a component left behind when it exited by itself', async () => {
    const component = supervisor.start(
      spec('leaves-child', `trap '' HUP; sleep 1000 & echo "child $!"; sleep 0.3; exit 0`),
    );
    await waitUntil(() => component.state().kind === 'exited', 3_000, 'exit');
    const [child] = pidsAfter(component, 'child');
    spawned.push(child as number);
    await allGone([component.pid, child as number], 4_000);
    await component.stop();
    expect(component.state().kind).toBe('exited');
  });

  it('stops a component right after its start (before its setsid), many times over', async () => {
    for (let i = 0; i < 20; i += 1) {
      const component = supervisor.start(spec(`quick-${i}`, 'exec sleep 1000'));
      spawned.push(component.pid);
      await component.stop(1_000);
      expect(isGone(component.pid)).toBe(true);
      expect(component.state().kind).toBe('stopped');
    }
  });

  it('stop of an ended component resolves at once', async () => {
    const component = supervisor.start(spec('short', 'true'));
    await waitUntil(() => component.state().kind === 'exited', 3_000, 'exit');
    await component.stop();
    await component.stop();
    expect(component.state().kind).toBe('exited');
  });
});
