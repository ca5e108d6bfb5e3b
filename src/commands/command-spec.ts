// The shape of one row of the command table (command-table.ts): a command,
// its arguments and options, what the shell completes for each value, and
// the function that runs it.
import { CliError } from './cli-error.js';
import type { Workshop } from '../lesson/model.js';
import type { Resolved } from './options.js';

/** What the shell offers for a value: chapter ids, a folder, a file, one of a fixed list. */
export type Completion =
  | { readonly kind: 'chapter' }
  | { readonly kind: 'command' }
  | { readonly kind: 'dir' }
  | { readonly kind: 'file' }
  | { readonly kind: 'words'; readonly words: readonly string[] };

export interface ArgSpec {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
  readonly variadic?: boolean;
  readonly complete?: Completion;
}

export interface OptionSpec {
  /** As commander reads them: `-f, --follow`, `--record <dir>`, `--no-color`. */
  readonly flags: string;
  readonly description: string;
  /** The environment variable that stands for it (a flag wins). */
  readonly env?: string;
  readonly parse?: (value: string) => unknown;
  readonly complete?: Completion;
}

/** What a command's run function is handed. */
export interface Invocation {
  /** The positional arguments, as the table declares them (a variadic one is an array). */
  readonly args: readonly unknown[];
  readonly opts: Readonly<Record<string, unknown>>;
  /** The global flags resolved (lessons, workspace, state...): read when a command asks. */
  readonly flags: () => Promise<Resolved>;
  readonly write: (line: string) => void;
  /** stdin and stdout are a terminal, and CI is unset: the UI may open. */
  readonly interactive: boolean;
  /** Prints the help of the program, or of the command named. */
  readonly showHelp: (command?: string) => void;
}

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly args?: readonly ArgSpec[];
  readonly options?: readonly OptionSpec[];
  /** Run it; a number is the exit code (none: 0). */
  readonly run: (call: Invocation) => Promise<number | void>;
}

export const CHAPTER: Completion = { kind: 'chapter' };
export const DIR: Completion = { kind: 'dir' };

export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`wants a whole number, 1 or more, not "${v}"`);
  return n;
}

/** The workshop, loaded when a command needs it (the loader and the YAML parser are not on --version's way). */
export async function loadLessons(r: Resolved): Promise<Workshop> {
  return (await import('./load-lessons.js')).loadOrExplain(r);
}
