// Copy mode over a pane's history, as in tmux: a line cursor that scrolls the
// view, search (newest match first), a line selection, and the text to copy.
// The history is a replay of everything the pane kept (openHistory, before
// copy mode starts); the view's position lives in it, and it keeps the view
// on the same content while new output arrives.
import type { RowMark } from '../terminal/screen-row.js';
import type { CopyMode } from './ui-state.js';

/** What copy mode needs from a pane's screen (PaneScreen has it). */
export interface History {
  readonly length: number;
  readonly rows: number;
  readonly cols: number;
  readonly viewTop: number;
  lineText(index: number): string;
  isWrapped(index: number): boolean;
  scrollTo(index: number): void;
  scrollToBottom(): void;
  /** Makes the whole history readable; resolves when it is (copy mode starts then). */
  openHistory(): Promise<void>;
  /** Back to the live screen. */
  closeHistory(): void;
}

export function enterCopy(pane: string, h: History): CopyMode {
  // Start on the last line with text on view, where the learner was looking.
  let cursor = h.viewTop + h.rows - 1;
  while (cursor > h.viewTop && h.lineText(cursor).trim() === '') cursor -= 1;
  return { pane, cursor, anchor: undefined, search: undefined };
}

export function leaveCopy(h: History): void {
  h.closeHistory();
}

/** Moves the cursor by `delta` lines, scrolling the view to keep it on screen. */
export function moveCursor(c: CopyMode, h: History, delta: number): CopyMode {
  const cursor = Math.max(0, Math.min(h.length - 1, c.cursor + delta));
  reveal(cursor, h);
  return { ...c, cursor };
}

export function moveTo(c: CopyMode, h: History, line: number): CopyMode {
  return moveCursor(c, h, line - c.cursor);
}

function reveal(line: number, h: History): void {
  if (line < h.viewTop) h.scrollTo(line);
  else if (line >= h.viewTop + h.rows) h.scrollTo(line - h.rows + 1);
}

/** Case-insensitive unless the query has a capital letter (smart case, as in vim and less). */
function matcher(query: string): (text: string) => number {
  const smart = query !== query.toLowerCase();
  const q = smart ? query : query.toLowerCase();
  return (text) => (smart ? text : text.toLowerCase()).indexOf(q);
}

export type SearchResult = { readonly copy: CopyMode; readonly message: string | undefined };

/** Finds the next line with the query, older (up) or newer (down) than the cursor, wrapping around once. */
export function search(c: CopyMode, h: History, query: string, older: boolean): SearchResult {
  const at = matcher(query);
  const n = h.length;
  const withQuery = { ...c, search: { query, typing: false } };
  if (!query || n === 0) return { copy: withQuery, message: undefined };
  for (let k = 1; k <= n; k += 1) {
    const raw = older ? c.cursor - k : c.cursor + k;
    const line = ((raw % n) + n) % n;
    if (at(h.lineText(line)) >= 0) {
      const wrapped = older ? raw < 0 : raw >= n;
      return {
        copy: moveTo(withQuery, h, line),
        message: wrapped
          ? `search wrapped around: ${older ? 'continuing from the newest line' : 'continuing from the oldest line'}`
          : undefined,
      };
    }
  }
  return { copy: withQuery, message: `not found: ${query}` };
}

/** Highlights for one row on view: the selection (or the cursor line), and search matches. */
export function rowMarks(c: CopyMode, h: History, viewRow: number): RowMark[] | undefined {
  const line = h.viewTop + viewRow;
  const lo = Math.min(c.anchor ?? c.cursor, c.cursor);
  const hi = Math.max(c.anchor ?? c.cursor, c.cursor);
  const marks: RowMark[] = [];
  if (line >= lo && line <= hi) marks.push({ from: 0, to: h.cols });
  const query = c.search?.query;
  if (query && !(line >= lo && line <= hi)) {
    const text = h.lineText(line);
    const at = matcher(query);
    const i = at(text);
    // Columns equal string indices for the usual log text; wide characters only shift the mark.
    if (i >= 0) marks.push({ from: i, to: i + query.length });
  }
  return marks.length ? marks : undefined;
}

/** A key that changes whenever the marks on view change (the renderer's cache key). */
export function marksKey(c: CopyMode, h: History): string {
  return `${h.viewTop}|${c.cursor}|${c.anchor ?? ''}|${c.search?.query ?? ''}`;
}

/** The selected lines (or the cursor line) as text; soft-wrapped rows join without a newline. */
export function selectedText(c: CopyMode, h: History): string {
  const lo = Math.min(c.anchor ?? c.cursor, c.cursor);
  const hi = Math.max(c.anchor ?? c.cursor, c.cursor);
  let out = '';
  for (let i = lo; i <= hi; i += 1) {
    if (i > lo && !h.isWrapped(i)) out += '\n';
    out += h.lineText(i);
  }
  return out;
}

/** OSC 52: the terminal (and an outer tmux with set-clipboard on) puts the text on the clipboard. */
export function osc52(text: string): string {
  return `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
}
