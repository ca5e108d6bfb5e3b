// Asking for the sudo password on the terminal, for the headless commands
// (`test`, `replay --auto`): on stderr, nothing echoed, Enter to give it,
// Ctrl-C or Ctrl-D to decline. What is typed is kept in a Buffer (never a
// string), which the root helper's start zeroes once sudo has it.
import { ROOT_USE } from '../engine/root-reason.js';
import type { PasswordAsker } from '../host/root-session.js';

/** Longest password taken; more is cut off rather than grown without bound. */
const MAX_BYTES = 1024;

export function ttyPasswordAsker(
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): PasswordAsker | undefined {
  if (!input.isTTY) return undefined;
  return (why, retry) =>
    new Promise((resolve) => {
      const user = process.env.USER ?? process.env.LOGNAME ?? 'you';
      output.write(
        `${retry ? 'Sorry, try again.\n' : `${why}\n${ROOT_USE}\n`}[demystify] sudo password for ${user}: `,
      );
      const wasRaw = input.isRaw;
      input.setRawMode(true);
      input.resume();
      const typed = Buffer.alloc(MAX_BYTES);
      let length = 0;
      const done = (answer: boolean): void => {
        input.off('data', onData);
        input.setRawMode(wasRaw);
        input.pause();
        output.write('\n');
        const secret = answer ? Buffer.from(typed.subarray(0, length)) : undefined;
        typed.fill(0);
        resolve(secret);
      };
      const onData = (chunk: Buffer): void => {
        for (let i = 0; i < chunk.length; i++) {
          const b = chunk[i]!;
          if (b === 0x0d || b === 0x0a) return done(true);
          if (b === 0x03 || b === 0x04) return done(false);
          if (b === 0x7f || b === 0x08) {
            // Back over one UTF-8 character: its continuation bytes, then its first.
            while (length > 0 && (typed[length - 1]! & 0xc0) === 0x80) length--;
            if (length > 0) length--;
          } else if (b === 0x15) length = 0;
          else if (b >= 0x20 && length < MAX_BYTES) typed[length++] = b;
        }
        chunk.fill(0);
      };
      input.on('data', onData);
    });
}
