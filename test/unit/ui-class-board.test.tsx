// The class board drawn by Ink (ink-testing-library): the join line, one row
// per learner with the stuck ones first and a mark on the hand and the stuck,
// the details of the selected learner, narrow terminals cutting cells rather
// than wrapping; and the board app's keys, from the key table, moving the
// selection, sorting, filtering and refusing a screen that is not shared.
import { stripVTControlCharacters } from 'node:util';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import React from 'react';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { Progress } from '../../src/class/protocol.js';
import { Roster } from '../../src/class/roster.js';
import { noCounts } from '../../src/class/server.js';
import { boardRows } from '../../src/class/board-view.js';
import { Board, type BoardModel } from '../../src/ui/class/Board.js';
import { BoardApp, type BoardSource } from '../../src/ui/class/board-app.js';
import { rowLine } from '../../src/ui/class/board-table.js';
import type { TerminalIO } from '../../src/ui/terminal-io.js';
import { keyFor } from '../../src/ui/key-bindings.js';

const T0 = 1_800_000_000_000;

function progress(
  step: number,
  state: Progress['state'],
  stepMs: number,
  reason: string | null = null,
): Progress {
  return {
    type: 'progress',
    chapter: { id: 'kube-apiserver', title: 'kube-apiserver', index: 2, count: 15 },
    step: { id: `s${step}`, label: `check: readyz answers ok`, index: step, count: 9 },
    state,
    reason,
    hints: 1,
    stepMs,
  };
}

function roster(): Roster {
  const r = new Roster();
  r.join('a'.repeat(24), 'Ada', T0);
  r.progress('a'.repeat(24), progress(2, 'todo', 5_000), T0);
  r.join('b'.repeat(24), 'Bob', T0);
  r.progress('b'.repeat(24), progress(4, 'failed', 420_000, 'readyz: connection refused'), T0);
  r.join('c'.repeat(24), 'Cyd', T0);
  r.progress('c'.repeat(24), progress(3, 'running', 1_000), T0);
  r.hand('c'.repeat(24), true, T0);
  return r;
}

function model(r: Roster, over: Partial<BoardModel> = {}): BoardModel {
  const learners = boardRows(r.all(), T0, { sort: 'stuck', filter: 'all', stuckMs: 300_000 });
  return {
    cols: 140,
    rows: 20,
    joinLine: 'class://10.0.0.5:7443/K7F-9QX/sha256:' + 'x'.repeat(43),
    learners,
    total: learners.length,
    selected: learners[0]?.key,
    details: false,
    sort: 'stuck',
    filter: 'all',
    stuckMs: 300_000,
    dropped: 0,
    watchers: 2,
    presenter: true,
    notice: undefined,
    color: false,
    ...over,
  };
}

const frame = (m: BoardModel): string[] =>
  stripVTControlCharacters(render(<Board m={m} />).lastFrame() ?? '').split('\n');

describe('the board', () => {
  it('shows the join line, a summary, and the learners with hands and the stuck first, marked', () => {
    const lines = frame(model(roster()));
    expect(lines[0]).toContain('demystify --join class://10.0.0.5:7443/K7F-9QX/sha256:');
    expect(lines[1]).toMatch(/^3 learners · 1 hand up · 1 stuck over 5m · 0 away · sort: stuck first/);
    const rows = lines.slice(4, 7);
    expect(rows[0]).toMatch(/^✋ Cyd +3\/15 kube-apiserver +4\/9 check: readyz.*running +1s +1/);
    expect(rows[1]).toMatch(/^⚑ +Bob .*failed +7m +1 +readyz: connection refused/);
    expect(rows[2]).toMatch(/^ +Ada .*reading +5s/);
    expect(lines.at(-1)).toContain(`${keyFor('board', 'sort')} sort`);
  });

  it('opens the selected learner’s details', () => {
    const r = roster();
    const m = model(r);
    const bob = m.learners.find((b) => b.name === 'Bob')!.key;
    const text = frame({ ...m, selected: bob, details: true }).join('\n');
    expect(text).toContain('Bob: 3/15 kube-apiserver');
    expect(text).toContain('failed: readyz: connection refused');
    expect(text).toContain('dropped from them: 0 malformed, 0 oversized, 0 over the rate');
  });

  it('cuts every cell on a narrow terminal, one learner to a line', () => {
    const m = model(roster());
    for (const b of m.learners) expect(rowLine(b, 60).length).toBeLessThanOrEqual(60);
    const lines = frame({ ...m, cols: 60 });
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lines.filter((l) => /Bob|Ada|Cyd/.test(l))).toHaveLength(3);
  });
});

describe('the board app', () => {
  function app(r: Roster): { app: BoardApp; type: (keys: string) => void; done: Promise<void> } {
    const input = new EventEmitter();
    const terminal: TerminalIO = {
      cols: 120,
      rows: 30,
      write: () => true,
      onDrain: () => {},
      onResize: () => () => {},
      onInput: (l) => (input.on('data', l), () => input.off('data', l)),
      enter: () => {},
      leave: () => {},
    };
    const server = Object.assign(new EventEmitter(), {
      roster: r,
      counts: noCounts(),
      connections: () => ({ learners: 3, watchers: 0, presenter: false }),
      watchLearner: () => undefined,
    }) as unknown as BoardSource;
    const stdout = Object.assign(new PassThrough(), {
      columns: 120,
      rows: 30,
    }) as unknown as NodeJS.WriteStream;
    stdout.resume();
    const a = new BoardApp({
      server,
      joinLine: 'class://x',
      terminal,
      stdout,
      stuckMs: 300_000,
      color: false,
      now: () => T0,
    });
    const done = a.run();
    return { app: a, type: (k) => input.emit('data', k), done };
  }

  it('moves the selection, sorts, filters, refuses an unshared screen with a sentence, and quits', async () => {
    const { app: a, type, done } = app(roster());
    const name = (): string | undefined => a.model().learners.find((b) => b.key === a.model().selected)?.name;
    expect(name()).toBe('Cyd');
    type(keyFor('board', 'scroll-down') === '↓' ? '\x1b[B' : 'j');
    expect(name()).toBe('Bob');
    type('s');
    expect(a.model().sort).toBe('name');
    expect(a.model().learners.map((b) => b.name)).toEqual(['Ada', 'Bob', 'Cyd']);
    type('f');
    expect(a.model().learners.map((b) => b.name)).toEqual(['Bob', 'Cyd']);
    type('v');
    expect(a.model().notice).toMatch(/is not sharing their screen/);
    type('q');
    await done;
  });
});
