// The chrome's components, rendered by Ink (ink-testing-library) from a
// store, as the app renders them: what each shows, that sentences wrap
// rather than being cut, and that a published change is one render. And the
// key routing that drives them.
import { stripVTControlCharacters } from 'node:util';
import React, { type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ControllerState } from '../../src/engine/controller.js';
import { loadWorkshop } from '../../src/lesson/load.js';
import type { Workshop } from '../../src/lesson/model.js';
import { PasswordPrompt } from '../../src/ui/password-prompt.js';
import { WorkshopScreen } from '../../src/ui/components/WorkshopScreen.js';
import { Footer, StatusLine } from '../../src/ui/components/StatusBar.js';
import { InputRouter, type Effect, type RouterHost } from '../../src/ui/input-router.js';
import { composeLesson } from '../../src/ui/lesson-text.js';
import { chapterRows, type PaneInfo } from '../../src/ui/pane-info.js';
import { ScreenProviders, SlotRegistry } from '../../src/ui/screen-context.js';
import { Store } from '../../src/ui/store.js';
import { storeBinding } from '../../src/ui/store-context.js';
import { makeTheme } from '../../src/ui/theme.js';
import { initialUi, type UiState } from '../../src/ui/ui-state.js';
import { firstWorkshopState, workshopStore, type WorkshopState } from '../../src/ui/workshop-state.js';
import { controllerAt } from '../fixtures/ui/screen-harness.js';

let workshop: Workshop;
beforeAll(async () => {
  workshop = (await loadWorkshop('test/fixtures/workshop-basic')).workshop;
});

const theme = makeTheme(false);
const panes: PaneInfo[] = [
  { name: 'shell', number: 1, state: { kind: 'ready' }, pid: 100 },
  { name: 'ticker', number: 2, state: { kind: 'crashed', code: 1, signal: null, lastLines: [] }, pid: 200 },
];

/** Ink's frame of `node` at a size (ink-testing-library's terminal is 100 columns wide). */
function frame(node: ReactNode, cols = 100, rows = 30): string[] {
  const { lastFrame, unmount } = render(
    <ScreenProviders size={{ cols, rows }} theme={theme} slots={new SlotRegistry()}>
      <Box width={cols} height={rows} flexDirection="column">
        {node}
      </Box>
    </ScreenProviders>,
  );
  const out = stripVTControlCharacters(lastFrame() ?? '').split('\n');
  unmount();
  return out;
}

/** The workshop's state for the fixture's first chapter, its lesson laid out at `width`. */
function state(
  ui: UiState = initialUi(),
  controller: ControllerState = controllerAt(workshop),
): WorkshopState {
  const lesson = composeLesson({
    chapter: controller.chapter,
    chapterIndex: controller.chapterIndex,
    run: controller.run,
    hintsShown: 0,
    width: 100,
    theme,
  });
  return {
    ...firstWorkshopState(controller, { presenter: false, chapters: chapterRows(workshop, undefined), ui }),
    panes,
    lesson,
    lessonRows: 30,
  };
}

function workshopFrame(s: WorkshopState, cols = 100, rows = 30): string[] {
  return frame(
    <workshopStore.Provider store={new Store(s)}>
      <WorkshopScreen />
    </workshopStore.Provider>,
    cols,
    rows,
  );
}

describe('the workshop screen (Ink)', () => {
  it('lays out a 100-column terminal: lesson on top, one pane with tabs, status, footer', () => {
    const lines = workshopFrame(state());
    expect(lines[0]).toContain('0 lesson · Chapter 0 · Shell basics');
    expect(lines.some((l) => /1 shell │ 2 ticker ✗/.test(l))).toBe(true);
    expect(lines[28]).toContain('Step 1/5: r to run it, or type it in the shell and n');
    expect(lines[29]).toContain('r run step  n next  h hint');
    expect(lines).toHaveLength(30);
  });

  it('shows why a step failed, in the status line (whole, over two rows) and under the step', () => {
    const reason = `the command exited with status 1 after writing to /tmp/a/rather/long/path/that/goes/on and then some more words\n  cat: x: No such file`;
    const lines = workshopFrame(state(initialUi(), controllerAt(workshop, 0, reason)), 100, 40);
    const status = lines.slice(-3, -1).map((l) => l.trim());
    expect(status.join(' ')).toBe(
      '✗ Step 1/5 failed: the command exited with status 1 after writing to /tmp/a/rather/long/path/that/goes/on and then some more words — fix it and r to try again',
    );
    expect(lines.join('\n')).toContain('cat: x: No such file');
  });

  it('titles a pane with its state, its pid, zoom and copy mode, wrapping rather than cutting', () => {
    const lines = workshopFrame(
      {
        ...state({
          ...initialUi(),
          focus: 'ticker',
          zoomed: true,
          copy: { pane: 'ticker', cursor: 0, anchor: 3, search: { query: 'needle', typing: false } },
        }),
        panes: [panes[0]!, { ...panes[1]!, scrolledBack: 1234 }],
      },
      60,
      20,
    );
    const title = `${lines[0]!.trim()} ${lines[1]!.trim()}`;
    expect(title).toContain(
      '2 ticker · ✗ crashed (status 1) · pid 200 · zoomed · copy mode · 1234 lines back · selecting · /needle',
    );
  });

  it('puts tabs that do not fit on one row on the next', () => {
    const many = Array.from({ length: 9 }, (_, i): PaneInfo => ({
      name: i === 0 ? 'shell' : `kube-component-${i}`,
      number: i + 1,
      state: { kind: 'ready' },
      pid: 1,
    }));
    const lines = workshopFrame({ ...state(), panes: many }, 80, 24);
    const text = lines.join('\n');
    for (const p of many) expect(text).toContain(`${p.number} ${p.name}`);
  });

  it('renders what the keys did: zoom and focus show in the chrome', () => {
    const r = router(100);
    r.feed('\t\x07z');
    const lines = workshopFrame({ ...state(r.ui()) });
    expect(lines[0]).toContain('1 shell · your shell · zoomed');
    expect(lines.join('\n')).toContain('Ctrl-g then:');
  });

  it('leads the status line with the class: to whom, a hand up, and the screen shared', () => {
    const classroom = {
      state: 'connected',
      title: 'Kube 101',
      address: '10.0.0.5:7443',
      reason: undefined,
      hand: true,
      sharing: true,
      viewers: 1,
    } as const;
    // Wrapped onto a second row rather than cut.
    const lines = workshopFrame({ ...state(), classroom });
    expect(
      lines
        .slice(-3, -1)
        .map((l) => l.trim())
        .join(' '),
    ).toContain(
      'class: Kube 101 (10.0.0.5:7443) · hand up · ● sharing your screen (1 watching) │ ▶ Step 1/5: r to run it',
    );
    const away = workshopFrame({
      ...state(),
      classroom: { ...classroom, state: 'away', hand: false, sharing: false },
    });
    expect(
      away
        .slice(-3, -1)
        .map((l) => l.trim())
        .join(' '),
    ).toContain('class: away, Kube 101 (10.0.0.5:7443) not reachable for a minute; still trying │');
  });

  it('asks for the password without ever showing what is typed', () => {
    let answer: string | undefined | null = null;
    const p = new PasswordPrompt('containerd needs root: namespaces', true, (a) => (answer = a));
    expect(p.feed('hunter')).toBe(false);
    p.feed('\x7f');
    p.feed('r2');
    const text = workshopFrame({ ...state(), prompt: p.state('ada') }).join('\n');
    expect(text).toContain('containerd needs root: namespaces');
    expect(text).toContain('Sorry, try again.');
    expect(text).toContain('[sudo] password for ada:');
    expect(text).not.toMatch(/hunte|\*{3}/);
    expect(p.feed('\r')).toBe(true);
    expect(answer).toBe('hunter2');
    const declined = new PasswordPrompt('why', false, (a) => (answer = a));
    expect(declined.feed('\x1b')).toBe(true);
    expect(answer).toBeUndefined();
  });
});

describe('the status line and the footer', () => {
  it('wraps a long sentence onto as many rows as it needs', () => {
    const sentence = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const lines = frame(<StatusLine text={sentence} />, 50, 8);
    const rows = lines.filter((l) => l.trim());
    expect(rows.length).toBeGreaterThan(4);
    expect(rows.map((l) => l.trim()).join(' ')).toBe(sentence);
    for (const l of rows) expect([...l].length).toBeLessThanOrEqual(50);
  });

  it('shows the best hints that fit, whole, in one row one column short of the width', () => {
    const lines = frame(<Footer context="main" />, 40, 3);
    expect(lines[0]).toBe(' r run step  n next  h hint');
    const pane = frame(<Footer context="pane" />, 100, 3);
    expect(pane[0]).toMatch(/^ Ctrl-g then: r run step {2}n next/);
  });
});

describe('the store', () => {
  it('renders a screen once per published change, and not for changes that change nothing', () => {
    const binding = storeBinding<{ n: number; list: number[] }>('test');
    let renders = 0;
    function Counter() {
      renders += 1;
      const s = binding.useState();
      return <Text>{`${s.n} ${s.list.join(',')}`}</Text>;
    }
    const store = new Store({ n: 1, list: [1, 2] });
    const { lastFrame, rerender } = render(
      <binding.Provider store={store}>
        <Counter />
      </binding.Provider>,
    );
    expect(renders).toBe(1);
    store.set({ list: [1, 2] });
    expect(store.pending).toBe(false);
    store.set({ n: 2 });
    store.set({ n: 3, list: [4] });
    expect(store.pending).toBe(true);
    expect(lastFrame()).toBe('1 1,2');
    store.publish();
    // React runs the update in a microtask; the screen loop renders it at once (InkHost.flush).
    rerender(
      <binding.Provider store={store}>
        <Counter />
      </binding.Provider>,
    );
    expect(lastFrame()).toBe('3 4');
    expect(renders).toBe(2);
  });
});

/** A router over a plain UiState, recording what it asks the app to do. */
function router(cols = 160) {
  let ui = initialUi();
  const effects: Effect[] = [];
  const written: string[] = [];
  const host: RouterHost = {
    ui: () => ui,
    setUi: (next) => (ui = next),
    paneNames: () => panes.map((p) => p.name),
    geometry: () =>
      new Map([
        ['lesson', { x: 0, y: 0, w: 87, h: 43 }],
        ['pane:shell', { x: 88, y: 20, w: 72, h: 23 }],
        ['pane:ticker', { x: 88, y: 0, w: 72, h: 20 }],
      ]),
    narrow: () => cols < 120,
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

  it('moves the focus by number and direction (as the layout placed the panes), and opens the chapter picker', () => {
    const r = router();
    r.feed('\x072');
    expect(r.ui().focus).toBe('ticker');
    r.feed('\x07\x1b[B');
    expect(r.ui().focus).toBe('shell');
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

  it('goes through the panes like tabs when only one is on view', () => {
    const r = router(100);
    r.feed('\x07\x1b[C');
    expect(r.ui().focus).toBe('ticker');
    r.feed('\x07\x1b[A');
    expect(r.ui().focus).toBe('lesson');
  });
});
