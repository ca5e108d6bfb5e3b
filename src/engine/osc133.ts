// Shell integration markers (OSC 133, the "semantic prompt" sequences that
// iTerm2, VS Code and kitty understand). Our bash prints
//   ESC ] 133 ; D ; <status> ; <errors> ; <first failed status> ; <its command> BEL
//                                              when a command line finished
//   ESC ] 133 ; A BEL                          when the prompt starts
//   ESC ] 133 ; C BEL                          when a command's output starts
// so the engine knows when a step ended and with which exit status, whether
// the step was typed by the engine or by the learner.

/** The first command of a command line that failed: what a learner needs to know to fix a step. */
export interface FailedCommand {
  readonly status: number;
  /** As bash saw it (variables not expanded), one line, at most 200 characters. */
  readonly command: string;
}

export type ShellMark =
  | { kind: 'prompt' }
  | { kind: 'done'; status: number; failedCommands: boolean; firstFailure?: FailedCommand };

const PREFIX = '\x1b]133;';
const MARK = /\x1b\]133;([AD])(?:;(\d+))?(?:;(\d+))?(?:;(\d+);([^\x07\x1b]*))?\x07/g;
/** The longest marker: the prefix, three numbers and a 200-character command in UTF-16. */
const MAX_MARK = 512;

/** Finds markers in a stream whose chunks may split a marker in two. */
export class MarkScanner {
  private carry = '';

  push(chunk: string): ShellMark[] {
    const text = this.carry + chunk;
    const marks: ShellMark[] = [];
    let consumed = 0;
    for (const m of text.matchAll(MARK)) {
      if (m[1] === 'A') marks.push({ kind: 'prompt' });
      else {
        const failedCommands = m[3] === '1';
        const firstFailure =
          failedCommands && m[4] !== undefined && m[5] ? { status: Number(m[4]), command: m[5] } : undefined;
        marks.push({
          kind: 'done',
          status: Number(m[2] ?? 0),
          failedCommands,
          ...(firstFailure ? { firstFailure } : {}),
        });
      }
      consumed = (m.index ?? 0) + m[0].length;
    }
    // Keep a possible partial marker (ESC ] 133 ... without its BEL yet) for the next chunk.
    const tail = text.slice(consumed);
    const rest = tail.slice(Math.max(0, tail.lastIndexOf('\x1b')));
    const partial =
      rest.startsWith('\x1b') &&
      !rest.includes('\x07') &&
      rest.length < MAX_MARK &&
      (PREFIX.startsWith(rest) || rest.startsWith(PREFIX));
    this.carry = partial ? rest : '';
    return marks;
  }
}

/**
 * The bash rc file of the learner's shell. The ERR trap records whether any
 * command of a multi-command step failed (like `set -e` would see), without
 * closing the shell, and the first one that did: its status and its text
 * (BASH_COMMAND, control characters made spaces, so it cannot end the
 * marker); PROMPT_COMMAND reports them before each prompt. With
 * `envFile`, each prompt first writes the shell's exported variables there
 * (NUL-separated, `env -0`), so a checkpoint knows what the learner exported
 * without typing anything into their shell; written before the marker, so
 * the file is complete once the engine sees the step end.
 */
export function shellRc(extra = '', envFile?: string): string {
  const dump = envFile ? `command env -0 2>/dev/null >${singleQuoted(envFile)}; ` : '';
  return [
    "# demystify: the learner's shell. Loaded instead of ~/.bashrc so every machine behaves the same.",
    'set +o history',
    "PS1='\\[\\e[1;36m\\]demystify\\[\\e[0m\\]:\\[\\e[1;34m\\]\\W\\[\\e[0m\\]\\$ '",
    "PS2=''",
    // OSC 133 C: the command's output starts here, after the echo of what was typed or pasted.
    "PS0='\\e]133;C\\a'",
    '__demystify_failed=0 __demystify_fstatus=0 __demystify_fcmd=',
    "trap '__demystify_s=$?; if ((! __demystify_failed)); then __demystify_failed=1 __demystify_fstatus=$__demystify_s __demystify_fcmd=$BASH_COMMAND; fi' ERR",
    // Interactive bash ignores SIGTERM unless trapped; the exit paths signal every pane with SIGTERM.
    "trap 'exit 143' TERM",
    `__demystify_prompt() { local s=$? c=\${__demystify_fcmd//[[:cntrl:]]/ }; ${dump}printf '\\e]133;D;%s;%s;%s;%s\\a\\e]133;A\\a' "$s" "$__demystify_failed" "$__demystify_fstatus" "\${c:0:200}"; __demystify_failed=0 __demystify_fstatus=0 __demystify_fcmd=; }`,
    'PROMPT_COMMAND=__demystify_prompt',
    extra,
    '',
  ].join('\n');
}

/** A bash single-quoted word: safe for any path. */
export function singleQuoted(s: string): string {
  return `'${s.replaceAll("'", "'\\''")}'`;
}
