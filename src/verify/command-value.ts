// A value read off a command: the trimmed stdout of `bash -c COMMAND`, run
// like a command check (as the learner in the workspace, or through a
// CommandRunner as root on a node). What a question's answer, a worked
// answer and a prediction's outcome are made of.
//
// A runner hands back stdout and stderr as one stream (the root helper's
// does), yet a warning on stderr must not become part of the value: the
// command runs with its stderr captured in a variable, printed after a
// separator line once the command is done.
import { localRunner, type CommandRunner } from './command-check.js';

export type CommandValue =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string };

const SEPARATOR = '\x1e demystify: stderr follows \x1e';
const ATTEMPT_TIMEOUT_MS = 15_000;

/** The command, with its stderr kept apart from its stdout (see the top of the file). */
export function withStderrApart(command: string): string {
  return [
    `{ __demystify_err=$( { ${command}`,
    `} 2>&1 1>&3 3>&- ); __demystify_status=$?; } 3>&1`,
    `printf '\\n%s\\n%s' '${SEPARATOR}' "$__demystify_err"`,
    'exit $__demystify_status',
  ].join('\n');
}

/** stdout and stderr of a run of withStderrApart's command. */
export function splitOutput(output: string): { stdout: string; stderr: string } {
  const at = output.lastIndexOf(`\n${SEPARATOR}`);
  if (at < 0) return { stdout: '', stderr: output };
  // A runner may strip the last newline (execa does): with no stderr, the separator ends the output.
  return { stdout: output.slice(0, at), stderr: output.slice(at + SEPARATOR.length + 1).replace(/^\n/, '') };
}

export async function readCommandValue(
  command: string,
  opts: {
    readonly cwd: string;
    readonly env: Readonly<Record<string, string>>;
    readonly signal?: AbortSignal | undefined;
    readonly run?: CommandRunner | undefined;
    /** Said after the command in a failure, e.g. " on node-0". */
    readonly where?: string;
  },
): Promise<CommandValue> {
  const run = opts.run ?? localRunner;
  const res = await run(withStderrApart(command), {
    cwd: opts.cwd,
    env: opts.env,
    timeoutMs: ATTEMPT_TIMEOUT_MS,
    signal: opts.signal ?? new AbortController().signal,
  }).catch((e: unknown) => ({ code: null, output: (e as Error).message, timedOut: false }));
  const { stdout, stderr } = splitOutput(res.output);
  const said = `\`${command}\`${opts.where ?? ''}`;
  const tail = stderr.trim().split('\n').slice(-5).join('\n');
  if (res.timedOut)
    return { ok: false, reason: `${said} did not finish within ${ATTEMPT_TIMEOUT_MS / 1000} s` };
  if (res.code !== 0)
    return {
      ok: false,
      reason: `${said} exited with status ${res.code ?? 'none (it was stopped)'}${tail ? `\n${tail}` : ''}`,
    };
  const value = stdout.trim();
  if (value === '') return { ok: false, reason: `${said} printed nothing${tail ? `\n${tail}` : ''}` };
  return { ok: true, value };
}
