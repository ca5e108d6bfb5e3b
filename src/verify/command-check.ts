// A check that runs a shell command and compares its exit status. The
// command runs as the learner on the host, or - through `run` - somewhere
// else (as root inside a node).
import type { Observer } from './types.js';

/** One attempt's result. */
export interface CommandRun {
  readonly code: number | null;
  readonly output: string;
  readonly timedOut: boolean;
}

export type CommandRunner = (
  command: string,
  opts: { cwd: string; env: Readonly<Record<string, string>>; timeoutMs: number; signal: AbortSignal },
) => Promise<CommandRun>;

const ATTEMPT_TIMEOUT_MS = 15_000;

/** bash as the learner, on the host. */
export const localRunner: CommandRunner = async (command, { cwd, env, timeoutMs, signal }) => {
  // Loaded on the first look: most workshop starts run no command check.
  const { execa } = await import('execa');
  const res = await execa('bash', ['-c', command], {
    cwd,
    env,
    extendEnv: false,
    reject: false,
    cancelSignal: signal,
    timeout: timeoutMs,
    all: true,
    stdin: 'ignore',
  });
  return { code: res.exitCode ?? null, output: res.all ?? '', timedOut: res.timedOut };
};

export function commandObserver(
  command: string,
  expectedExit: number,
  cwd: string,
  env: Readonly<Record<string, string>>,
  run: CommandRunner = localRunner,
  where = '',
): Observer {
  return {
    pollMs: 250,
    maxPollMs: 2000,
    async observe(signal) {
      const res = await run(command, { cwd, env, timeoutMs: ATTEMPT_TIMEOUT_MS, signal });
      const code = res.code ?? -1;
      if (code === expectedExit) return { ok: true };
      const out = res.output.trim().split('\n').slice(-5).join('\n');
      const why = res.timedOut
        ? `it did not finish within ${ATTEMPT_TIMEOUT_MS / 1000} s`
        : `it exited with status ${code}, expected ${expectedExit}`;
      return { ok: false, reason: `\`${command}\`${where}: ${why}${out ? `\n${out}` : ''}` };
    },
  };
}
