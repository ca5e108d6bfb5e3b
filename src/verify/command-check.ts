// A check that runs a shell command and compares its exit status.
import type { Observer } from './types.js';

export function commandObserver(
  command: string,
  expectedExit: number,
  cwd: string,
  env: Readonly<Record<string, string>>,
): Observer {
  return {
    pollMs: 250,
    maxPollMs: 2000,
    async observe(signal) {
      // Loaded on the first look: most workshop starts run no command check.
      const { execa } = await import('execa');
      const res = await execa('bash', ['-c', command], {
        cwd,
        env,
        extendEnv: false,
        reject: false,
        cancelSignal: signal,
        timeout: 15_000,
        all: true,
        stdin: 'ignore',
      });
      const code = res.exitCode ?? -1;
      if (code === expectedExit) return { ok: true };
      const out = (res.all ?? '').trim().split('\n').slice(-5).join('\n');
      const why = res.timedOut
        ? 'it did not finish within 15 s'
        : `it exited with status ${code}, expected ${expectedExit}`;
      return { ok: false, reason: `\`${command}\`: ${why}${out ? `\n${out}` : ''}` };
    },
  };
}
