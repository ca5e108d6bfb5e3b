import { describe, expect, it } from 'vitest';
import {
  computeLayout,
  LESSON_MAX,
  LESSON_READ,
  neighbour,
  type Layout,
  type LayoutInput,
  type Rect,
} from '../../src/ui/layout.js';

const input = (over: Partial<LayoutInput> = {}): LayoutInput => ({
  cols: 160,
  rows: 45,
  panes: ['shell', 'etcd', 'kube-apiserver', 'kube-scheduler'],
  focus: 'lesson',
  shown: 'shell',
  zoom: false,
  overlay: false,
  chapterCount: 6,
  ...over,
});

const inside = (r: Rect, cols: number, rows: number): boolean =>
  r.x >= 0 && r.y >= 0 && r.x + r.w <= cols && r.y + r.h <= rows;
const overlaps = (a: Rect, b: Rect): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

function regions(l: Layout): Rect[] {
  return [
    ...(l.chapterList ? [l.chapterList] : []),
    ...(l.lesson ? [l.lesson] : []),
    ...(l.tabs ? [l.tabs] : []),
    ...l.separators,
    ...l.panes.flatMap((p) => (l.tabs ? [p.body] : [p.title, p.body])),
    l.status,
    l.footer,
  ];
}

describe('computeLayout', () => {
  it('puts lesson and panes side by side in a large terminal, nothing overlapping', () => {
    const l = computeLayout(input());
    expect(l.mode).toBe('wide');
    expect(l.panes.map((p) => p.name).sort()).toEqual(['etcd', 'kube-apiserver', 'kube-scheduler', 'shell']);
    const all = regions(l);
    for (const r of all) expect(inside(r, 160, 45)).toBe(true);
    for (let i = 0; i < all.length; i += 1)
      for (let j = i + 1; j < all.length; j += 1) expect(overlaps(all[i]!, all[j]!), `${i} ${j}`).toBe(false);
    // The shell keeps a good share of the height; the status and footer are the last two rows.
    expect(l.panes.find((p) => p.name === 'shell')!.body.h).toBeGreaterThan(15);
    expect([l.status.y, l.footer.y]).toEqual([43, 44]);
  });

  it('shows one pane with a tab bar in 80x24', () => {
    const l = computeLayout(input({ cols: 80, rows: 24, shown: 'etcd' }));
    expect(l.mode).toBe('narrow');
    expect(l.panes.map((p) => p.name)).toEqual(['etcd']);
    for (const r of regions(l)) expect(inside(r, 80, 24)).toBe(true);
    expect(l.panes[0]!.body.h).toBeGreaterThanOrEqual(8);
    expect(l.footer.w).toBe(79);
  });

  it('zooms the focused pane over everything but the status and footer', () => {
    const l = computeLayout(input({ focus: 'etcd', zoom: true }));
    expect(l.panes).toEqual([
      { name: 'etcd', title: { x: 0, y: 0, w: 160, h: 1 }, body: { x: 0, y: 1, w: 160, h: 42 } },
    ]);
    expect(l.lesson).toBeUndefined();
  });

  it('moves the focus by direction like tmux', () => {
    const l = computeLayout(input());
    expect(neighbour(l, 'lesson', 'right')).toBeDefined();
    expect(neighbour(l, 'shell', 'left')).toBe('lesson');
    const above = neighbour(l, 'shell', 'up');
    expect(['etcd', 'kube-apiserver', 'kube-scheduler']).toContain(above);
    expect(neighbour(l, 'lesson', 'left')).toBeUndefined();
  });

  it('gives the lesson, the shell and the components a sensible share at 80x24, 120x35, 160x45 and 240x60', () => {
    const components = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];
    for (const [cols, rows] of [
      [80, 24],
      [120, 35],
      [160, 45],
      [240, 60],
    ] as const) {
      for (const k of [2, 4]) {
        const l = computeLayout(
          input({ cols, rows, panes: ['shell', ...components.slice(0, k)], lessonWants: 90 }),
        );
        const at = `${cols}x${rows} with ${k} components`;
        const mainH = rows - 2;
        for (const r of regions(l)) expect(inside(r, cols, rows), at).toBe(true);
        const shell = l.panes.find((p) => p.name === 'shell')!;
        if (cols < 120) {
          // Stacked: the lesson on top, full width, half the height; one pane under its tab bar.
          expect(l.mode, at).toBe('narrow');
          expect(l.lesson!.w, at).toBe(cols);
          expect(l.lesson!.h, at).toBe(Math.floor(mainH / 2));
          expect(shell.body.h, at).toBeGreaterThanOrEqual(Math.floor(mainH / 2) - 2);
          continue;
        }
        expect(l.mode, at).toBe('wide');
        // The lesson: what the chapter asks (90) where the panes keep 45% of the screen, else what is left.
        const paneW = cols - l.lesson!.w - 1;
        expect(l.lesson!.w, at).toBe(Math.min(90, cols - 1 - Math.max(56, Math.ceil(cols * 0.45))));
        expect(paneW, at).toBeGreaterThanOrEqual(Math.max(56, cols * 0.45));
        // The chapter list no more than a fifth of the height; the lesson keeps the rest.
        expect(l.chapterList!.h, at).toBeLessThanOrEqual(Math.max(3, mainH / 5));
        expect(l.lesson!.h, at).toBe(mainH - l.chapterList!.h);
        // The shell keeps ~45% of the panes' height; each component shows a few lines at least.
        expect(shell.body.h, at).toBeGreaterThanOrEqual(Math.floor(mainH * 0.4));
        for (const p of l.panes.filter((x) => x.name !== 'shell')) {
          expect(p.body.h, `${at}: ${p.name}`).toBeGreaterThanOrEqual(3);
          expect(p.body.w, `${at}: ${p.name}`).toBeGreaterThanOrEqual(56);
        }
      }
    }
  });

  it('gives the lesson a comfortable reading width, and no more than a line of prose should be', () => {
    const w = (cols: number, wants: number) =>
      computeLayout(input({ cols, rows: 60, lessonWants: wants })).lesson!.w;
    expect(w(240, 30)).toBe(LESSON_READ);
    expect(w(240, 200)).toBe(LESSON_MAX);
    expect(w(400, 95)).toBe(95);
  });
});
