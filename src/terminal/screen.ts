// A pane's screen: a headless terminal emulator (@xterm/headless) that a
// pty's raw output is fed into, and the pane's history. The UI reads rows
// from it (renderRow) and the cursor; nothing here draws.
//
// Output waits in `pending` until a frame is due (catchUp): then it is parsed
// in one batch, and a flood of plain lines is cut to the last screenful (see
// jump-scroll.ts), so a pane that prints faster than anyone can read costs a
// screenful a frame instead of every line, and a pane printing a line now and
// then costs one wake-up a frame instead of one per line. Every byte also goes into a raw
// history, and copy mode reads a replay of that history (openHistory), so
// scrolling back and searching still see every line that was skipped.
import pkg from '@xterm/headless';
import type { IBufferCell, Terminal as XTerm } from '@xterm/headless';
import { jumpScroll } from './jump-scroll.js';
import { RawRing } from './raw-ring.js';
import { renderRow, type RowMark } from './screen-row.js';

// @xterm/headless is CommonJS: a named import of Terminal fails under NodeNext.
const { Terminal } = pkg;

export interface ScreenOptions {
  readonly cols: number;
  readonly rows: number;
  /** Lines copy mode can go back (the raw history holds about this many). */
  readonly scrollback?: number;
  /** Answers to the program's queries (cursor position, device attributes) go back into its pty. */
  readonly reply?: (data: string) => void;
}

export interface ScreenCursor {
  readonly x: number;
  readonly y: number;
  readonly visible: boolean;
}

export const DEFAULT_SCROLLBACK = 5_000;
/** Characters of raw history a pane keeps, at most (the line bound usually comes first). */
const HISTORY_CHARS = 2 * 1024 * 1024;
/**
 * Lines the live emulator keeps above its screen, to fill a pane made taller.
 * Above a jump they are not contiguous with the screen; a pane is never
 * taller than the terminal, and a jump keeps that many lines, so only a
 * terminal made taller after a flood can show such a line (until the next
 * output). Erasing them at each jump would cost an allocation per line.
 */
const LIVE_SCROLLBACK = 200;
/** Output waiting for a frame that does not come (a slow terminal) is cut down past this. */
const MAX_PENDING_CHARS = 1024 * 1024;

function makeTerm(cols: number, rows: number, scrollback: number): XTerm {
  return new Terminal({ cols, rows, scrollback, allowProposedApi: true, logLevel: 'off' });
}

export class PaneScreen {
  private readonly term: XTerm;
  private readonly cell: IBufferCell;
  private readonly raw: RawRing;
  private readonly historyLines: number;
  /** Copy mode: the raw history replayed, read instead of `term` while open. */
  private history: XTerm | undefined;
  private historyReady: Promise<void> | undefined;
  private pending: string[] = [];
  private pendingChars = 0;
  private keepRows: number;
  private cursorHidden = false;
  private readonly listeners = new Set<() => void>();
  private disposed = false;
  /** Bumped on every change; the renderer redraws a pane only when it moved. */
  version = 0;
  /** Lines left unparsed by jump scroll so far (for the bench and tests). */
  skippedLines = 0;

  constructor(opts: ScreenOptions) {
    this.historyLines = opts.scrollback ?? DEFAULT_SCROLLBACK;
    this.raw = new RawRing({ maxChars: HISTORY_CHARS, maxLines: this.historyLines });
    this.keepRows = Math.max(1, opts.rows);
    this.term = makeTerm(
      Math.max(1, opts.cols),
      Math.max(1, opts.rows),
      Math.min(LIVE_SCROLLBACK, this.historyLines),
    );
    this.cell = this.term.buffer.active.getNullCell();
    // Parsing happens after write() returns, in xterm's own slices: a change is known only once parsed.
    this.term.onWriteParsed(() => this.changed());
    if (opts.reply) {
      const reply = opts.reply;
      this.term.onData((d) => reply(d));
    }
    // DECTCEM (cursor shown or hidden) is not in the public modes; watch the sequences instead.
    const track = (show: boolean) => (params: (number | number[])[]) => {
      if (params.includes(25)) this.cursorHidden = !show;
      return false; // let xterm handle the rest of the sequence too
    };
    this.term.parser.registerCsiHandler({ prefix: '?', final: 'h' }, track(true));
    this.term.parser.registerCsiHandler({ prefix: '?', final: 'l' }, track(false));
    this.term.parser.registerEscHandler({ final: 'c' }, () => {
      this.cursorHidden = false;
      return false;
    });
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  /** Raw pty output: parsed when the next frame is due (catchUp), or now when nobody draws frames. */
  write(data: string): void {
    if (this.disposed || data === '') return;
    this.raw.push(data);
    this.history?.write(data);
    if (this.listeners.size === 0) {
      this.term.write(data);
      return;
    }
    this.pending.push(data);
    this.pendingChars += data.length;
    if (this.pendingChars > MAX_PENDING_CHARS) void this.catchUp();
    // Ask for a frame (one is enough): it calls catchUp.
    else if (this.pending.length === 1) for (const l of this.listeners) l();
  }

  /**
   * Hands what is pending to the emulator, cut to the last `keepRows` lines
   * when it is a flood of plain lines; resolves once parsed, undefined when
   * nothing was pending. The frame loop calls this before each frame, with
   * the terminal's height (the tallest this pane can become).
   */
  catchUp(keepRows: number = this.keepRows): Promise<void> | undefined {
    this.keepRows = Math.max(keepRows, this.term.rows);
    if (this.pending.length === 0 || this.disposed) return undefined;
    const jump = jumpScroll(this.pending, this.keepRows);
    this.pending = [];
    this.pendingChars = 0;
    this.skippedLines += jump.skipped;
    const last = jump.chunks.length - 1;
    return new Promise((resolve) =>
      jump.chunks.forEach((chunk, i) => this.term.write(chunk, i === last ? resolve : undefined)),
    );
  }

  /** Resolves once everything written so far is parsed (tests, and a clean last frame). */
  flush(): Promise<void> {
    void this.catchUp();
    return new Promise((resolve) => (this.disposed ? resolve() : this.term.write('', resolve)));
  }

  resize(cols: number, rows: number): void {
    const c = Math.max(1, Math.floor(cols));
    const r = Math.max(1, Math.floor(rows));
    if (this.disposed || (c === this.term.cols && r === this.term.rows)) return;
    // Output still waiting is parsed after this, at the new size: as it would be had it
    // been written already, since xterm parses after write() returns.
    this.term.resize(c, r);
    this.history?.resize(c, r);
    this.changed();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Row `y` of what is on view (scrolled back or not), exactly `width` columns with attributes. */
  renderRow(y: number, width: number, marks?: readonly RowMark[]): string {
    const b = this.view().buffer.active;
    return renderRow(b.getLine(b.viewportY + y), width, this.cell, marks);
  }

  /** Where the program's cursor is on view; undefined when scrolled back or in copy mode. */
  cursor(): ScreenCursor | undefined {
    const b = this.term.buffer.active;
    if (this.history || b.viewportY !== b.baseY) return undefined;
    return { x: Math.min(b.cursorX, this.term.cols - 1), y: b.cursorY, visible: !this.cursorHidden };
  }

  /** Modes the outer terminal mirrors so raw keys mean the same inside the pane. */
  get modes(): { readonly applicationCursorKeys: boolean; readonly bracketedPaste: boolean } {
    return {
      applicationCursorKeys: this.term.modes.applicationCursorKeysMode,
      bracketedPaste: this.term.modes.bracketedPasteMode,
    };
  }

  // --- history (copy mode) ---

  /**
   * Copy mode starts: the raw history is replayed into an emulator of its own
   * (every line, also those jump scroll skipped), which the view and the
   * methods below read until closeHistory. Resolves once it is parsed.
   */
  openHistory(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (!this.historyReady) {
      const h = makeTerm(this.term.cols, this.term.rows, this.historyLines);
      h.onWriteParsed(() => this.changed());
      this.history = h;
      const text = this.raw.text();
      this.historyReady = new Promise<void>((resolve) => h.write(text, resolve));
    }
    return this.historyReady;
  }

  closeHistory(): void {
    if (!this.history) return;
    this.history.dispose();
    this.history = undefined;
    this.historyReady = undefined;
    this.changed();
  }

  get historyOpen(): boolean {
    return this.history !== undefined;
  }

  /** Lines in the buffer on view: scrollback plus the screen. */
  get length(): number {
    return this.view().buffer.active.length;
  }

  /** Absolute index of the first line on view. */
  get viewTop(): number {
    return this.view().buffer.active.viewportY;
  }

  /** How many lines the view is scrolled back from the bottom. */
  get scrolledBack(): number {
    const b = this.view().buffer.active;
    return b.baseY - b.viewportY;
  }

  /** Plain text of absolute line `index` (no trailing blanks). */
  lineText(index: number): string {
    return this.view().buffer.active.getLine(index)?.translateToString(true) ?? '';
  }

  /** Whether absolute line `index` continues the line before it (soft wrap). */
  isWrapped(index: number): boolean {
    return this.view().buffer.active.getLine(index)?.isWrapped ?? false;
  }

  /** Scrolls the view by `lines` (negative: back into history); xterm keeps the view on its content as output arrives. */
  scrollBy(lines: number): void {
    this.view().scrollLines(lines);
    this.changed();
  }

  /** Puts absolute line `index` at the top of the view (clamped). */
  scrollTo(index: number): void {
    this.view().scrollToLine(index);
    this.changed();
  }

  scrollToBottom(): void {
    this.view().scrollToBottom();
    this.changed();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.listeners.clear();
    this.history?.dispose();
    this.term.dispose();
  }

  private view(): XTerm {
    return this.history ?? this.term;
  }

  private changed(): void {
    this.version += 1;
    for (const l of this.listeners) l();
  }
}
