// How this demystify can become root, decided without ever prompting:
// already root; sudo that needs no password (a NOPASSWD rule, or a password
// typed in this terminal a moment ago); sudo with SUDO_ASKPASS set (sudo then
// asks that program); sudo that wants a password (demystify asks for it once,
// itself); or no way at all.
import { spawn } from 'node:child_process';

/**
 * sudo by its absolute path, never looked up in PATH: a folder early in the
 * learner's PATH (writable by them, or by whatever they installed) would
 * otherwise get the password and the root helper's command line.
 */
export const SUDO = '/usr/bin/sudo';

export type RootAccess =
  | { readonly kind: 'root' }
  | { readonly kind: 'sudo-nopasswd' }
  | { readonly kind: 'sudo-askpass'; readonly program: string }
  | { readonly kind: 'sudo-password' }
  | { readonly kind: 'none'; readonly reason: string };

export interface AccessProbes {
  readonly uid: () => number;
  readonly env: NodeJS.ProcessEnv;
  /** Runs sudo with these arguments, never reading a terminal: its exit code and stderr, or ENOENT. */
  readonly sudo: (args: string[]) => Promise<{ code: number | null; stderr: string } | 'ENOENT'>;
}

export const realAccessProbes: AccessProbes = {
  uid: () => process.getuid?.() ?? -1,
  env: process.env,
  sudo: (args) =>
    new Promise((resolve) => {
      const p = spawn(SUDO, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      p.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
      const timer = setTimeout(() => p.kill('SIGKILL'), 5000);
      p.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve(e.code === 'ENOENT' ? 'ENOENT' : { code: null, stderr: e.message });
      });
      p.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    }),
};

export async function detectRootAccess(probes: AccessProbes = realAccessProbes): Promise<RootAccess> {
  if (probes.uid() === 0) return { kind: 'root' };
  // -n: never prompt; -v would refresh a timestamp, `true` only asks whether we may.
  const res = await probes.sudo(['-n', 'true']);
  if (res === 'ENOENT')
    return { kind: 'none', reason: `sudo is not installed (${SUDO}), and demystify is not running as root` };
  if (res.code === 0) return { kind: 'sudo-nopasswd' };
  if (/password is required/i.test(res.stderr)) {
    const askpass = probes.env.SUDO_ASKPASS;
    return askpass ? { kind: 'sudo-askpass', program: askpass } : { kind: 'sudo-password' };
  }
  const said = res.stderr.trim().split('\n')[0] ?? '';
  return { kind: 'none', reason: `sudo refuses: ${said.replace(/^sudo:\s*/, '') || `exit ${res.code}`}` };
}

/** One line for doctor and for the screens that explain what will happen. */
export function describeAccess(access: RootAccess): string {
  switch (access.kind) {
    case 'root':
      return 'running as root';
    case 'sudo-nopasswd':
      return 'not root; sudo works without a password';
    case 'sudo-askpass':
      return `not root; sudo asks ${access.program} (SUDO_ASKPASS) for the password`;
    case 'sudo-password':
      return 'not root; sudo asks for your password: demystify asks for it once, before the first chapter that needs root';
    case 'none':
      return `not root, and ${access.reason}`;
  }
}
