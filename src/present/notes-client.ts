// `demystify present --notes`: the presenter's second terminal. Connects to
// the main screen's socket (waiting for it to appear), redraws the notes on
// every state line, and sends the presenter's keys back as commands. When the
// main screen quits, it says so and waits for the next one. Its keys are
// the key table's "notes" context, read with the workshop's own key parser.
import net from 'node:net';
import { dispatch, keyFor, type Handlers } from '../ui/key-bindings.js';
import { parseKeys, type Key } from '../ui/keys.js';
import { lineSplitter, type NotesCommand, type NotesState } from './protocol.js';
import { notesLines } from './notes-view.js';

export interface NotesClientOptions {
  readonly socket: string;
  readonly color: boolean;
  readonly input: NodeJS.ReadStream;
  readonly output: NodeJS.WriteStream;
}

export async function runNotesClient(opts: NotesClientOptions): Promise<void> {
  const { input, output } = opts;
  let state: NotesState | undefined;
  let message: string | undefined = 'waiting for demystify present in this state folder…';
  let socket: net.Socket | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closing = false;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((r) => (finish = r));

  const draw = (): void => {
    const lines = notesLines(state, output.columns || 80, opts.color, message);
    output.write(`\x1b[H\x1b[2J${lines.join('\r\n')}`);
  };
  const send = (c: NotesCommand): void => {
    if (!socket) return;
    socket.write(`${JSON.stringify(c)}\n`);
    message = undefined;
  };
  const connect = (): void => {
    const s = net.connect(opts.socket);
    s.setEncoding('utf8');
    s.once('connect', () => {
      socket = s;
      message = undefined;
      draw();
    });
    s.on(
      'data',
      lineSplitter((line) => {
        try {
          state = JSON.parse(line) as NotesState;
        } catch {
          return;
        }
        draw();
      }),
    );
    s.on('error', () => undefined);
    s.on('close', () => {
      const was = socket === s;
      socket = undefined;
      if (was) {
        state = undefined;
        message = `the presenter screen closed; waiting for it to start again (${keyFor('notes', 'quit')} closes the notes)`;
        draw();
      }
      if (!closing) retry = setTimeout(connect, 500);
    });
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
  const onKey = (chunk: Buffer | string): void => {
    for (const key of parseKeys(chunk.toString())) if (!closed) dispatch('notes', key.name, keys, key);
  };

  output.write('\x1b[?1049h\x1b[?25l');
  if (input.isTTY) input.setRawMode(true);
  input.on('data', onKey);
  input.resume();
  output.on('resize', draw);
  draw();
  connect();
  try {
    await done;
  } finally {
    closing = true;
    if (retry) clearTimeout(retry);
    socket?.destroy();
    input.off('data', onKey);
    output.off('resize', draw);
    if (input.isTTY) input.setRawMode(false);
    input.pause();
    output.write('\x1b[?25h\x1b[?1049l');
  }
}
