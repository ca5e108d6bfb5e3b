// The chrome painter draws what the Ink component draws, cell for cell: both
// frames are written into a headless terminal and their rows compared (so
// equal looks pass even where the escape sequences are spelled differently).
import { stripVTControlCharacters } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWorkshop } from '../../src/lesson/load.js';
import type { Workshop } from '../../src/lesson/model.js';
import { PaneScreen } from '../../src/terminal/screen.js';
import type { ChromeModel } from '../../src/ui/Chrome.js';
import { ChromePainter, truncateEnd } from '../../src/ui/chrome-painter.js';
import { ChromeRenderer } from '../../src/ui/chrome-renderer.js';
import type { PaneInfo } from '../../src/ui/chrome-text.js';
import { makeTheme } from '../../src/ui/theme.js';
import { chromeModel, controllerAt } from '../helpers/chrome-model.js';
import { initialUi, type UiState } from '../../src/ui/ui-state.js';

let workshop: Workshop;
beforeAll(async () => {
  workshop = (await loadWorkshop('lessons')).workshop;
});

const panes: PaneInfo[] = [
  { name: 'shell', number: 1, state: { kind: 'ready' }, pid: 100 },
  { name: 'etcd', number: 2, state: { kind: 'starting' }, pid: 200 },
  {
    name: 'kube-apiserver',
    number: 3,
    state: { kind: 'crashed', code: 1, signal: null, lastLines: [] },
    pid: 300,
  },
];

function model(
  ui: UiState,
  cols: number,
  rows: number,
  color: boolean,
  chapterIndex = 1,
  fail?: string,
): ChromeModel {
  const controller = controllerAt(workshop, chapterIndex, fail);
  return chromeModel({ workshop, controller, ui, cols, rows, panes, theme: makeTheme(color), seconds: 12.5 });
}

/** The frame as a terminal shows it: each row's cells with their attributes. */
async function cells(lines: readonly string[], cols: number, rows: number): Promise<string[]> {
  const s = new PaneScreen({ cols, rows, scrollback: 0 });
  s.write(lines.map((l, y) => `\x1b[${y + 1};1H\x1b[0m${l}`).join(''));
  await s.flush();
  const out = Array.from({ length: rows }, (_, y) => s.renderRow(y, cols));
  s.dispose();
  return out;
}

async function same(m: ChromeModel, color: boolean): Promise<void> {
  const { cols, rows } = m.layout;
  const ink = new ChromeRenderer(color);
  const expected = await cells(ink.render(m), cols, rows);
  ink.dispose();
  const painted = new ChromePainter(color).render(m);
  expect(painted).toHaveLength(rows);
  const actual = await cells(painted, cols, rows);
  for (let y = 0; y < rows; y += 1) expect(`${y}: ${actual[y]}`).toBe(`${y}: ${expected[y]}`);
}

describe('the chrome painter', () => {
  const ui = initialUi();
  const cases: [string, UiState, number, number][] = [
    ['160x45 with the chapter list and three panes', ui, 160, 45],
    ['a pane focused', { ...ui, focus: 'etcd' }, 160, 45],
    ['100x30: lesson above one pane with tabs', ui, 100, 30],
    ['80x24', ui, 80, 24],
    ['the lesson zoomed', { ...ui, zoomed: true }, 160, 45],
    ['help over everything', { ...ui, overlay: { kind: 'help', scroll: 0 } }, 160, 45],
    ['the chapter picker', { ...ui, overlay: { kind: 'chapters', selected: 2 } }, 160, 45],
    ['a message in the status line', { ...ui, message: 'x'.repeat(300) }, 120, 30],
  ];
  for (const [name, state, cols, rows] of cases) {
    it(`draws what Ink draws: ${name}, in colour and without`, async () => {
      await same(model(state, cols, rows, true), true);
      await same(model(state, cols, rows, false), false);
    });
  }

  it('draws what Ink draws for a failed step with a long reason', async () => {
    const reason = `the command exited with status 1\n  ${'cat: /no/such/file '.repeat(12)}`;
    await same(model(ui, 160, 45, true, 2, reason), true);
  });

  it('cuts at the edge with an ellipsis, counting wide characters twice and escapes not at all', () => {
    expect(truncateEnd('hello', 5)).toEqual({ text: 'hello', width: 5 });
    const cut = truncateEnd('\x1b[1mhello world\x1b[0m', 6);
    expect(stripVTControlCharacters(cut.text)).toBe('hello…');
    expect(cut.width).toBe(6);
    const wide = truncateEnd('日本語です', 6);
    expect(stripVTControlCharacters(wide.text)).toBe('日本…');
    expect(wide.width).toBe(5);
  });
});
