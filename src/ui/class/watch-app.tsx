// `demystify --join <line> --watch`: the presenter's screen, live, in a
// terminal of its own. The presenter's bytes go into our own emulator
// (src/class/remote-screen.ts), and Ink draws its rows under a title line;
// nothing the presenter sends reaches this terminal as an escape sequence.
import { PassThrough } from 'node:stream';
import React from 'react';
import { render, type Instance } from 'ink';
import type { ConnectionStatus } from '../../class/client.js';
import type { PresenterWatch } from '../../class/watch.js';
import { dispatch, hintLine, type Handlers } from '../key-bindings.js';
import { parseKeys } from '../keys.js';
import type { TerminalIO } from '../terminal-io.js';
import { SharedScreen } from './Board.js';
import { screenLines, screenTitle } from './screen-lines.js';

/** Frames of the presenter's screen at most this often. */
const FRAME_MS = 33;

function waitingTitle(s: ConnectionStatus, address: string): string {
  if (s.kind === 'stopped') return `not watching: ${s.reason}`;
  if (s.kind === 'connected')
    return `connected to ${s.title}: waiting for the presenter’s screen (the instructor runs demystify present)`;
  if (s.kind === 'connecting' && s.attempt > 0)
    return `${address} is not reachable${s.error ? ` (${s.error})` : ''}: trying again`;
  return `connecting to ${address}…`;
}

export async function runWatch(
  watch: PresenterWatch,
  address: string,
  terminal: TerminalIO,
  stdout: NodeJS.WriteStream,
): Promise<void> {
  let ink: Instance | undefined;
  let timer: NodeJS.Timeout | undefined;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  const draw = (): void => {
    const { cols, rows } = terminal;
    const got = screenLines(watch.screen, cols, rows);
    if (!got.ready) return void got.parsed.then(request);
    const title =
      screenTitle('the presenter’s screen', watch.screen, cols, rows) ?? waitingTitle(watch.status, address);
    const tree = (
      <SharedScreen
        m={{ cols, rows: Math.max(3, rows - 1), title, lines: got.lines, footer: hintLine('watch') }}
      />
    );
    if (ink) ink.rerender(tree);
    else
      ink = render(tree, {
        stdout,
        stdin: new PassThrough() as unknown as NodeJS.ReadStream,
        exitOnCtrlC: false,
        patchConsole: false,
      });
  };
  const request = (): void => {
    timer ??= setTimeout(() => {
      timer = undefined;
      draw();
    }, FRAME_MS);
  };
  const handlers: Handlers<'watch'> = { quit: () => finish() };
  const offs = [
    watch.screen.onChange(request),
    terminal.onResize(draw),
    terminal.onInput((chunk) => {
      for (const key of parseKeys(chunk)) dispatch('watch', key.name, handlers);
    }),
  ];
  const status = setInterval(request, 1000);
  draw();
  await done;
  clearInterval(status);
  clearTimeout(timer);
  for (const off of offs) off();
  ink?.unmount();
}
