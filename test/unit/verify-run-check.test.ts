import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/verify/run-check.js';
import type { CheckStatus, Observation, Observer } from '../../src/verify/types.js';

/** An observer over a value the test flips, that wakes the check on every flip. */
function switchable(initial: Observation, pollMs = 10_000) {
  let state = initial;
  let wake: (() => void) | undefined;
  let subscribed = 0;
  let unsubscribed = 0;
  const observer: Observer = {
    pollMs,
    async observe() {
      return state;
    },
    subscribe(w) {
      subscribed++;
      wake = w;
      return () => {
        unsubscribed++;
        wake = undefined;
      };
    },
  };
  return {
    observer,
    set(s: Observation) {
      state = s;
      wake?.();
    },
    counts: () => ({ subscribed, unsubscribed }),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runCheck', () => {
  it('reports the sentence first, then live progress as it changes', async () => {
    const sw = switchable({ ok: false, progress: '0 of 2 Pods Running' });
    const seen: CheckStatus[] = [];
    const done = runCheck(sw.observer, {
      waiting: 'waiting for 2 Pods',
      timeoutMs: 5000,
      onUpdate: (s) => seen.push(s),
    });
    await sleep(20);
    sw.set({ ok: false, progress: '1 of 2 Pods Running' });
    await sleep(20);
    sw.set({ ok: true, progress: '2 of 2 Pods Running' });
    expect(await done).toEqual({ kind: 'passed', detail: '2 of 2 Pods Running' });
    expect(seen.map((s) => (s.kind === 'pending' ? (s.progress ?? s.waiting) : s.kind))).toEqual([
      'waiting for 2 Pods',
      '0 of 2 Pods Running',
      '1 of 2 Pods Running',
      'passed',
    ]);
  });

  it('passes as soon as a wake shows the condition true', async () => {
    const s = switchable({ ok: false, progress: '0 of 1' });
    const updates: CheckStatus[] = [];
    const result = runCheck(s.observer, {
      waiting: 'waiting',
      timeoutMs: 5000,
      onUpdate: (u) => updates.push(u),
    });
    await sleep(20);
    const t = Date.now();
    s.set({ ok: true, progress: '1 of 1' });
    expect(await result).toEqual({ kind: 'passed', detail: '1 of 1' });
    // On the wake, not at the next poll (10 s away).
    expect(Date.now() - t).toBeLessThan(2_500);
    expect(updates[0]).toEqual({ kind: 'pending', waiting: 'waiting', progress: undefined });
    expect(updates).toContainEqual({ kind: 'pending', waiting: 'waiting', progress: '0 of 1' });
    expect(s.counts()).toEqual({ subscribed: 1, unsubscribed: 1 });
  });

  it('a hold passes when nothing changes for the whole hold', async () => {
    const s = switchable({ ok: true, progress: '0 ReplicaSets' });
    const t = Date.now();
    const r = await runCheck(s.observer, { waiting: 'nothing happens', timeoutMs: 5000, holdMs: 300 });
    expect(r).toEqual({ kind: 'passed', detail: '0 ReplicaSets' });
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
  });

  it('a hold fails with both durations when the condition breaks during it', async () => {
    const s = switchable({ ok: true });
    const updates: CheckStatus[] = [];
    const result = runCheck(s.observer, {
      waiting: 'w',
      timeoutMs: 5000,
      holdMs: 2000,
      onUpdate: (u) => updates.push(u),
    });
    await sleep(150);
    s.set({ ok: false, reason: '1 ReplicaSet, expected 0' });
    const r = await result;
    expect(r.kind).toBe('failed');
    expect(r.kind === 'failed' && r.reason).toMatch(
      /^it held for 1\d\d ms, then stopped: 1 ReplicaSet, expected 0$/,
    );
    expect(updates.some((u) => u.kind === 'pending' && u.progress?.startsWith('holding ('))).toBe(true);
  });

  it('a timeout gives the last reason, the hint and the component log tail', async () => {
    const s = switchable(
      { ok: false, reason: 'nothing is listening on 127.0.0.1:6443: is kube-apiserver running?' },
      20,
    );
    const r = await runCheck(s.observer, {
      waiting: 'w',
      timeoutMs: 100,
      onFail: 'Start the API server in its pane.',
      logName: 'kube-apiserver',
      logTail: () => ['E0101 error: unable to load client CA file'],
    });
    expect(r).toEqual({
      kind: 'failed',
      reason:
        'not true after 100 ms: nothing is listening on 127.0.0.1:6443: is kube-apiserver running?\n' +
        'Start the API server in its pane.\n' +
        'last lines of kube-apiserver:\n  E0101 error: unable to load client CA file',
    });
  });

  it('an observer that throws becomes a reason, and the poll backs off', async () => {
    let looks = 0;
    const observer: Observer = {
      pollMs: 10,
      maxPollMs: 40,
      async observe() {
        looks++;
        throw new Error('the kubeconfig /x does not exist yet');
      },
    };
    const r = await runCheck(observer, { waiting: 'w', timeoutMs: 300 });
    expect(r).toEqual({
      kind: 'failed',
      reason: 'not true after 300 ms: the kubeconfig /x does not exist yet',
    });
    // 10, 20, 40, 40, ... ms: far fewer than 300/10 looks.
    expect(looks).toBeLessThan(14);
  });

  it('stops on abort, releasing its subscription', async () => {
    const s = switchable({ ok: false });
    const stop = new AbortController();
    const result = runCheck(s.observer, { waiting: 'w', timeoutMs: 60_000, signal: stop.signal });
    await sleep(20);
    stop.abort();
    expect(await result).toEqual({ kind: 'failed', reason: 'the check was stopped before it finished' });
    expect(s.counts()).toEqual({ subscribed: 1, unsubscribed: 1 });
  });
});
