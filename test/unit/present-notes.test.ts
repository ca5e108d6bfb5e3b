// The presenter's notes channel without terminals: the state the main screen
// sends, the command lines it accepts, the notes screen as text, and the
// socket itself (mode 0600, a state line on connect, commands delivered).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ControllerState } from '../../src/engine/controller.js';
import { initialState, reduce } from '../../src/engine/step-status.js';
import { loadWorkshop } from '../../src/lesson/load.js';
import type { Workshop } from '../../src/lesson/model.js';
import { NotesServer } from '../../src/present/notes-server.js';
import { notesState } from '../../src/present/notes-state.js';
import type { NotesState } from '../../src/present/protocol.js';
import { notesScene } from '../../src/ui/notes-screen.js';
import { harness } from '../fixtures/ui/screen-harness.js';
import { unwrap } from '../../src/text/wrap.js';
import { lineSplitter, parseCommand, type NotesCommand } from '../../src/present/protocol.js';
import { nextTypingMs } from '../../src/ui/presenter.js';

let workshop: Workshop;
beforeAll(async () => {
  workshop = (await loadWorkshop('test/fixtures/workshop-basic')).workshop;
});

function at(cursor: number): ControllerState {
  const chapter = workshop.chapters[0]!;
  const run = reduce(initialState(chapter), { type: 'moved', cursor });
  return {
    chapterIndex: 0,
    chapter,
    run,
    current: chapter.steps[cursor],
    busy: false,
    hintsShown: 0,
    notice: undefined,
    reaching: undefined,
  };
}

/** The notes terminal's screen for a state, drawn by the screen loop at a width, as text rows. */
async function notesScreen(state: NotesState, width: number): Promise<string[]> {
  const h = harness(width, 80);
  const scene = notesScene(() => undefined);
  scene.store.set({ notes: state });
  h.loop.show(scene);
  const rows = await h.text();
  h.stop();
  return rows;
}

describe('the notes state', () => {
  it('carries the current and next step with their presenter notes, components and checks', async () => {
    const s = notesState(workshop, at(1), [{ name: 'ticker', state: { kind: 'ready' } }], 30);
    expect(s.step?.index).toBe(1);
    expect(s.next?.label).toBe('write configs/app.ini');
    expect(s.next?.notes).toEqual(['point out the OSC 133 marker trick if anyone asks']);
    expect(s.components).toEqual([{ name: 'ticker', state: 'running' }]);
    expect(s.checks.map((c) => c.status)).toEqual(['todo']);
    const text = (await notesScreen(s, 100)).join('\n');
    expect(text).toMatch(/NOW\nStep 2\/5 · test "\$GREETING"/);
    expect(text).toMatch(/NEXT\nStep 3\/5 · write configs\/app\.ini/);
    expect(text).toContain('✎ point out the OSC 133 marker trick');
    expect(text).toContain('ticker: running');
  });

  it('fits every line in a narrow notes terminal, breaking at spaces, never in a word', async () => {
    const s = notesState(workshop, at(1), [{ name: 'ticker', state: { kind: 'ready' } }], 30);
    const long = {
      ...s,
      chapter: { ...s.chapter, title: 'Welcome — what we will build, and why each piece is there' },
      step: {
        ...s.step!,
        command: `kube-apiserver --etcd-certfile="$WORKSPACE/pki/kube-apiserver-etcd-client.pem"`,
      },
    };
    for (const width of [39, 60]) {
      const lines = await notesScreen(long, width);
      for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(width);
      const words = unwrap(lines).join(' ').split(/\s+/);
      for (const w of [
        'Welcome',
        'build,',
        'piece',
        'there',
        '--etcd-certfile="$WORKSPACE/pki/kube-apiserver-etcd-client.pem"',
      ])
        expect(words, w).toContain(w);
      expect(words).toContain('✎');
      expect(words.join(' ')).toContain('point out the OSC 133 marker trick if anyone asks');
    }
  });

  it('accepts only well-formed commands', () => {
    expect(parseCommand('{"type":"command","action":"next"}')).toEqual({ type: 'command', action: 'next' });
    expect(parseCommand('{"type":"command","action":"jump","chapter":1}')).toEqual({
      type: 'command',
      action: 'jump',
      chapter: 1,
    });
    for (const bad of [
      'nope',
      '{}',
      '{"type":"command","action":"rm -rf"}',
      '{"type":"command","action":"jump"}',
    ])
      expect(parseCommand(bad)).toBeUndefined();
    const lines: string[] = [];
    const feed = lineSplitter((l) => lines.push(l));
    feed('{"a":1}\n{"b"');
    feed(':2}\n');
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
  });
});

describe('the notes socket', () => {
  it('is 0600, sends the state on connect and on change, and hands commands over', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-notes-'));
    const file = path.join(dir, 'present.sock');
    let cursor = 0;
    const got: NotesCommand[] = [];
    const server = await NotesServer.listen(
      file,
      () => notesState(workshop, at(cursor), [], 30),
      (c) => got.push(c),
    );
    try {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const client = net.connect(file);
      const states: number[] = [];
      client.setEncoding('utf8');
      client.on(
        'data',
        lineSplitter((l) => states.push((JSON.parse(l) as { step: { index: number } }).step.index)),
      );
      await until(() => states.length === 1);
      cursor = 2;
      server.update();
      await until(() => states.at(-1) === 2);
      client.write('{"type":"command","action":"run"}\n');
      await until(() => got.length === 1);
      expect(got[0]).toEqual({ type: 'command', action: 'run' });
      client.destroy();
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(fs.existsSync(file)).toBe(false);
  });
});

// The presenter's layout (no chapter list, a wider lesson): test/unit/ui-layout.test.ts.
describe('presenter typing speed', () => {
  it('steps through the speeds with + and -', () => {
    expect(nextTypingMs(30, -1)).toBe(20);
    expect(nextTypingMs(30, 1)).toBe(45);
    expect(nextTypingMs(5, -1)).toBe(5);
    expect(nextTypingMs(120, 1)).toBe(120);
  });
});

async function until(ok: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
