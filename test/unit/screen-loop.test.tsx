// The one screen loop: scenes take over without a blank screen, keys typed
// before a scene takes them are kept, a slow terminal makes it skip frames
// until it drains, a pane's waiting output is parsed before the frame that
// shows it, pane output costs Ink nothing, and a chrome frame never erases
// a pane.
import React from 'react';
import { Box, Text } from 'ink';
import { describe, expect, it } from 'vitest';
import { PaneScreen } from '../../src/terminal/screen.js';
import { paneBodies, type Geometry } from '../../src/ui/geometry.js';
import type { Scene } from '../../src/ui/screen-loop.js';
import { Slot } from '../../src/ui/screen-context.js';
import { Store } from '../../src/ui/store.js';
import { storeBinding } from '../../src/ui/store-context.js';
import { harness, tick, until } from '../fixtures/ui/screen-harness.js';

interface TestState {
  readonly status: string;
  readonly paneRows: number;
}
const test = storeBinding<TestState>('the test screen');

function TestScreen() {
  const s = test.useState();
  return (
    <>
      <Box flexGrow={1}>
        <Text>lesson text</Text>
        <Box width={2} />
        <Slot name="pane-body:p" width={20} height={s.paneRows} />
      </Box>
      <Text>{s.status}</Text>
    </>
  );
}

/** A scene of TestScreen; its pane (if any) is drawn into the body Ink laid out. */
function scene(status: string, opts: { pane?: PaneScreen; input?: (c: string) => void } = {}) {
  const store = new Store<TestState>({ status, paneRows: 3 });
  const s: Scene & { store: Store<TestState> } = {
    view: (
      <test.Provider store={store}>
        <TestScreen />
      </test.Provider>
    ),
    store,
    paneFrame: (g: Geometry) => {
      const body = paneBodies(g).get('p');
      return { panes: opts.pane && body ? [{ name: 'p', body, source: opts.pane }] : [] };
    },
    ...(opts.input ? { input: opts.input } : {}),
  };
  return s;
}

describe('the screen loop', () => {
  it('hands keys typed before any scene took them to the first that does', async () => {
    const h = harness(80, 24);
    h.loop.show(scene('starting'));
    h.type('r');
    const got: string[] = [];
    h.loop.show(scene('ready', { input: (c) => got.push(c) }));
    expect(got).toEqual(['r']);
    h.type('n');
    expect(got).toEqual(['r', 'n']);
    // The second scene's frame wrote only the status line that differs, not a cleared screen.
    expect(h.writes.at(-1)).not.toContain('\x1b[2J');
    expect(h.writes.at(-1)).toContain('ready');
    expect((await h.text())[23]).toBe('ready');
    h.stop();
  });

  it('skips frames while the terminal has not taken the last one, and draws the latest after it drains', async () => {
    const h = harness(80, 24);
    const s = scene('one');
    h.slow(true);
    h.loop.show(s);
    const before = h.writes.length;
    s.store.set({ status: 'two' });
    await tick();
    s.store.set({ status: 'three' });
    await tick();
    expect(h.writes.length).toBe(before);
    h.slow(false);
    h.drain();
    await until(() => h.writes.length > before);
    await tick();
    expect(h.writes.length).toBe(before + 1);
    expect(h.writes.at(-1)).toContain('three');
    h.stop();
  });

  it('parses a pane’s waiting output before the frame that shows it, and draws it without Ink', async () => {
    const h = harness(80, 24);
    const screen = new PaneScreen({ cols: 20, rows: 3 });
    h.loop.watch(screen);
    h.loop.show(scene('s', { pane: screen }));
    const inkFrames = h.loop.stats().inkFrames;
    screen.write('hello from the pane');
    await until(async () => (await h.text())[0] === 'lesson text  hello from the pane');
    for (let i = 0; i < 20; i += 1) {
      screen.write(`\r\nline ${i}`);
      await tick(1);
    }
    await until(async () => (await h.text())[2] === '             line 19');
    expect((await h.text()).slice(0, 2)).toEqual(['lesson text  line 17', '             line 18']);
    // Pane output: frames, but no chrome frame.
    expect(h.loop.stats().inkFrames).toBe(inkFrames);
    expect(h.loop.stats().chromeRenders).toBe(1);
    h.stop();
  });

  it('never erases a pane with a chrome frame, and lays out again when the chrome changes its rectangle', async () => {
    const h = harness(80, 24);
    const screen = new PaneScreen({ cols: 20, rows: 3 });
    screen.write('pane text');
    await screen.flush();
    const s = scene('s', { pane: screen });
    h.loop.show(s);
    s.store.set({ status: 'changed' });
    await until(async () => (await h.text())[23] === 'changed');
    expect((await h.text())[0]).toBe('lesson text  pane text');
    s.store.set({ paneRows: 5 });
    await until(() => paneBodies(h.loop.lastGeometry()).get('p')?.h === 5);
    expect(paneBodies(h.loop.lastGeometry()).get('p')).toEqual({ x: 13, y: 0, w: 20, h: 5 });
    expect((await h.text())[0]).toBe('lesson text  pane text');
    h.stop();
  });

  it('ends with the error when a component throws, instead of freezing on a frame', () => {
    const h = harness(40, 6);
    function Broken(): React.ReactNode {
      throw new Error('a bug in a component');
    }
    const store = new Store<TestState>({ status: '', paneRows: 1 });
    const silenced = console.error;
    console.error = () => undefined;
    try {
      expect(() =>
        h.loop.show({
          view: (
            <test.Provider store={store}>
              <Broken />
            </test.Provider>
          ),
          store,
        }),
      ).toThrow('a bug in a component');
    } finally {
      console.error = silenced;
      h.stop();
    }
  });
});
