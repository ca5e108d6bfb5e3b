// Errors the CLI reports as one sentence and an exit code, never a stack.

export const EXIT = {
  ok: 0,
  /** A step, check or doctor row failed. */
  failed: 1,
  /** Bad usage or bad input: flags, chapter names, lesson files. */
  usage: 2,
  /** demystify's own fault: an error nothing foresaw (BSD's EX_SOFTWARE). */
  internal: 70,
  /** Interrupted by the user. */
  interrupted: 130,
} as const;

/** What each exit code means, for `demystify --help` (and the README's copy of it). */
export const EXIT_MEANINGS: Readonly<Record<(typeof EXIT)[keyof typeof EXIT], string>> = {
  [EXIT.ok]: 'done; every step, check or doctor row passed',
  [EXIT.failed]: 'a step, check or doctor row failed',
  [EXIT.usage]: 'bad usage or bad input: a flag, a chapter name, a lesson file',
  [EXIT.internal]: 'an error in demystify itself (please report it)',
  [EXIT.interrupted]: 'interrupted (Ctrl-C)',
};

export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}
