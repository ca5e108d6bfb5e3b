// Where everything goes on the screen, as plain rectangles. Pure: Ink draws
// the chrome into these rectangles and the pane renderer draws pane contents
// into the same ones, so the two always agree.

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface PaneBox {
  readonly name: string;
  /** The pane's title row (in the narrow layout: the tab bar). */
  readonly title: Rect;
  /** The pane's contents: the emulator and the pty get exactly this size. */
  readonly body: Rect;
}

export interface LayoutInput {
  readonly cols: number;
  readonly rows: number;
  /** Pane names, the shell first. */
  readonly panes: readonly string[];
  /** "lesson" or a pane name. */
  readonly focus: string;
  /** The pane on view when only one fits (narrow layout). */
  readonly shown: string;
  readonly zoom: boolean;
  /** Help or lesson errors: one full-screen text, no panes. */
  readonly overlay: boolean;
  readonly chapterCount: number;
  /** Presenter mode: no chapter list, a wider lesson. */
  readonly presenter?: boolean;
  /** Columns the chapter needs for its widest command or code line (see chapterWidth). */
  readonly lessonWants?: number;
}

export interface Layout {
  readonly cols: number;
  readonly rows: number;
  readonly mode: 'wide' | 'narrow';
  readonly chapterList: Rect | undefined;
  readonly lesson: Rect | undefined;
  /** Narrow layout: the row naming every pane, the one on view highlighted. */
  readonly tabs: Rect | undefined;
  /** Vertical separators drawn by the chrome (one column wide). */
  readonly separators: readonly Rect[];
  readonly panes: readonly PaneBox[];
  readonly overlay: Rect | undefined;
  readonly status: Rect;
  readonly footer: Rect;
}

// The rule (docs/layout.md has it in words): below 120x30 the lesson is on
// top and one pane below it; from 120x30 on, the lesson is a column on the
// left as wide as the chapter's widest command or code line asks (at least a
// comfortable reading width, at most LESSON_MAX), but never so wide that the
// panes get less than PANES_MIN columns or 45% of the screen.

/** Side by side needs room for a readable lesson column and usable panes. */
export const WIDE_MIN_COLS = 120;
export const WIDE_MIN_ROWS = 30;
/** A lesson column narrower than this reads badly: ~72 characters of prose. */
export const LESSON_READ = 76;
/** Wider than this, prose lines get too long to read; longer commands break with a mark. */
export const LESSON_MAX = 100;
export const PANES_MIN = 56;
export const PANES_SHARE = 0.45;

/** Columns of the lesson in the wide layout (the separator and the panes take the rest). */
export function lessonColumns(cols: number, wants = LESSON_READ, presenter = false): number {
  const room = cols - 1 - Math.max(PANES_MIN, Math.ceil(cols * PANES_SHARE));
  const wanted = Math.min(LESSON_MAX, Math.max(LESSON_READ, wants));
  // The presenter's screen is calmer with half of it for the one step on view.
  return Math.max(
    44,
    presenter ? Math.max(Math.round(cols * 0.5), Math.min(wanted, room)) : Math.min(wanted, room),
  );
}

const rect = (x: number, y: number, w: number, h: number): Rect => ({
  x,
  y,
  w: Math.max(0, w),
  h: Math.max(0, h),
});

function paneBox(name: string, r: Rect): PaneBox {
  return { name, title: rect(r.x, r.y, r.w, 1), body: rect(r.x, r.y + 1, r.w, r.h - 1) };
}

export function computeLayout(input: LayoutInput): Layout {
  const cols = Math.max(20, input.cols);
  const rows = Math.max(8, input.rows);
  const mainH = rows - 2;
  const base = {
    cols,
    rows,
    status: rect(0, rows - 2, cols, 1),
    // One column short: a character in the bottom-right cell can scroll some terminals.
    footer: rect(0, rows - 1, cols - 1, 1),
  };
  const mode = cols >= WIDE_MIN_COLS && rows >= WIDE_MIN_ROWS ? 'wide' : 'narrow';
  const empty = {
    chapterList: undefined,
    lesson: undefined,
    tabs: undefined,
    separators: [],
    panes: [],
    overlay: undefined,
  };
  if (input.overlay) return { ...base, ...empty, mode, overlay: rect(0, 0, cols, mainH) };
  const main = rect(0, 0, cols, mainH);
  if (input.zoom) {
    if (input.focus === 'lesson') return { ...base, ...empty, mode, lesson: main };
    if (input.panes.includes(input.focus))
      return { ...base, ...empty, mode, panes: [paneBox(input.focus, main)] };
  }
  return mode === 'wide' ? wide(input, base, mainH) : narrow(input, base, mainH);
}

type Base = Pick<Layout, 'cols' | 'rows' | 'status' | 'footer'>;

function wide(input: LayoutInput, base: Base, mainH: number): Layout {
  const leftW = lessonColumns(base.cols, input.lessonWants, input.presenter);
  // The chapter list is for orientation (c opens the full picker): a fifth of the height at most.
  const listH = input.presenter ? 0 : Math.min(input.chapterCount + 1, Math.max(3, Math.floor(mainH / 5)));
  const right = rect(leftW + 1, 0, base.cols - leftW - 1, mainH);
  return {
    ...base,
    mode: 'wide',
    chapterList: input.presenter ? undefined : rect(0, 0, leftW, listH),
    lesson: rect(0, listH, leftW, mainH - listH),
    tabs: undefined,
    separators: [rect(leftW, 0, 1, mainH), ...gridSeparators(input.panes, right)],
    panes: paneGrid(input.panes, right),
    overlay: undefined,
  };
}

function narrow(input: LayoutInput, base: Base, mainH: number): Layout {
  // Stacked: the lesson gets the top half, the pane on view (with its tab bar) the bottom half.
  const lessonH = Math.max(4, Math.floor(mainH * 0.5));
  const shown = input.panes.includes(input.shown) ? input.shown : input.panes[0];
  const paneArea = rect(0, lessonH, base.cols, mainH - lessonH);
  return {
    ...base,
    mode: 'narrow',
    chapterList: undefined,
    lesson: rect(0, 0, base.cols, lessonH),
    tabs: rect(0, lessonH, base.cols, 1),
    separators: [],
    panes: shown === undefined ? [] : [paneBox(shown, paneArea)],
    overlay: undefined,
  };
}

/** Component panes in one or two columns above the shell, which keeps the bottom ~45%. */
function gridShape(
  panes: readonly string[],
  area: Rect,
): { shellH: number; columns: number; gridRows: number } {
  const k = panes.filter((p) => p !== 'shell').length;
  const hasShell = panes.includes('shell');
  if (k === 0) return { shellH: area.h, columns: 1, gridRows: 0 };
  const shellH = hasShell ? Math.max(6, Math.round(area.h * 0.45)) : 0;
  const columns = k >= 3 && area.w >= 80 ? 2 : 1;
  return { shellH, columns, gridRows: Math.ceil(k / columns) };
}

function paneGrid(panes: readonly string[], area: Rect): PaneBox[] {
  const { shellH, columns, gridRows } = gridShape(panes, area);
  const components = panes.filter((p) => p !== 'shell');
  const out: PaneBox[] = [];
  const gridH = area.h - shellH;
  components.forEach((name, i) => {
    const row = Math.floor(i / columns);
    const col = i % columns;
    // The last row takes what the division leaves; a lone last pane takes the full width.
    const top = area.y + Math.floor((gridH * row) / gridRows);
    const bottom = area.y + Math.floor((gridH * (row + 1)) / gridRows);
    const alone = col === 0 && i === components.length - 1;
    const leftW = Math.floor((area.w - 1) / 2);
    const x = col === 0 ? area.x : area.x + leftW + 1;
    const w = columns === 1 || alone ? area.w : col === 0 ? leftW : area.w - leftW - 1;
    out.push(paneBox(name, rect(x, top, w, bottom - top)));
  });
  if (panes.includes('shell')) out.unshift(paneBox('shell', rect(area.x, area.y + gridH, area.w, shellH)));
  return out;
}

function gridSeparators(panes: readonly string[], area: Rect): Rect[] {
  const { shellH, columns, gridRows } = gridShape(panes, area);
  if (columns < 2) return [];
  const k = panes.filter((p) => p !== 'shell').length;
  const gridH = area.h - shellH;
  // Full rows only: a lone pane in the last row spans the width.
  const fullRows = k % 2 === 0 ? gridRows : gridRows - 1;
  const h = Math.floor((gridH * fullRows) / gridRows);
  return [rect(area.x + Math.floor((area.w - 1) / 2), area.y, 1, h)];
}

/** The focus targets on screen with their rectangles: the lesson and the visible panes. */
export function focusRects(layout: Layout): { name: string; rect: Rect }[] {
  const out: { name: string; rect: Rect }[] = [];
  if (layout.lesson) out.push({ name: 'lesson', rect: layout.lesson });
  for (const p of layout.panes)
    out.push({ name: p.name, rect: rect(p.title.x, p.title.y, p.body.w, p.body.h + 1) });
  return out;
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/** The nearest target in a direction from the focused one (as tmux's select-pane -L/-R/-U/-D). */
export function neighbour(layout: Layout, from: string, dir: Direction): string | undefined {
  const targets = focusRects(layout);
  const cur = targets.find((t) => t.name === from)?.rect;
  if (!cur) return targets[0]?.name;
  const overlap = (a0: number, a1: number, b0: number, b1: number): number =>
    Math.min(a1, b1) - Math.max(a0, b0);
  let best: { name: string; score: number } | undefined;
  for (const t of targets) {
    if (t.name === from) continue;
    const r = t.rect;
    let gap: number;
    let shared: number;
    if (dir === 'left' || dir === 'right') {
      gap = dir === 'left' ? cur.x - (r.x + r.w) : r.x - (cur.x + cur.w);
      shared = overlap(cur.y, cur.y + cur.h, r.y, r.y + r.h);
    } else {
      gap = dir === 'up' ? cur.y - (r.y + r.h) : r.y - (cur.y + cur.h);
      shared = overlap(cur.x, cur.x + cur.w, r.x, r.x + r.w);
    }
    if (gap < 0 || shared <= 0) continue;
    const score = gap * 1000 - shared;
    if (!best || score < best.score) best = { name: t.name, score };
  }
  return best?.name;
}
