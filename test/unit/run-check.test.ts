import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/verify/run-check.js';
import type { CheckStatus, Observer } from '../../src/verify/types.js';

function flag(initial: boolean): { observer: Observer; set(v: boolean): void; looks: number } {
  let value = initial;
  const st = {
    looks: 0,
    set(v: boolean) {
      value = v;
    },
    observer: {
      pollMs: 10,
      observe: async () => {
        st.looks++;
        return value
          ? { ok: true, progress: 'yes' }
          : { ok: false, reason: 'the flag is down', progress: 'no' };
      },
    } as Observer,
  };
  return st;
}

describe('runCheck', () => {
  it('passes once the condition holds and reports progress on the way', async () => {
    const f = flag(false);
    const seen: CheckStatus[] = [];
    setTimeout(() => f.set(true), 50);
    const res = await runCheck(f.observer, {
      waiting: 'waiting for the flag',
      timeoutMs: 2000,
      onUpdate: (s) => seen.push(s),
    });
    expect(res).toEqual({ kind: 'passed', detail: 'yes' });
    expect(seen[0]).toEqual({ kind: 'pending', waiting: 'waiting for the flag', progress: undefined });
    expect(seen).toContainEqual({ kind: 'pending', waiting: 'waiting for the flag', progress: 'no' });
  });

  it('fails with the reason, the hint and the log tail on timeout', async () => {
    const f = flag(false);
    const res = await runCheck(f.observer, {
      waiting: 'w',
      timeoutMs: 60,
      onFail: 'is the flag-raiser running?',
      logName: 'raiser',
      logTail: () => ['boom'],
    });
    expect(res).toEqual({
      kind: 'failed',
      reason:
        'not true after 60 ms: the flag is down\nis the flag-raiser running?\nlast lines of raiser:\n  boom',
    });
  });

  it('a hold fails when the condition breaks during it, and passes when it stays', async () => {
    const f = flag(true);
    setTimeout(() => f.set(false), 60);
    const broken = await runCheck(f.observer, { waiting: 'w', timeoutMs: 5000, holdMs: 300 });
    expect(broken.kind).toBe('failed');
    expect(broken.kind === 'failed' && broken.reason).toMatch(
      /^it held for \d+ ms, then stopped: the flag is down/,
    );
    const g = flag(true);
    const started = Date.now();
    expect(await runCheck(g.observer, { waiting: 'w', timeoutMs: 5000, holdMs: 200 })).toMatchObject({
      kind: 'passed',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('stops on abort and releases its subscription', async () => {
    let subscribed = 0;
    const obs: Observer = {
      pollMs: 1000,
      observe: async () => ({ ok: false }),
      subscribe: () => {
        subscribed++;
        return () => subscribed--;
      },
    };
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    expect(await runCheck(obs, { waiting: 'w', timeoutMs: 10_000, signal: ac.signal })).toEqual({
      kind: 'failed',
      reason: 'the check was stopped before it finished',
    });
    expect(subscribed).toBe(0);
  });

  it('re-looks immediately when woken instead of waiting a poll period', async () => {
    let value = false;
    let wake: () => void = () => {};
    const obs: Observer = {
      pollMs: 10_000,
      observe: async () => ({ ok: value }),
      subscribe: (w) => ((wake = w), () => {}),
    };
    setTimeout(() => {
      value = true;
      wake();
    }, 20);
    const started = Date.now();
    expect((await runCheck(obs, { waiting: 'w', timeoutMs: 20_000 })).kind).toBe('passed');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
