// The board's table as text that fits the terminal: fixed columns for the
// short fields, the rest of the width for the last failure reason, every
// cell cut with "…" rather than wrapped (one learner, one line). Pure.
import stringWidth from 'string-width';
import { shortDuration, type BoardRow } from '../../class/board-view.js';

/** Cuts `s` to `width` columns, with … when cut; pads to `width`. */
export function cell(s: string, width: number): string {
  if (width <= 0) return '';
  if (stringWidth(s) <= width) return s + ' '.repeat(width - stringWidth(s));
  let out = '';
  for (const ch of s) {
    if (stringWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return out + '…' + ' '.repeat(Math.max(0, width - 1 - stringWidth(out)));
}

interface Column {
  readonly title: string;
  readonly width: number;
  readonly of: (b: BoardRow) => string;
}

const FIXED: readonly Column[] = [
  { title: '', width: 2, of: (b) => (b.hand ? '✋' : b.marked ? '⚑' : '') },
  { title: 'NAME', width: 14, of: (b) => b.name },
  { title: 'CHAPTER', width: 22, of: (b) => b.chapter },
  { title: 'STEP', width: 24, of: (b) => b.step },
  { title: 'STATE', width: 18, of: (b) => (b.away ? `away · ${b.state}` : b.state) },
  { title: 'ON STEP', width: 7, of: (b) => (b.row.progress ? shortDuration(b.onStepMs) : '') },
  { title: 'HINTS', width: 5, of: (b) => (b.row.progress ? String(b.hints) : '') },
];
const REASON: Column = {
  title: 'LAST FAILURE / WAITING FOR',
  width: 0,
  of: (b) => b.reason + (b.sharing ? '  [sharing screen]' : ''),
};

/** The columns that fit in `width`: the reason takes what is left (narrow terminals drop step, then chapter). */
function columnsFor(width: number): Column[] {
  let cols = [...FIXED];
  const used = (c: readonly Column[]): number => c.reduce((n, x) => n + x.width + 1, 0);
  for (const drop of ['STEP', 'CHAPTER', 'HINTS'])
    if (used(cols) + 12 > width) cols = cols.filter((c) => c.title !== drop);
  return [...cols, { ...REASON, width: Math.max(0, width - used(cols)) }];
}

export function headerLine(width: number): string {
  return columnsFor(width)
    .map((c) => cell(c.title, c.width))
    .join(' ')
    .trimEnd();
}

export function rowLine(b: BoardRow, width: number): string {
  return columnsFor(width)
    .map((c) => cell(c.of(b), c.width))
    .join(' ')
    .trimEnd();
}
