// Errors the CLI reports as one sentence and an exit code, never a stack.

export const EXIT = {
  ok: 0,
  /** A step, check or doctor row failed. */
  failed: 1,
  /** Bad usage or bad input: flags, chapter names, lesson files. */
  usage: 2,
  /** Interrupted by the user. */
  interrupted: 130,
} as const;

export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}
