// A pane's screen: a headless terminal emulator (@xterm/headless) that a
// pty's raw output is fed into, with its scrollback, colours and modes. The
// UI reads rows from it (renderRow) and the cursor; nothing here draws.
import pkg from '@xterm/headless';
import type { IBufferCell, Terminal as XTerm } from '@xterm/headless';
import { renderRow, type RowMark } from './screen-row.js';

// @xterm/headless is CommonJS: a named import of Terminal fails under NodeNext.
const { Terminal } = pkg;

export interface ScreenOptions {
  readonly cols: number;
  readonly rows: number;
  /** Lines kept above the screen. */
  readonly scrollback?: number;
  /** Answers to the program's queries (cursor position, device attributes) go back into its pty. */
  readonly reply?: (data: string) => void;
}

export interface ScreenCursor {
  readonly x: number;
  readonly y: number;
  readonly visible: boolean;
}

export const DEFAULT_SCROLLBACK = 3_000;

export class PaneScreen {
  private readonly term: XTerm;
  private readonly cell: IBufferCell;
  private cursorHidden = false;
  private readonly listeners = new Set<() => void>();
  private disposed = false;
  /** Bumped on every change; the renderer redraws a pane only when it moved. */
  version = 0;

  constructor(opts: ScreenOptions) {
    this.term = new Terminal({
      cols: Math.max(1, opts.cols),
      rows: Math.max(1, opts.rows),
      scrollback: opts.scrollback ?? DEFAULT_SCROLLBACK,
      allowProposedApi: true,
      logLevel: 'off',
    });
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

  /** Raw pty output. */
  write(data: string): void {
    if (!this.disposed) this.term.write(data);
  }

  /** Resolves once everything written so far is parsed (tests, and a clean last frame). */
  flush(): Promise<void> {
    return new Promise((resolve) => (this.disposed ? resolve() : this.term.write('', resolve)));
  }

  resize(cols: number, rows: number): void {
    const c = Math.max(1, Math.floor(cols));
    const r = Math.max(1, Math.floor(rows));
    if (this.disposed || (c === this.term.cols && r === this.term.rows)) return;
    this.term.resize(c, r);
    this.changed();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Row `y` of what is on view (scrolled back or not), exactly `width` columns with attributes. */
  renderRow(y: number, width: number, marks?: readonly RowMark[]): string {
    const b = this.term.buffer.active;
    return renderRow(b.getLine(b.viewportY + y), width, this.cell, marks);
  }

  /** Where the program's cursor is on view; undefined when scrolled back. */
  cursor(): ScreenCursor | undefined {
    const b = this.term.buffer.active;
    if (b.viewportY !== b.baseY) return undefined;
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

  /** Lines in the buffer: scrollback plus the screen. */
  get length(): number {
    return this.term.buffer.active.length;
  }

  /** Absolute index of the first line on view. */
  get viewTop(): number {
    return this.term.buffer.active.viewportY;
  }

  /** How many lines the view is scrolled back from the bottom. */
  get scrolledBack(): number {
    const b = this.term.buffer.active;
    return b.baseY - b.viewportY;
  }

  /** Plain text of absolute line `index` (no trailing blanks). */
  lineText(index: number): string {
    return this.term.buffer.active.getLine(index)?.translateToString(true) ?? '';
  }

  /** Whether absolute line `index` continues the line before it (soft wrap). */
  isWrapped(index: number): boolean {
    return this.term.buffer.active.getLine(index)?.isWrapped ?? false;
  }

  /** Scrolls the view by `lines` (negative: back into history); xterm keeps the view on its content as output arrives. */
  scrollBy(lines: number): void {
    this.term.scrollLines(lines);
    this.changed();
  }

  /** Puts absolute line `index` at the top of the view (clamped). */
  scrollTo(index: number): void {
    this.term.scrollToLine(index);
    this.changed();
  }

  scrollToBottom(): void {
    this.term.scrollToBottom();
    this.changed();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.listeners.clear();
    this.term.dispose();
  }

  private changed(): void {
    this.version += 1;
    for (const l of this.listeners) l();
  }
}
