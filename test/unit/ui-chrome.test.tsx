import { stripVTControlCharacters } from 'node:util';
import React from 'react';
import { render } from 'ink-testing-library';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ControllerState } from '../../src/engine/controller.js';
import { loadWorkshop } from '../../src/lesson/load.js';
import type { Workshop } from '../../src/lesson/model.js';
import { Chrome } from '../../src/ui/Chrome.js';
import type { PaneInfo } from '../../src/ui/chrome-text.js';
import { ChromeRenderer } from '../../src/ui/chrome-renderer.js';
import { InputRouter, type Effect, type RouterHost } from '../../src/ui/input-router.js';
import { computeLayout } from '../../src/ui/layout.js';
import { makeTheme } from '../../src/ui/theme.js';
import { chromeModel, controllerAt } from '../helpers/chrome-model.js';
import { initialUi, type UiState } from '../../src/ui/ui-state.js';

let workshop: Workshop;
beforeAll(async () => {
  workshop = (await loadWorkshop('test/fixtures/workshop-basic')).workshop;
});

const theme = makeTheme(false);
const panes: PaneInfo[] = [
  { name: 'shell', number: 1, state: { kind: 'ready' }, pid: 100 },
  { name: 'ticker', number: 2, state: { kind: 'crashed', code: 1, signal: null, lastLines: [] }, pid: 200 },
];

const controllerState = (failReason?: string): ControllerState => controllerAt(workshop, 0, failReason);

function model(ui: UiState, cols: number, rows: number, controller = controllerState()) {
  return chromeModel({ workshop, controller, ui, cols, rows, panes, theme, seconds: undefined });
}

/** A router over a plain UiState, recording what it asks the app to do. */
function router(layoutCols = 160) {
  let ui = initialUi();
  const effects: Effect[] = [];
  const written: string[] = [];
  const host: RouterHost = {
    ui: () => ui,
    setUi: (next) => (ui = next),
    paneNames: () => panes.map((p) => p.name),
    layout: () =>
      computeLayout({
        cols: layoutCols,
        rows: 45,
        panes: panes.map((p) => p.name),
        focus: ui.focus,
        shown: ui.shown,
        zoom: ui.zoomed,
        overlay: false,
        chapterCount: 2,
      }),
    history: () => undefined,
    writeToPane: (pane, data) => (written.push(`${pane}:${data}`), pane === 'shell'),
    pasteBracketed: () => false,
    runningComponents: () => ['ticker'],
    lessonScroll: () => ({ top: 0, height: 10, total: 40 }),
    chapterCount: () => 2,
    helpScrollMax: () => 30,
    currentChapter: () => 0,
    effect: (e) => effects.push(e),
  };
  const r = new InputRouter(host);
  return { feed: (s: string) => r.feed(s), ui: () => ui, effects, written };
}

describe('the chrome (Ink)', () => {
  it('lays out a 100-column terminal: lesson on top, one pane with tabs, status, footer', () => {
    const { lastFrame } = render(<Chrome model={model(initialUi(), 100, 30)} />);
    const lines = stripVTControlCharacters(lastFrame() ?? '').split('\n');
    expect(lines[0]).toContain('0 lesson · Chapter 0 · Shell basics');
    expect(lines.some((l) => /1 shell │ 2 ticker ✗/.test(l))).toBe(true);
    expect(lines[28]).toContain('Step 1/5: r to run it, or type it in the shell and n');
    expect(lines[29]).toContain('r run step  n next  h hint');
    expect(lines.length).toBe(30);
  });

  it('lays out 160x45 with the chapter list and a titled pane per component', () => {
    const chrome = new ChromeRenderer(false);
    const lines = chrome
      .render(model({ ...initialUi(), focus: 'ticker' }, 160, 45))
      .map((l) => stripVTControlCharacters(l));
    chrome.dispose();
    expect(lines).toHaveLength(45);
    expect(lines[0]).toContain('Chapters');
    expect(lines.join('\n')).toContain('2 ticker · ✗ crashed (status 1) · pid 200');
    expect(lines[44]).toContain('Ctrl-g then: r run step');
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(160);
  });

  it('shows why a step failed, in the status line and under the step', () => {
    const { lastFrame } = render(
      <Chrome
        model={model(
          initialUi(),
          100,
          40,
          controllerState('the command exited with status 1\n  cat: x: No such file'),
        )}
      />,
    );
    const text = stripVTControlCharacters(lastFrame() ?? '');
    expect(text).toContain('✗ Step 1/5 failed: the command exited with status 1');
    expect(text).toContain('cat: x: No such file');
  });
});

describe('key routing', () => {
  it('sends keys to the focused pane raw, and keeps the prefix for itself', () => {
    const r = router();
    r.feed('\t');
    expect(r.ui().focus).toBe('shell');
    r.feed('vim x\r\x03\x1b[A');
    expect(r.written).toEqual(['shell:vim x\r\x03\x1b[A']);
    r.feed('\x07z');
    expect(r.ui().zoomed).toBe(true);
    r.feed('\x07\x07');
    expect(r.written.at(-1)).toBe('shell:\x07');
    r.feed('\x07r');
    expect(r.effects).toEqual([{ kind: 'flow', action: 'run' }]);
  });

  it('uses single keys with the lesson focused and asks before quitting running components', () => {
    const r = router();
    r.feed('nhp');
    expect(r.effects.map((e) => (e.kind === 'flow' ? e.action : e.kind))).toEqual(['next', 'hint', 'back']);
    r.feed('q');
    expect(r.ui().overlay.kind).toBe('confirm');
    r.feed('n');
    expect(r.ui().overlay.kind).toBe('none');
    r.feed('qy');
    expect(r.effects.at(-1)).toEqual({ kind: 'quit' });
    // y copies the step's command; from a pane, after the prefix (a bare y goes to the pane).
    r.feed('y');
    expect(r.effects.at(-1)).toEqual({ kind: 'copy-step' });
    r.feed('\t');
    r.feed('y\x07y');
    expect(r.effects.filter((e) => e.kind === 'copy-step')).toHaveLength(2);
  });

  it('moves the focus by number and direction, and opens the chapter picker', () => {
    const r = router();
    r.feed('\x072');
    expect(r.ui().focus).toBe('ticker');
    r.feed('\x07\x1b[D');
    expect(r.ui().focus).toBe('lesson');
    r.feed('c\x1b[B\r');
    expect(r.effects.at(-1)).toEqual({ kind: 'jump', chapterIndex: 1 });
  });

  it('says when a pane’s program is not running', () => {
    const r = router();
    r.feed('\x072x');
    expect(r.ui().message).toBe('ticker is not running: keys typed there go nowhere');
  });

  it('renders what the keys did: zoom and focus show in the chrome', () => {
    const r = router(100);
    r.feed('\t\x07z');
    const { lastFrame } = render(<Chrome model={model(r.ui(), 100, 30)} />);
    const text = stripVTControlCharacters(lastFrame() ?? '');
    expect(text.split('\n')[0]).toContain('1 shell · your shell · zoomed');
    expect(text).toContain('Ctrl-g then:');
  });
});
