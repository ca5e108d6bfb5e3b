// The real terminal: the alternate screen (the learner's scrollback is left
// as it was), raw keys, bracketed paste, and putting everything back on every
// way out. Writes report back-pressure so a slow terminal makes the UI skip
// frames instead of buffering without bound or slowing the components.

export interface TerminalIO {
  readonly cols: number;
  readonly rows: number;
  /** False when the terminal is behind: wait for onDrain before the next frame. */
  write(data: string): boolean;
  onDrain(listener: () => void): void;
  onResize(listener: () => void): () => void;
  onInput(listener: (chunk: string) => void): () => void;
  /** Alternate screen, raw mode, bracketed paste. */
  enter(): void;
  /** Synchronous, idempotent: exit paths call it too. */
  leave(): void;
}

const ENTER = '\x1b[?1049h\x1b[?2004h\x1b[?25l\x1b[H\x1b[2J';
// End a possibly unfinished synchronized frame, reset attributes and modes, show the cursor, leave.
const LEAVE = '\x1b[?2026l\x1b[0m\x1b[?1l\x1b[?2004l\x1b[?25h\x1b[?1049l';

export function processTerminal(
  stdin: NodeJS.ReadStream = process.stdin,
  stdout: NodeJS.WriteStream = process.stdout,
): TerminalIO {
  let entered = false;
  return {
    get cols() {
      return stdout.columns || 80;
    },
    get rows() {
      return stdout.rows || 24;
    },
    write: (data) => stdout.write(data),
    onDrain: (listener) => void stdout.once('drain', listener),
    onResize(listener) {
      stdout.on('resize', listener);
      return () => void stdout.off('resize', listener);
    },
    onInput(listener) {
      const onData = (chunk: string | Buffer): void => listener(chunk.toString());
      stdin.on('data', onData);
      return () => void stdin.off('data', onData);
    },
    enter() {
      if (entered) return;
      entered = true;
      // Raw mode: Ctrl-C, Ctrl-Z and Ctrl-\ arrive as keys, for the pane that has the focus.
      if (stdin.isTTY) stdin.setRawMode(true);
      stdin.setEncoding('utf8');
      stdin.resume();
      stdout.write(ENTER);
    },
    leave() {
      if (!entered) return;
      entered = false;
      try {
        stdout.write(LEAVE);
        if (stdin.isTTY) stdin.setRawMode(false);
        stdin.pause();
      } catch {
        // The terminal may be gone already (SIGHUP): nothing left to restore.
      }
    },
  };
}
