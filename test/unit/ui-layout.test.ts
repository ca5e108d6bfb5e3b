// Who gets how much room (docs/layout.md), as the running app lays it out:
// the workshop's screen drawn by Ink through the real screen loop, and the
// rectangles of its lesson and panes read back from Ink's layout, at
// 80x24, 120x35, 160x45 and 240x60. The rules that are plain numbers
// (thresholds, the lesson's width) are checked as functions too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkshop } from '../../src/lesson/load.js';
import type { Workshop } from '../../src/lesson/model.js';
import { focusRects, neighbour, paneBodies, SLOT, type Geometry, type Rect } from '../../src/ui/geometry.js';
import {
  chapterListRows,
  gridColumns,
  layoutMode,
  LESSON_MAX,
  LESSON_READ,
  lessonBodyGuess,
  lessonColumns,
} from '../../src/ui/layout.js';
import { chapterWidth } from '../../src/ui/lesson-text.js';
import { initialUi } from '../../src/ui/ui-state.js';
import {
  harness,
  runningPanes,
  SCREEN_SIZES,
  stillScreen,
  type Harness,
  type StillScreen,
} from '../fixtures/ui/screen-harness.js';

let workshop: Workshop;
beforeAll(async () => {
  workshop = (await loadWorkshop('test/fixtures/workshop-basic')).workshop;
});
// One terminal per size, kept across tests, as the app keeps its loop (and Ink) across screens.
const terminals = new Map<string, Harness>();
afterAll(() => {
  for (const h of terminals.values()) h.stop();
});

async function screen(
  cols: number,
  rows: number,
  panes: string[],
  over: Partial<Parameters<typeof stillScreen>[0]> = {},
): Promise<StillScreen> {
  const key = `${cols}x${rows}`;
  if (!terminals.has(key)) terminals.set(key, harness(cols, rows));
  return stillScreen({ cols, rows, workshop, panes: runningPanes(panes), on: terminals.get(key)!, ...over });
}

const inside = (r: Rect, cols: number, rows: number): boolean =>
  r.x >= 0 && r.y >= 0 && r.x + r.w <= cols && r.y + r.h <= rows;
const overlaps = (a: Rect, b: Rect): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The focus targets (lesson, panes): inside the screen, above the status line, none over another. */
function expectTidy(g: Geometry, cols: number, rows: number, at: string): void {
  const all = focusRects(g).map((t) => t.rect);
  for (const r of all) expect(inside(r, cols, rows - 2), at).toBe(true);
  for (let i = 0; i < all.length; i += 1)
    for (let j = i + 1; j < all.length; j += 1)
      expect(overlaps(all[i]!, all[j]!), `${at}: ${i} ${j}`).toBe(false);
}

const COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];
const SIZES = SCREEN_SIZES;

describe('the workshop screen as Ink lays it out', () => {
  // Eight screens drawn: more than the default time on a busy machine.
  it(
    'gives the lesson, the shell and the components a sensible share at every size',
    { timeout: 60_000 },
    async () => {
      for (const [cols, rows] of SIZES) {
        for (const k of [2, 4]) {
          const panes = ['shell', ...COMPONENTS.slice(0, k)];
          const { geometry: g } = await screen(cols, rows, panes);
          const at = `${cols}x${rows} with ${k} components`;
          expectTidy(g, cols, rows, at);
          const lesson = g.get(SLOT.lesson)!;
          const bodies = paneBodies(g);
          const shell = bodies.get('shell')!;
          const mainH = rows - 2;
          if (layoutMode(cols, rows) === 'narrow') {
            // Stacked: the lesson on top, full width, half the height; one pane under its tab bar.
            expect(lesson.w, at).toBe(cols);
            expect(lesson.h, at).toBe(Math.round(mainH / 2));
            expect([...bodies.keys()], at).toEqual(['shell']);
            expect(shell.h, at).toBeGreaterThanOrEqual(Math.floor(mainH / 2) - 2);
            continue;
          }
          // The lesson: what the chapter asks where the panes keep 45% of the screen, else what is left.
          expect(lesson.w, at).toBe(lessonColumns(cols, chapterWidth(workshop.chapters[0]!)));
          expect(cols - lesson.w - 1, at).toBeGreaterThanOrEqual(Math.max(56, cols * 0.45));
          // The chapter list over it, no more than a fifth of the height; the lesson keeps the rest.
          expect(lesson.y, at).toBe(chapterListRows(rows, workshop.chapters.length));
          expect(lesson.y + lesson.h, at).toBe(mainH);
          // The shell keeps ~45% of the panes' height; each component shows a few lines at least.
          expect(shell.h + 1, at).toBe(Math.max(6, Math.round(mainH * 0.45)));
          for (const name of COMPONENTS.slice(0, k)) {
            const body = bodies.get(name)!;
            expect(body.h, `${at}: ${name}`).toBeGreaterThanOrEqual(3);
            const columns = gridColumns(k, cols - lesson.w - 1);
            expect(body.w, `${at}: ${name}`).toBeGreaterThanOrEqual(columns === 2 ? 40 : 56);
          }
          // The first frame's guess at the lesson's body was what the layout made (no second pass).
          const body = g.get(SLOT.lessonBody)!;
          expect(
            lessonBodyGuess(cols, rows, {
              wants: chapterWidth(workshop.chapters[0]!),
              chapterCount: workshop.chapters.length,
            }),
            at,
          ).toEqual({
            w: body.w,
            h: body.h,
          });
        }
      }
    },
  );

  it('puts three or more components in two columns when the panes are 80 columns wide', async () => {
    const { geometry: g } = await screen(240, 60, ['shell', ...COMPONENTS.slice(0, 3)]);
    const b = paneBodies(g);
    const [etcd, api, kcm] = ['etcd', 'kube-apiserver', 'kube-controller-manager'].map((n) => b.get(n)!);
    expect(etcd!.y).toBe(api!.y);
    expect(api!.x).toBe(etcd!.x + etcd!.w + 1);
    // A lone last pane takes the row's full width.
    expect(kcm!.w).toBe(etcd!.w + api!.w + 1);
  });

  it('zooms the focused pane over everything but the status and footer', async () => {
    const { geometry: g } = await screen(160, 45, ['shell', 'etcd'], {
      ui: { ...initialUi(), focus: 'etcd', zoomed: true },
    });
    expect(paneBodies(g)).toEqual(new Map([['etcd', { x: 0, y: 1, w: 160, h: 42 }]]));
    expect(g.get(SLOT.lesson)).toBeUndefined();
  });

  it('gives the help the whole screen above the status line', async () => {
    const { geometry: g } = await screen(100, 30, ['shell'], {
      ui: { ...initialUi(), overlay: { kind: 'help', scroll: 0 } },
    });
    expect(g.get(SLOT.scrollView)).toEqual({ x: 0, y: 0, w: 100, h: 28 });
    expect(paneBodies(g).size).toBe(0);
  });

  it('moves the focus by direction like tmux', async () => {
    const { geometry: g } = await screen(160, 45, ['shell', ...COMPONENTS.slice(0, 3)]);
    expect(neighbour(g, 'lesson', 'right')).toBeDefined();
    expect(neighbour(g, 'shell', 'left')).toBe('lesson');
    expect(COMPONENTS).toContain(neighbour(g, 'shell', 'up'));
    expect(neighbour(g, 'lesson', 'left')).toBeUndefined();
  });

  it('still draws in a tiny terminal, the status line and the keys at the bottom', async () => {
    for (const [cols, rows] of [
      [20, 8],
      [40, 10],
    ] as const) {
      const { rows: text, geometry: g } = await screen(cols, rows, ['shell', 'etcd']);
      expect(text.at(-1), `${cols}x${rows}`).toMatch(/r run step/);
      for (const r of focusRects(g).map((t) => t.rect))
        expect(inside(r, cols, rows), `${cols}x${rows}`).toBe(true);
    }
  });

  it('presenter mode: no chapter list, a wider lesson', async () => {
    const { geometry: g } = await screen(160, 45, ['shell'], { presenter: true });
    expect(g.get(SLOT.lesson)).toEqual({ x: 0, y: 0, w: lessonColumns(160, undefined, true), h: 43 });
  });
});

describe('the sizing rules', () => {
  it('switches to side by side from 120x30', () => {
    expect(layoutMode(119, 40)).toBe('narrow');
    expect(layoutMode(120, 29)).toBe('narrow');
    expect(layoutMode(120, 30)).toBe('wide');
  });

  it('gives the lesson a comfortable reading width, and no more than a line of prose should be', () => {
    expect(lessonColumns(240, 30)).toBe(LESSON_READ);
    expect(lessonColumns(240, 200)).toBe(LESSON_MAX);
    expect(lessonColumns(400, 95)).toBe(95);
    expect(lessonColumns(120, 90)).toBe(63);
    expect(lessonColumns(160, 90)).toBe(87);
  });

  it('keeps the chapter list to a fifth of the height, and two columns of panes for many of them', () => {
    expect(chapterListRows(45, 20)).toBe(8);
    expect(chapterListRows(45, 2)).toBe(3);
    expect(gridColumns(3, 80)).toBe(2);
    expect(gridColumns(3, 79)).toBe(1);
    expect(gridColumns(2, 200)).toBe(1);
  });
});
