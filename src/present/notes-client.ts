// `demystify present --notes`: the presenter's second terminal. Connects to
// the main screen's socket (waiting for it to appear), shows the notes on
// every state line (ui/notes-screen.tsx, through the same screen loop as the
// main screen), and sends the presenter's keys back as commands. When the
// main screen quits, it says so and waits for the next one. Its keys are the
// key table's "notes" context, read with the workshop's own key parser.
import net from 'node:net';
import { dispatch, keyFor, type Handlers } from '../ui/key-bindings.js';
import { parseKeys, type Key } from '../ui/keys.js';
import { notesScene } from '../ui/notes-screen.js';
import { ScreenLoop } from '../ui/screen-loop.js';
import { processTerminal } from '../ui/terminal-io.js';
import { lineSplitter, type NotesCommand, type NotesState } from './protocol.js';

export interface NotesClientOptions {
  readonly socket: string;
  readonly color: boolean;
  readonly input: NodeJS.ReadStream;
  readonly output: NodeJS.WriteStream;
}

export async function runNotesClient(opts: NotesClientOptions): Promise<void> {
  let socket: net.Socket | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closing = false;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((r) => (finish = r));

  const send = (c: NotesCommand): void => {
    if (!socket) return;
    socket.write(`${JSON.stringify(c)}\n`);
    scene.store.set({ message: undefined });
  };
  let closed = false;
  const keys: Handlers<'notes', [Key]> = {
    quit: () => {
      closed = true;
      finish();
    },
    run: () => send({ type: 'command', action: 'run' }),
    next: () => send({ type: 'command', action: 'next' }),
    back: () => send({ type: 'command', action: 'back' }),
    hint: () => send({ type: 'command', action: 'hint' }),
    jump: (key) => send({ type: 'command', action: 'jump', chapter: Number(key.name) }),
  };
  const scene = notesScene((chunk) => {
    for (const key of parseKeys(chunk)) if (!closed) dispatch('notes', key.name, keys, key);
  });
  scene.store.set({ message: 'waiting for demystify present in this state folder…' });

  const connect = (): void => {
    const s = net.connect(opts.socket);
    s.setEncoding('utf8');
    s.once('connect', () => {
      socket = s;
      scene.store.set({ message: undefined });
    });
    s.on(
      'data',
      lineSplitter((line) => {
        try {
          scene.store.set({ notes: JSON.parse(line) as NotesState });
        } catch {
          return;
        }
      }),
    );
    s.on('error', () => undefined);
    s.on('close', () => {
      const was = socket === s;
      socket = undefined;
      if (was)
        scene.store.set({
          notes: undefined,
          message: `the presenter screen closed; waiting for it to start again (${keyFor('notes', 'quit')} closes the notes)`,
        });
      if (!closing) retry = setTimeout(connect, 500);
    });
  };

  const terminal = processTerminal(opts.input, opts.output);
  terminal.enter();
  const loop = new ScreenLoop(terminal, { color: opts.color });
  try {
    loop.show(scene);
    connect();
    await done;
  } finally {
    closing = true;
    if (retry) clearTimeout(retry);
    socket?.destroy();
    loop.stop();
    terminal.leave();
  }
}
