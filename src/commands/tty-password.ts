// Asking for the sudo password on the terminal, for the headless commands
// (`test`, `replay --auto`): on stderr, nothing echoed, Enter to give it,
// Ctrl-C or Ctrl-D to decline. The answer goes to sudo and is not kept.
import type { PasswordAsker } from '../host/root-session.js';

export function ttyPasswordAsker(
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): PasswordAsker | undefined {
  if (!input.isTTY) return undefined;
  return (why, retry) =>
    new Promise((resolve) => {
      const user = process.env.USER ?? process.env.LOGNAME ?? 'you';
      output.write(`${retry ? 'Sorry, try again.\n' : `${why}\n`}[demystify] sudo password for ${user}: `);
      const wasRaw = input.isRaw;
      input.setRawMode(true);
      input.resume();
      let typed = '';
      const done = (answer: string | undefined): void => {
        input.off('data', onData);
        input.setRawMode(wasRaw);
        input.pause();
        output.write('\n');
        resolve(answer);
      };
      const onData = (chunk: Buffer): void => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') return done(typed);
          if (ch === '\x03' || ch === '\x04') return done(undefined);
          if (ch === '\x7f' || ch === '\b') typed = typed.slice(0, -1);
          else if (ch === '\x15') typed = '';
          else if (ch >= ' ') typed += ch;
        }
      };
      input.on('data', onData);
    });
}
