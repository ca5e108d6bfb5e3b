// The one screen loop: scenes take over without a blank screen, keys typed
// before a scene takes them are kept, a slow terminal makes it skip frames
// until it drains, and a pane's waiting output is parsed before the frame
// that shows it.
import { describe, expect, it } from 'vitest';
import { PaneScreen } from '../../src/terminal/screen.js';
import { computeLayout } from '../../src/ui/layout.js';
import type { ChromeModel } from '../../src/ui/Chrome.js';
import { ScreenLoop, type Scene } from '../../src/ui/screen-loop.js';
import type { TerminalIO } from '../../src/ui/terminal-io.js';

function fakeTerminal() {
  const writes: string[] = [];
  let input: (chunk: string) => void = () => undefined;
  let drain: (() => void) | undefined;
  let accept = true;
  const io: TerminalIO = {
    cols: 80,
    rows: 24,
    write: (d) => (writes.push(d), accept),
    onDrain: (l) => void (drain = l),
    onResize: () => () => undefined,
    onInput: (l) => ((input = l), () => undefined),
    enter: () => undefined,
    leave: () => undefined,
  };
  return {
    io,
    writes,
    type: (s: string) => input(s),
    slow: (v: boolean) => (accept = !v),
    drain: () => drain?.(),
  };
}

const chrome = (status: string): ChromeModel => ({
  layout: computeLayout({
    cols: 80,
    rows: 24,
    panes: [],
    focus: 'lesson',
    shown: '',
    zoom: false,
    overlay: false,
    chapterCount: 1,
  }),
  chapterList: undefined,
  lesson: ['lesson text'],
  paneTitles: [],
  tabs: undefined,
  overlay: undefined,
  status,
  footer: 'footer',
});

const tick = (ms = 60): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('the screen loop', () => {
  it('hands keys typed before any scene took them to the first that does', () => {
    const t = fakeTerminal();
    const loop = new ScreenLoop(t.io, { color: false });
    loop.show({ frame: () => ({ chrome: chrome('starting'), panes: [] }) });
    t.type('r');
    const got: string[] = [];
    loop.show({ frame: () => ({ chrome: chrome('ready'), panes: [] }), input: (c) => got.push(c) });
    expect(got).toEqual(['r']);
    t.type('n');
    expect(got).toEqual(['r', 'n']);
    // The second scene's frame wrote only the status line that differs, not a cleared screen.
    expect(t.writes.at(-1)).not.toContain('\x1b[2J');
    expect(t.writes.at(-1)).toContain('ready');
    loop.stop();
  });

  it('skips frames while the terminal has not taken the last one, and draws the latest after it drains', async () => {
    const t = fakeTerminal();
    const loop = new ScreenLoop(t.io, { color: false, frameMs: 5 });
    let status = 'one';
    const scene: Scene = { frame: () => ({ chrome: chrome(status), panes: [] }) };
    t.slow(true);
    loop.show(scene);
    const before = t.writes.length;
    status = 'two';
    loop.request();
    await tick();
    status = 'three';
    loop.request();
    await tick();
    expect(t.writes.length).toBe(before);
    t.slow(false);
    t.drain();
    await tick();
    expect(t.writes.length).toBe(before + 1);
    expect(t.writes.at(-1)).toContain('three');
    loop.stop();
  });

  it('parses a pane’s waiting output before the frame that shows it', async () => {
    const t = fakeTerminal();
    const loop = new ScreenLoop(t.io, { color: false, frameMs: 5 });
    const screen = new PaneScreen({ cols: 20, rows: 3 });
    loop.watch(screen);
    const body = { x: 40, y: 2, w: 20, h: 3 };
    loop.show({ frame: () => ({ chrome: chrome('s'), panes: [{ name: 'p', body, source: screen }] }) });
    screen.write('hello from the pane');
    await tick();
    expect(t.writes.join('')).toContain('hello from the pane');
    loop.stop();
  });
});
