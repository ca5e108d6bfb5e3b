// The bash rc file of the learner's shell, loaded instead of ~/.bashrc so
// every machine behaves the same. It prints the OSC 133 markers osc133.ts
// parses, records whether any command of a step failed, loads the current
// chapter's variables (front matter `vars:`) into the shell, and defines
// `answer`, the learner's way to answer a question from the shell.

export interface ShellRcFiles {
  /** Each prompt writes the shell's exported variables here (NUL-separated, `env -0`). */
  readonly envFile?: string;
  /** The chapter's variables, as bash (see chapterVarsScript); read before a command line runs. */
  readonly varsFile?: string;
  /** The token of the question (or prediction) waiting for an answer; empty or missing when none waits. */
  readonly answerFile?: string;
}

/**
 * The ERR trap records whether any command of a multi-command step failed
 * (like `set -e` would see), without closing the shell, and the first one
 * that did (its status and text); PROMPT_COMMAND reports them before each
 * prompt. With `envFile`, each prompt first writes
 * the exported variables there, so a checkpoint knows what the learner
 * exported without typing anything into their shell; written before the
 * marker, so the file is complete once the engine sees the step end. With
 * `varsFile`, the DEBUG trap loads a new version of the chapter's variables
 * before the first command of a command line, whoever typed it: so `$NAME`
 * works in a step the learner types by hand too. It looks only once per
 * command line (a loop does not read the file each time round).
 */
export function shellRc(files: ShellRcFiles = {}, extra = ''): string {
  const dump = files.envFile ? `command env -0 2>/dev/null >${singleQuoted(files.envFile)}; ` : '';
  const vars = files.varsFile ? singleQuoted(files.varsFile) : undefined;
  return [
    "# demystify: the learner's shell. Loaded instead of ~/.bashrc so every machine behaves the same.",
    'set +o history',
    // What the shell and its commands write (keys, kubeconfigs, the exported variables below) is the learner's alone.
    'umask 077',
    "PS1='\\[\\e[1;36m\\]demystify\\[\\e[0m\\]:\\[\\e[1;34m\\]\\W\\[\\e[0m\\]\\$ '",
    "PS2=''",
    // OSC 133 C: the command's output starts here, after the echo of what was typed or pasted.
    "PS0='\\e]133;C\\a'",
    '__demystify_failed=0 __demystify_fstatus=0 __demystify_fcmd=',
    // The first failed command of a line: its status and its text (BASH_COMMAND), for the step's failure sentence.
    "trap '__demystify_s=$?; if ((! __demystify_failed)); then __demystify_failed=1 __demystify_fstatus=$__demystify_s __demystify_fcmd=$BASH_COMMAND; fi' ERR",
    // Interactive bash ignores SIGTERM unless trapped; the exit paths signal every pane with SIGTERM.
    "trap 'exit 143' TERM",
    ...(vars
      ? [
          '__demystify_fresh=1',
          // `||` and `[[` keep the ERR trap quiet; a DEBUG trap leaves $? as it was.
          `__demystify_vars() { [[ -n $__demystify_fresh ]] || return 0; __demystify_fresh=; local g; { read -r _ _ _ _ g < ${vars}; } 2>/dev/null || return 0; [[ $g == "$__demystify_vars_gen" ]] || . ${vars}; }`,
          "trap '__demystify_vars' DEBUG",
        ]
      : []),
    // Control characters of the failed command become spaces: it must not end the marker.
    `__demystify_prompt() { local s=$? c=\${__demystify_fcmd//[[:cntrl:]]/ }; ${dump}printf '\\e]133;D;%s;%s;%s;%s\\a\\e]133;A\\a' "$s" "$__demystify_failed" "$__demystify_fstatus" "\${c:0:200}"; __demystify_failed=0 __demystify_fstatus=0 __demystify_fcmd=;${vars ? ' __demystify_fresh=1;' : ''} }`,
    'PROMPT_COMMAND=__demystify_prompt',
    ...(files.answerFile ? [answerFunction(files.answerFile)] : []),
    extra,
    '',
  ].join('\n');
}

/**
 * `answer <value>`: tells the engine the value through an OSC 133 mark of
 * demystify's own (see osc133.ts), with the token of the question waiting
 * (the engine writes it into `file`, so an answer meant for a question the
 * learner has left is not taken for the next one). It prints nothing else;
 * the lesson shows whether the answer is right. With nothing waiting, or no
 * value, it says so in one line. `||` keeps the ERR trap quiet.
 */
function answerFunction(file: string): string {
  return [
    'answer() {',
    `  local t= v="$*"; { read -r t < ${singleQuoted(file)}; } 2>/dev/null || t=`,
    "  if [[ -z $t ]]; then echo 'demystify: no question or prediction is waiting for an answer' >&2; return 1; fi",
    "  if [[ -z ${v//[[:space:]]/} ]]; then echo 'usage: answer VALUE   (the value you read off the output)' >&2; return 2; fi",
    '  v=${v//[[:cntrl:]]/ }',
    `  printf '\\e]133;Q;%s;%s\\a' "$t" "\${v:0:200}"`,
    '}',
  ].join('\n');
}

/**
 * The chapter's variables as the rc file loads them: the previous chapter's
 * unset, these exported, and the version the DEBUG trap compares.
 */
export function chapterVarsScript(vars: Readonly<Record<string, string>>, version: number): string {
  const names = Object.keys(vars);
  return [
    `# demystify chapter variables ${version}`,
    'unset $__demystify_chapter_vars',
    ...names.map((k) => `export ${k}=${singleQuoted(vars[k] ?? '')}`),
    `__demystify_chapter_vars=${singleQuoted(names.join(' '))}`,
    `__demystify_vars_gen=${version}`,
    '',
  ].join('\n');
}

/** A bash single-quoted word: safe for any path. */
export function singleQuoted(s: string): string {
  return `'${s.replaceAll("'", "'\\''")}'`;
}
