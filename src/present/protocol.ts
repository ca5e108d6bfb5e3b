// The presenter's notes channel: JSON lines over a Unix socket in the state
// folder (mode 0600: only the presenter's own user connects). The main screen
// sends a `state` line whenever what the notes show changes (and one on
// connect); the notes terminal sends `command` lines, which drive the main
// screen as the presenter's keys would.
import path from 'node:path';

export const SOCKET_NAME = 'present.sock';

export function socketPath(stateDir: string): string {
  return path.join(stateDir, SOCKET_NAME);
}

export interface NotesStep {
  readonly index: number;
  readonly id: string;
  readonly label: string;
  /** todo, running, waiting, passed or failed; with the waiting sentence or failure reason. */
  readonly status: string;
  readonly detail: string | undefined;
  /** The command or body as the lesson has it (empty for a stop step). */
  readonly command: string;
  readonly notes: readonly string[];
}

export interface NotesState {
  readonly type: 'state';
  readonly chapter: {
    readonly index: number;
    readonly id: string;
    readonly title: string;
    readonly count: number;
  };
  readonly chapters: readonly { readonly id: string; readonly title: string }[];
  readonly stepCount: number;
  /** The step on screen, undefined at the end of the chapter. */
  readonly step: NotesStep | undefined;
  /** The step after it, if the chapter has one. */
  readonly next: NotesStep | undefined;
  /** The chapter's closing notes (shown at its last step and its end). */
  readonly closingNotes: readonly string[];
  readonly components: readonly { readonly name: string; readonly state: string }[];
  readonly checks: readonly { readonly id: string; readonly label: string; readonly status: string }[];
  readonly typingMs: number;
  /** A sentence from the main screen (a refusal, a jump under way). */
  readonly notice: string | undefined;
  readonly reaching:
    | { readonly target: string; readonly last: string | undefined; readonly failed: string | undefined }
    | undefined;
}

export type NotesAction = 'run' | 'next' | 'back' | 'hint';

export type NotesCommand =
  | { readonly type: 'command'; readonly action: NotesAction }
  | { readonly type: 'command'; readonly action: 'jump'; readonly chapter: number };

const ACTIONS = new Set(['run', 'next', 'back', 'hint']);

/** A line from a notes terminal as a command, or undefined when it is not one (ignored, never fatal). */
export function parseCommand(line: string): NotesCommand | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (o.type !== 'command') return undefined;
  if (o.action === 'jump' && Number.isInteger(o.chapter))
    return { type: 'command', action: 'jump', chapter: o.chapter as number };
  if (typeof o.action === 'string' && ACTIONS.has(o.action))
    return { type: 'command', action: o.action as NotesAction };
  return undefined;
}

/** Splits a stream into lines, keeping a partial last line for the next chunk. */
export function lineSplitter(onLine: (line: string) => void): (chunk: string) => void {
  let rest = '';
  return (chunk) => {
    rest += chunk;
    let i: number;
    while ((i = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, i).trim();
      rest = rest.slice(i + 1);
      if (line) onLine(line);
    }
    // A peer that never sends a newline must not grow our memory without bound.
    if (rest.length > 1 << 20) rest = '';
  };
}
