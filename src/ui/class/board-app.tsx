// The class board as an app: Ink draws it on the terminal, keys come through
// the key table ("board" and "board-screen" contexts), and it draws again
// when the class changes (at most ten times a second: bench/class.mjs
// measured 200 learners at 100 events a second costing about an eighth of a
// core so, and four frames a second doubling the time to the board) and once
// a second for the time on each step. A key draws at once. Opening a
// learner's shared screen feeds their bytes into our own emulator
// (src/class/remote-screen.ts) and shows its rows.
import { PassThrough } from 'node:stream';
import React from 'react';
import { render, type Instance } from 'ink';
import { boardRows, FILTERS, SORTS, type BoardFilter, type BoardSort } from '../../class/board-view.js';
import { RemoteScreen } from '../../class/remote-screen.js';
import type { ClassServer } from '../../class/server.js';
import { dispatch, hintLine, type Handlers } from '../key-bindings.js';
import { screenLines, screenTitle } from './screen-lines.js';
import { parseKeys } from '../keys.js';
import type { TerminalIO } from '../terminal-io.js';
import { Board, SharedScreen, type BoardModel } from './Board.js';

export type BoardSource = Pick<
  ClassServer,
  'roster' | 'counts' | 'connections' | 'watchLearner' | 'on' | 'off'
>;

export interface BoardAppOptions {
  readonly server: BoardSource;
  readonly joinLine: string;
  readonly terminal: TerminalIO;
  /** Ink writes here (the terminal's stdout). */
  readonly stdout: NodeJS.WriteStream;
  readonly stuckMs: number;
  readonly color: boolean;
  readonly now?: () => number;
  /** After each board frame, with what it showed (bench/class.mjs times events to the board with it). */
  readonly onFrame?: (m: BoardModel) => void;
}

const FRAME_MS = 100;

const next = <T,>(list: readonly T[], v: T): T => list[(list.indexOf(v) + 1) % list.length]!;

export class BoardApp {
  private sort: BoardSort = 'stuck';
  private filter: BoardFilter = 'all';
  private selected: string | undefined;
  private details = false;
  private notice: string | undefined;
  private watching: { key: string; name: string; screen: RemoteScreen; stop: () => void } | undefined;
  private ink: Instance | undefined;
  private timer: NodeJS.Timeout | undefined;
  private tick: NodeJS.Timeout | undefined;
  private done: (() => void) | undefined;
  private readonly now: () => number;
  private readonly offs: (() => void)[] = [];

  constructor(private readonly opts: BoardAppOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Shows the board until the instructor quits. */
  run(): Promise<void> {
    const { server, terminal } = this.opts;
    const changed = (): void => this.request();
    server.on('change', changed);
    this.offs.push(() => server.off('change', changed));
    this.offs.push(terminal.onInput((chunk) => this.input(chunk)));
    this.offs.push(terminal.onResize(() => this.draw()));
    this.tick = setInterval(() => this.request(), 1000);
    this.draw();
    return new Promise((resolve) => (this.done = resolve));
  }

  /** The board's model now (the tests render it). */
  model(): BoardModel {
    const { server, terminal } = this.opts;
    const all = server.roster.all();
    const learners = boardRows(all, this.now(), {
      sort: this.sort,
      filter: this.filter,
      stuckMs: this.opts.stuckMs,
    });
    if (!learners.some((b) => b.key === this.selected)) this.selected = learners[0]?.key;
    const c = server.counts;
    const conns = server.connections();
    return {
      cols: terminal.cols,
      // Ink clears the whole screen for a frame as tall as the terminal: one row less.
      rows: Math.max(3, terminal.rows - 1),
      joinLine: this.opts.joinLine,
      learners,
      total: all.length,
      selected: this.selected,
      details: this.details,
      sort: this.sort,
      filter: this.filter,
      stuckMs: this.opts.stuckMs,
      dropped: c.malformed + c.oversized + c.flood + c.badHello,
      watchers: conns.watchers,
      presenter: conns.presenter,
      notice: this.notice,
      color: this.opts.color,
    };
  }

  private readonly board: Handlers<'board'> = {
    'scroll-up': () => this.move(-1),
    'scroll-down': () => this.move(1),
    details: () => (this.details = !this.details),
    screen: () => this.openScreen(),
    sort: () => (this.sort = next(SORTS, this.sort)),
    filter: () => (this.filter = next(FILTERS, this.filter)),
    quit: () => this.stop(),
  };

  private readonly screen: Handlers<'board-screen'> = {
    close: () => this.closeScreen(),
  };

  private input(chunk: string): void {
    for (const key of parseKeys(chunk)) {
      this.notice = undefined;
      if (this.watching) dispatch('board-screen', key.name, this.screen);
      else dispatch('board', key.name, this.board);
      if (!this.done) return;
    }
    this.draw();
  }

  private move(by: number): void {
    const rows = this.model().learners;
    const i = rows.findIndex((b) => b.key === this.selected);
    this.selected = rows[Math.max(0, Math.min(rows.length - 1, i + by))]?.key;
  }

  private openScreen(): void {
    const row = this.model().learners.find((b) => b.key === this.selected);
    if (!row) return;
    const screen = new RemoteScreen();
    const stop = this.opts.server.watchLearner(
      row.key,
      (chunk) => screen.data(chunk),
      (size) => screen.resize(size),
    );
    if (!stop) {
      screen.dispose();
      this.notice = `${row.name} is not sharing their screen (they share it with a key of their own, when they choose)`;
      return;
    }
    screen.onChange(() => this.request());
    this.watching = { key: row.key, name: row.name, screen, stop };
  }

  private closeScreen(): void {
    this.watching?.stop();
    this.watching?.screen.dispose();
    this.watching = undefined;
  }

  private request(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.draw();
    }, FRAME_MS);
  }

  private draw(): void {
    if (!this.done && this.ink) return;
    const m = this.watching ? undefined : this.model();
    const tree = m ? <Board m={m} /> : this.screenTree();
    if (!tree) return;
    if (this.ink) this.ink.rerender(tree);
    else
      this.ink = render(tree, {
        stdout: this.opts.stdout,
        // Keys come from the terminal through the key table, never through Ink.
        stdin: new PassThrough() as unknown as NodeJS.ReadStream,
        exitOnCtrlC: false,
        patchConsole: false,
      });
    if (m) this.opts.onFrame?.(m);
  }

  private screenTree(): React.JSX.Element | undefined {
    const w = this.watching!;
    const { cols, rows } = this.opts.terminal;
    const got = screenLines(w.screen, cols, rows);
    if (!got.ready) {
      void got.parsed.then(() => this.request());
      return undefined;
    }
    const title =
      screenTitle(`${w.name}’s screen`, w.screen, cols, rows) ?? `${w.name} is not sharing their screen now`;
    return (
      <SharedScreen
        m={{ cols, rows: Math.max(3, rows - 1), title, lines: got.lines, footer: hintLine('board-screen') }}
      />
    );
  }

  private stop(): void {
    this.closeScreen();
    clearTimeout(this.timer);
    clearInterval(this.tick);
    for (const off of this.offs.splice(0)) off();
    this.ink?.unmount();
    const done = this.done;
    this.done = undefined;
    done?.();
  }
}
