// Everything the doctor asks the host, behind one small interface so unit
// tests can describe a host as data (a cgroup v1 VM, a Mac, a busy port)
// instead of needing one.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { resolveAll, type Resolution, type ResolveOptions } from '../binaries/resolve.js';

export interface ExecResult {
  /** True when it started and exited 0. */
  readonly ok: boolean;
  /** stdout then stderr; version strings land in either. */
  readonly output: string;
  /** Why it did not start or finish: ENOENT, EACCES, ENOEXEC, "timed out", "exit 1". */
  readonly error?: string;
  /** True when it could not be started at all (as opposed to failing). */
  readonly notStarted?: boolean;
}

export interface HostProbes {
  readonly platform: string;
  readonly arch: string;
  uid(): number | undefined;
  exec(file: string, args: readonly string[], timeoutMs: number): Promise<ExecResult>;
  /** File contents, or undefined when unreadable. */
  readText(file: string): Promise<string | undefined>;
  /** Undefined when 127.0.0.1:port can be listened on, else the error code. */
  portBusy(port: number): Promise<string | undefined>;
  /** Undefined when the URL answers at all (any status), else why not. */
  reach(url: string, timeoutMs: number): Promise<string | undefined>;
  resolveBinaries(): Promise<readonly Resolution[]>;
}

// sbin folders hold iptables and are often missing from a non-root PATH.
const extraPath = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

function execOnce(file: string, args: readonly string[], timeoutMs: number): Promise<ExecResult> {
  const envPath = [process.env.PATH ?? '', ...extraPath].filter(Boolean).join(path.delimiter);
  return new Promise((resolve) => {
    execFile(
      file,
      [...args],
      {
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        env: { ...process.env, PATH: envPath },
        maxBuffer: 1 << 20,
      },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (!error) return resolve({ ok: true, output });
        const code = (error as NodeJS.ErrnoException).code;
        if (typeof code === 'string') return resolve({ ok: false, output, error: code, notStarted: true });
        if ((error as { killed?: boolean }).killed) {
          return resolve({ ok: false, output, error: `no answer within ${timeoutMs / 1000} s` });
        }
        resolve({ ok: false, output, error: `exit ${String(code ?? error.message)}` });
      },
    ).stdin?.end();
  });
}

function portBusy(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

async function reach(url: string, timeoutMs: number): Promise<string | undefined> {
  try {
    // Any answer, even a redirect or a 403, proves the network path works.
    await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    return undefined;
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? (error as Error).message;
  }
}

/** The real host. */
export function hostProbes(resolveOptions: ResolveOptions = {}): HostProbes {
  return {
    platform: process.platform,
    arch: process.arch,
    uid: () => process.getuid?.(),
    exec: execOnce,
    readText: (file) => readFile(file, 'utf8').catch(() => undefined),
    portBusy,
    reach,
    resolveBinaries: () => resolveAll(resolveOptions),
  };
}
