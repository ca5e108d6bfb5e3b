// Where things ended up on the screen, as Ink's layout placed them: named
// rectangles ("slots") read off the laid-out tree after each chrome frame.
// Pane bodies are slots the compositor writes pane rows into; the lesson's
// and the overlays' are what scrolling is measured against; the focus
// targets are what the arrow keys move between.

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export type Geometry = ReadonlyMap<string, Rect>;

export const NO_GEOMETRY: Geometry = new Map();

/** Slot names, one place for the components that make slots and the code that reads them. */
export const SLOT = {
  /** The lesson with its title row: a focus target. */
  lesson: 'lesson',
  /** The lesson's lines (or what takes their place). */
  lessonBody: 'lesson-body',
  /** A pane with its title row: a focus target. */
  pane: (name: string): string => `pane:${name}`,
  /** A pane's contents: the compositor's rectangle, and the size of its pty and emulator. */
  paneBody: (name: string): string => `pane-body:${name}`,
  /** A scrolled overlay's window, and all of its content. */
  scrollView: 'scroll-view',
  scrollContent: 'scroll-content',
} as const;

/** The pane bodies on screen, by pane name. */
export function paneBodies(g: Geometry): Map<string, Rect> {
  const out = new Map<string, Rect>();
  for (const [slot, r] of g) if (slot.startsWith('pane-body:')) out.set(slot.slice('pane-body:'.length), r);
  return out;
}

/** How far a scrolled overlay can scroll before its last line reaches the bottom. */
export function scrollMax(g: Geometry): number {
  const view = g.get(SLOT.scrollView);
  const content = g.get(SLOT.scrollContent);
  return view && content ? Math.max(0, content.h - view.h) : 0;
}

/** The focus targets on screen with their rectangles: the lesson and the visible panes. */
export function focusRects(g: Geometry): { name: string; rect: Rect }[] {
  const out: { name: string; rect: Rect }[] = [];
  const lesson = g.get(SLOT.lesson);
  if (lesson) out.push({ name: 'lesson', rect: lesson });
  for (const [slot, rect] of g)
    if (slot.startsWith('pane:')) out.push({ name: slot.slice('pane:'.length), rect });
  return out;
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/** The nearest target in a direction from the focused one (as tmux's select-pane -L/-R/-U/-D). */
export function neighbour(g: Geometry, from: string, dir: Direction): string | undefined {
  const targets = focusRects(g);
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
