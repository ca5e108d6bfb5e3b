// How the workshop screen is shared out, as rules: the components give their
// Boxes these sizes and Ink's flexbox places them (docs/layout.md has the
// rules in words). Only what is a rule lives here (the thresholds, the
// lesson's width, the chapter list's height, the shares); the rest is
// flexbox: the status line takes the rows its sentence needs, and the lesson
// and the panes share what is left.

/** Side by side needs room for a readable lesson column and usable panes. */
export const WIDE_MIN_COLS = 120;
export const WIDE_MIN_ROWS = 30;
/** A lesson column narrower than this reads badly: ~72 characters of prose. */
export const LESSON_READ = 76;
/** Wider than this, prose lines get too long to read; longer commands break with a mark. */
export const LESSON_MAX = 100;
export const PANES_MIN = 56;
export const PANES_SHARE = 0.45;
/** The shell's share of the panes' column (per cent; the component panes share the rest), and its least height. */
export const SHELL_SHARE = 45;
export const SHELL_MIN_ROWS = 6;
/** Two columns of component panes from this many components on, when the panes' column is this wide. */
export const GRID_PANES = 3;
export const GRID_MIN_COLS = 80;
/** Stacked: the lesson's share of the rows (per cent), and its least height. */
export const NARROW_LESSON_SHARE = 50;
export const NARROW_LESSON_MIN = 4;

export type LayoutMode = 'wide' | 'narrow';

/** Below 120x30 the lesson is on top and one pane below it; from 120x30 on, side by side. */
export function layoutMode(cols: number, rows: number): LayoutMode {
  return cols >= WIDE_MIN_COLS && rows >= WIDE_MIN_ROWS ? 'wide' : 'narrow';
}

/**
 * Columns of the lesson in the wide layout (a separator and the panes take
 * the rest): as wide as the chapter's widest command or code line asks, at
 * least a comfortable reading width and at most LESSON_MAX, but never so
 * wide that the panes get less than PANES_MIN columns or PANES_SHARE of them.
 */
export function lessonColumns(cols: number, wants = LESSON_READ, presenter = false): number {
  const room = cols - 1 - Math.max(PANES_MIN, Math.ceil(cols * PANES_SHARE));
  const wanted = Math.min(LESSON_MAX, Math.max(LESSON_READ, wants));
  // The presenter's screen is calmer with half of it for the one step on view.
  return Math.max(
    44,
    presenter ? Math.max(Math.round(cols * 0.5), Math.min(wanted, room)) : Math.min(wanted, room),
  );
}

/** The chapter list is for orientation (c opens the full picker): a fifth of the height at most. */
export function chapterListRows(rows: number, chapterCount: number): number {
  return Math.min(chapterCount + 1, Math.max(3, Math.floor((rows - 2) / 5)));
}

/** Component panes in one column, or two when there are many and room for them. */
export function gridColumns(components: number, width: number): 1 | 2 {
  return components >= GRID_PANES && width >= GRID_MIN_COLS ? 2 : 1;
}

/** The component panes in rows of `columns`: a lone last pane takes the row's full width. */
export function gridRows<T>(components: readonly T[], columns: 1 | 2): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < components.length; i += columns) rows.push(components.slice(i, i + columns));
  return rows;
}

/**
 * The lesson's body (its rows under the title, its width) as the layout
 * will most likely make it: the first frame's guess, before there is a
 * measured one (a wrong guess costs one more layout pass, nothing else).
 */
export function lessonBodyGuess(
  cols: number,
  rows: number,
  opts: { readonly wants?: number; readonly presenter?: boolean; readonly chapterCount: number },
): { readonly w: number; readonly h: number } {
  const main = rows - 2;
  if (layoutMode(cols, rows) === 'narrow')
    return { w: cols, h: Math.max(NARROW_LESSON_MIN, Math.round((main * NARROW_LESSON_SHARE) / 100)) - 1 };
  const list = opts.presenter || opts.chapterCount === 0 ? 0 : chapterListRows(rows, opts.chapterCount);
  return { w: lessonColumns(cols, opts.wants, opts.presenter), h: main - list - 1 };
}

/** The wire view's rows (its title included), across the screen above the status line: a quarter of it, 4 to 12. */
export function wireRows(rows: number): number {
  return Math.max(4, Math.min(12, Math.floor(rows / 4)));
}
