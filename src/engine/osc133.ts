// Shell integration markers (OSC 133, the "semantic prompt" sequences that
// iTerm2, VS Code and kitty understand). Our bash (see shell-rc.ts) prints
//   ESC ] 133 ; D ; <status> ; <errors> ; <first failed status> ; <its command> BEL
//                                              when a command line finished
//   ESC ] 133 ; A BEL                          when the prompt starts
//   ESC ] 133 ; C BEL                          when a command's output starts
// so the engine knows when a step ended and with which exit status, whether
// the step was typed by the engine or by the learner; and, demystify's own,
//   ESC ] 133 ; Q ; <token> ; <value> BEL      the learner ran `answer <value>`
// (the token says which question or prediction was waiting, see shell-rc.ts).
// Terminals ignore a letter they do not know. The one parser of them: the
// learner's shell reads the marks, replay's echo the text between.

/** The first command of a command line that failed: what a learner needs to know to fix a step. */
export interface FailedCommand {
  readonly status: number;
  /** As bash saw it (variables not expanded), one line, at most 200 characters. */
  readonly command: string;
}

export type ShellMark =
  | { kind: 'prompt' }
  | { kind: 'output' }
  | { kind: 'done'; status: number; failedCommands: boolean; firstFailure?: FailedCommand }
  /** What the learner answered with `answer <value>`, for the question (or prediction) `token` names. */
  | { kind: 'answer'; token: string; value: string };

/** The stream cut at the markers: text, and the marks between. */
export type ShellToken = ShellMark | { kind: 'text'; text: string };

const PREFIX = '\x1b]133;';
const MARK =
  /\x1b\]133;(?:([ACD])(?:;(\d+))?(?:;(\d+))?(?:;(\d+);([^\x07\x1b]*))?|Q;([\w-]+);([^\x07\x1b]*))\x07/g;
/** The longest marker: the prefix, three numbers and a 200-character command in UTF-16. */
const MAX_MARK = 512;

function markOf(m: RegExpMatchArray): ShellMark {
  if (m[6] !== undefined) return { kind: 'answer', token: m[6], value: m[7] ?? '' };
  if (m[1] === 'A') return { kind: 'prompt' };
  if (m[1] === 'C') return { kind: 'output' };
  const failedCommands = m[3] === '1';
  const firstFailure =
    failedCommands && m[4] !== undefined && m[5] ? { status: Number(m[4]), command: m[5] } : undefined;
  return {
    kind: 'done',
    status: Number(m[2] ?? 0),
    failedCommands,
    ...(firstFailure ? { firstFailure } : {}),
  };
}

/** Finds markers in a stream whose chunks may split a marker in two. */
export class MarkScanner {
  private carry = '';

  /** The chunk as text and marks, in order; a marker split across chunks comes out whole with the next. */
  tokens(chunk: string): ShellToken[] {
    const text = this.carry + chunk;
    const out: ShellToken[] = [];
    let consumed = 0;
    for (const m of text.matchAll(MARK)) {
      const at = m.index ?? 0;
      if (at > consumed) out.push({ kind: 'text', text: text.slice(consumed, at) });
      out.push(markOf(m));
      consumed = at + m[0].length;
    }
    // Keep a possible partial marker (ESC ] 133 ... without its BEL yet) for the next chunk.
    const tail = text.slice(consumed);
    const esc = tail.lastIndexOf('\x1b');
    const rest = esc < 0 ? '' : tail.slice(esc);
    const partial =
      rest !== '' &&
      !rest.includes('\x07') &&
      rest.length < MAX_MARK &&
      (PREFIX.startsWith(rest) || rest.startsWith(PREFIX));
    this.carry = partial ? rest : '';
    const plain = partial ? tail.slice(0, esc) : tail;
    if (plain) out.push({ kind: 'text', text: plain });
    return out;
  }

  /** Only the marks of a chunk. */
  push(chunk: string): ShellMark[] {
    return this.tokens(chunk).filter((t): t is ShellMark => t.kind !== 'text');
  }
}
