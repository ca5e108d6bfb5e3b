// Puts a frame on the terminal: Ink's chrome lines (borders, lesson, status)
// with the panes' rows drawn over their rectangles, writing only the rows
// (or pane segments of rows) that differ from what is already on screen.
// A pane is serialized again only when its screen changed, so a quiet pane
// costs nothing and a busy one costs its rows, never Ink's string pipeline.
import type { RowMark } from '../terminal/screen-row.js';
import type { ScreenCursor } from '../terminal/screen.js';
import type { Rect } from './geometry.js';

/** What the compositor needs from a pane's screen. */
export interface RowSource {
  readonly version: number;
  renderRow(y: number, width: number, marks?: readonly RowMark[]): string;
  cursor(): ScreenCursor | undefined;
}

export interface PaneView {
  readonly name: string;
  readonly body: Rect;
  readonly source: RowSource;
  /** Highlights per body row (copy mode); `marksKey` changes whenever they do. */
  readonly marks?: (y: number) => readonly RowMark[] | undefined;
  readonly marksKey?: string;
}

export interface FrameInput {
  /** Ink's frame, one string per screen row. */
  readonly chrome: readonly string[];
  readonly panes: readonly PaneView[];
  /** Where the terminal's cursor shows (the focused pane's cursor), or hidden. */
  readonly cursor: { readonly x: number; readonly y: number } | undefined;
  /** Mirror the focused pane's DECCKM so arrow keys reach it in the form it asked for. */
  readonly applicationCursorKeys: boolean;
}

interface PaneCache {
  version: number;
  key: string;
  rows: string[];
}

export const BEGIN_SYNC = '\x1b[?2026h';
export const END_SYNC = '\x1b[?2026l';
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
const cup = (y: number, x: number): string => `\x1b[${y + 1};${x + 1}H`;

export class Compositor {
  private prevChrome: string[] = [];
  private prevLayout: string[] = [];
  private prevSegs: string[][] = [];
  private readonly paneCache = new Map<string, PaneCache>();
  private prevCursor = '';
  private appCursor = false;
  private full = true;

  constructor(private rows: number) {}

  /** Everything is drawn again at the next frame (after a resize or a clear). */
  invalidate(rows: number): void {
    this.rows = rows;
    this.full = true;
    this.prevChrome = [];
    this.prevLayout = [];
    this.prevSegs = [];
    this.paneCache.clear();
    this.prevCursor = '';
  }

  /** The bytes that bring the terminal to `input`; '' when it already shows it. */
  frame(input: FrameInput): string {
    const rowsOf = new Map<string, string[]>();
    for (const p of input.panes) rowsOf.set(p.name, this.paneRows(p));
    let out = '';
    if (this.full) out += '\x1b[H\x1b[2J';
    for (let y = 0; y < this.rows; y += 1) {
      const segs: { x: number; text: string }[] = [];
      let layoutKey = '';
      for (const p of input.panes) {
        const b = p.body;
        if (y < b.y || y >= b.y + b.h || b.w <= 0) continue;
        segs.push({ x: b.x, text: rowsOf.get(p.name)?.[y - b.y] ?? '' });
        layoutKey += `${p.name}@${b.x}+${b.w};`;
      }
      const chrome = input.chrome[y] ?? '';
      const prevSegs = this.prevSegs[y];
      if (this.full || chrome !== this.prevChrome[y] || layoutKey !== this.prevLayout[y] || !prevSegs) {
        // Erase first, then write: the last column must not be followed by an erase (pending wrap).
        out += `${cup(y, 0)}\x1b[0m\x1b[2K${chrome}`;
        for (const s of segs) out += cup(y, s.x) + s.text;
      } else {
        segs.forEach((s, i) => {
          if (s.text !== prevSegs[i]) out += cup(y, s.x) + s.text;
        });
      }
      this.prevChrome[y] = chrome;
      this.prevLayout[y] = layoutKey;
      this.prevSegs[y] = segs.map((s) => s.text);
    }
    this.full = false;
    for (const name of [...this.paneCache.keys()]) if (!rowsOf.has(name)) this.paneCache.delete(name);

    let modes = '';
    if (input.applicationCursorKeys !== this.appCursor) {
      this.appCursor = input.applicationCursorKeys;
      modes = this.appCursor ? '\x1b[?1h' : '\x1b[?1l';
    }
    const cursor = input.cursor ? `${cup(input.cursor.y, input.cursor.x)}${SHOW_CURSOR}` : HIDE_CURSOR;
    if (out === '' && cursor === this.prevCursor) return modes;
    this.prevCursor = cursor;
    if (out === '') return modes + cursor;
    // Synchronized output: terminals that know it show the frame at once; others ignore it.
    return `${BEGIN_SYNC}${HIDE_CURSOR}${modes}${out}\x1b[0m${cursor}${END_SYNC}`;
  }

  private paneRows(p: PaneView): string[] {
    const key = `${p.body.w}x${p.body.h}|${p.marksKey ?? ''}`;
    const cached = this.paneCache.get(p.name);
    if (cached && cached.version === p.source.version && cached.key === key) return cached.rows;
    const rows: string[] = [];
    for (let y = 0; y < p.body.h; y += 1) rows.push(p.source.renderRow(y, p.body.w, p.marks?.(y)));
    this.paneCache.set(p.name, { version: p.source.version, key, rows });
    return rows;
  }
}
