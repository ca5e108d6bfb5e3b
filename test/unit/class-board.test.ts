// The board's model: rows keyed by the learner's secret id, time on a step
// that survives a restarted server, away after a minute of silence, the mark
// on a hand or on anyone stuck past the threshold, stuck ones first, filters;
// and the progress a learner sends, made from the controller's state alone.
import { beforeAll, describe, expect, it } from 'vitest';
import { boardRows, shortDuration, type BoardOptions } from '../../src/class/board-view.js';
import { progressOf } from '../../src/class/progress.js';
import type { Progress } from '../../src/class/protocol.js';
import { Roster } from '../../src/class/roster.js';
import { loadWorkshop } from '../../src/lesson/load.js';
import type { Workshop } from '../../src/lesson/model.js';
import { StubController } from '../helpers/class-room.js';

const T0 = 1_800_000_000_000;
const opts: BoardOptions = { sort: 'stuck', filter: 'all', stuckMs: 300_000 };

function progress(
  step: number,
  state: Progress['state'],
  stepMs = 0,
  reason: string | null = null,
): Progress {
  return {
    type: 'progress',
    chapter: { id: 'etcd', title: 'etcd', index: 1, count: 15 },
    step: { id: `s${step}`, label: `step ${step}`, index: step, count: 9 },
    state,
    reason,
    hints: 0,
    stepMs,
  };
}

describe('the roster', () => {
  it('keeps a row by its secret id across reconnects, and the time on a step across a server restart', () => {
    const r = new Roster();
    r.join('id-a', 'Ada', T0);
    r.progress('id-a', progress(2, 'waiting', 90_000), T0);
    expect(r.get('id-a')?.stepSince).toBe(T0 - 90_000);
    // Same step later: the time keeps counting from when it started.
    r.progress('id-a', progress(2, 'failed', 95_000, 'no'), T0 + 5_000);
    expect(r.get('id-a')?.stepSince).toBe(T0 - 90_000);
    r.disconnected('id-a');
    r.join('id-a', 'Ada L.', T0 + 6_000);
    expect(r.all()).toHaveLength(1);
    expect(r.get('id-a')).toMatchObject({ name: 'Ada L.', connected: true });
    // A fresh roster (a restarted server) takes the learner's own count.
    const fresh = new Roster();
    fresh.join('id-a', 'Ada', T0 + 10_000);
    fresh.progress('id-a', progress(2, 'failed', 100_000), T0 + 10_000);
    expect(fresh.get('id-a')?.stepSince).toBe(T0 - 90_000);
    expect(fresh.get('id-a')?.key).toBe(r.get('id-a')?.key);
    r.leave('id-a');
    expect(r.all()).toHaveLength(0);
  });

  it('counts what was dropped against the one learner only', () => {
    const r = new Roster();
    r.join('a', 'A', T0);
    r.join('b', 'B', T0);
    r.dropped('a', 'flood');
    r.dropped('a', 'malformed');
    expect(r.get('a')?.dropped).toEqual({ malformed: 1, oversized: 0, flood: 1 });
    expect(r.get('b')?.dropped).toEqual({ malformed: 0, oversized: 0, flood: 0 });
  });
});

describe('the board', () => {
  function roster(): Roster {
    const r = new Roster();
    r.join('reading', 'Rita', T0);
    r.progress('reading', progress(1, 'todo', 10_000), T0);
    r.join('failing', 'Fred', T0);
    r.progress('failing', progress(4, 'failed', 60_000, 'readyz: connection refused'), T0);
    r.join('waiting', 'Wanda', T0);
    r.progress('waiting', progress(4, 'waiting', 30_000, 'waiting for readyz'), T0);
    r.join('stuck', 'Stan', T0);
    r.progress('stuck', progress(3, 'waiting', 400_000), T0);
    r.join('hand', 'Hana', T0);
    r.progress('hand', progress(5, 'running', 1_000), T0);
    r.hand('hand', true, T0);
    return r;
  }

  it('puts hands first, then the stuck past the threshold, then failing, waiting, the rest', () => {
    const rows = boardRows(roster().all(), T0, opts);
    expect(rows.map((b) => b.name)).toEqual(['Hana', 'Stan', 'Fred', 'Wanda', 'Rita']);
    expect(rows.map((b) => b.marked)).toEqual([true, true, false, false, false]);
    expect(rows[2]).toMatchObject({
      state: 'failed',
      reason: 'readyz: connection refused',
      step: '5/9 step 4',
      chapter: '2/15 etcd',
    });
    expect(rows[3]!.state).toBe('waiting on a check');
    expect(rows[4]!.state).toBe('reading');
  });

  it('marks a learner once the time on the step passes the threshold', () => {
    const r = roster();
    expect(boardRows(r.all(), T0, opts).find((b) => b.name === 'Fred')!.marked).toBe(false);
    expect(boardRows(r.all(), T0 + 240_000, opts).find((b) => b.name === 'Fred')!.marked).toBe(true);
  });

  it('shows away after a minute without a word, and not before', () => {
    const r = roster();
    r.seen('hand', T0 + 30_000);
    const at = (t: number) =>
      boardRows(r.all(), t, opts)
        .filter((b) => b.away)
        .map((b) => b.name)
        .sort();
    expect(at(T0 + 59_999)).toEqual([]);
    expect(at(T0 + 60_000)).toEqual(['Fred', 'Rita', 'Stan', 'Wanda']);
    expect(at(T0 + 90_000)).toContain('Hana');
  });

  it('sorts by name or by progress (furthest behind first), and filters', () => {
    const r = roster();
    expect(boardRows(r.all(), T0, { ...opts, sort: 'name' }).map((b) => b.name)).toEqual([
      'Fred',
      'Hana',
      'Rita',
      'Stan',
      'Wanda',
    ]);
    expect(boardRows(r.all(), T0, { ...opts, sort: 'progress' }).map((b) => b.name)).toEqual([
      'Rita',
      'Stan',
      'Fred',
      'Wanda',
      'Hana',
    ]);
    expect(boardRows(r.all(), T0, { ...opts, filter: 'attention' }).map((b) => b.name)).toEqual([
      'Hana',
      'Stan',
      'Fred',
    ]);
    r.sharing('hand', { cols: 80, rows: 24 }, T0);
    expect(boardRows(r.all(), T0, { ...opts, filter: 'sharing' }).map((b) => b.name)).toEqual(['Hana']);
  });

  it('writes durations short', () => {
    expect([42_000, 7 * 60_000, 65 * 60_000].map(shortDuration)).toEqual(['42s', '7m', '1h05']);
  });
});

describe('what a learner sends', () => {
  let workshop: Workshop;
  beforeAll(async () => {
    workshop = (await loadWorkshop('test/fixtures/workshop-basic')).workshop;
  });

  it('is made from the controller state: chapter, step, state, first line of the reason, hints, time', () => {
    const c = new StubController(workshop);
    const step = c.state().current!;
    c.fire({ type: 'failed', stepId: step.id, reason: 'exit status 1\nsecret output line', ms: 3 });
    c.hint();
    expect(progressOf(c.state(), 2, 12_000, undefined)).toEqual({
      type: 'progress',
      chapter: { id: 'shell-basics', title: 'Shell basics', index: 0, count: 2 },
      step: { id: step.id, label: 'export GREETING=hello …', index: 0, count: 5 },
      state: 'failed',
      reason: 'exit status 1',
      hints: 1,
      stepMs: 12_000,
    });
  });

  it('calls a check that runs "waiting", keeps the last failure while a step runs again, and says done at the end', () => {
    const c = new StubController(workshop);
    c.fire({ type: 'moved', cursor: 4 });
    const check = c.state().current!;
    expect(check.kind).toBe('check');
    c.fire({ type: 'started', stepId: check.id });
    expect(progressOf(c.state(), 2, 0, 'it failed before')).toMatchObject({
      state: 'waiting',
      reason: 'it failed before',
    });
    c.fire({ type: 'passed', stepId: check.id, ms: 1 });
    expect(progressOf(c.state(), 2, 0, undefined)).toMatchObject({ state: 'done', step: null, reason: null });
  });
});
