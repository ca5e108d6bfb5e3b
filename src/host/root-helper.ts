// demystify's side of the root helper: starts it once per session (directly
// as root, or through sudo, asking for the password at most once), then sends
// it requests and hears its events. The password goes to sudo's stdin and
// nowhere else: it is held in a Buffer that is zeroed once written, never
// stored, logged or passed in the environment.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { othersCanWrite } from '../fs/others-can-write.js';
import { readJsonLines, writeJsonLine } from './json-lines.js';
import type { HelperEvent, HelperMessage, Request, Results } from './protocol.js';
import { isEvent } from './protocol.js';
import { SUDO, type RootAccess } from './root-access.js';

/** sudo writes this instead of its "[sudo] password for …" prompt, so it can be told apart from anything else. */
const PROMPT = '<<demystify: sudo password>>';
/** How long sudo may take to start the helper, not counting the time the learner spends typing. */
const START_TIMEOUT_MS = 60_000;

export class RootAccessError extends Error {}

/** What the learner typed: a Buffer demystify zeroes once sudo has it (a string is copied into one). */
export type Secret = Buffer | string;

export interface HelperStart {
  readonly access: RootAccess;
  /** For sudo with a password: asked at most three times; undefined means the learner declined. */
  readonly askPassword?: (retry: boolean) => Promise<Secret | undefined>;
  /** The unix socket the nodes reach the API server through. */
  readonly apiSocket: string;
  /** The session's tag: the only nodes, network and cgroups the helper will touch are named with it. */
  readonly tag: string;
  /** Tests: how long sudo may take (default 60 s), and what stands in for sudo. */
  readonly startTimeoutMs?: number;
  readonly launcher?: (command: string[]) => { file: string; args: string[] };
}

export class RootHelper {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(e: HelperEvent) => void>();
  private ended = false;
  pid = 0;

  private constructor(private readonly proc: ChildProcess) {}

  static async start(opts: HelperStart): Promise<RootHelper> {
    const script = helperScript();
    // What will run as root must be nobody else's to change: the node binary, the helper, the nodes' agent.
    // (A stand-in for sudo, in tests, runs a program of its own.)
    if (!opts.launcher)
      for (const file of [process.execPath, script, path.join(path.dirname(script), 'agent-main.js')]) {
        const why = othersCanWrite(file);
        if (why) throw new RootAccessError(`the root helper was not started: ${why}`);
      }
    const launch = (opts.launcher ?? ((c: string[]) => launchFor(opts.access, c)))([
      process.execPath,
      script,
      String(process.getuid?.() ?? 0),
      opts.apiSocket,
      opts.tag,
    ]);
    // stdio 'pipe' is a socket pair (libuv): unlike a pipe, another process cannot open
    // it again through /proc/<pid>/fd, so nothing but this demystify can write requests.
    const proc = spawn(launch.file, launch.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    // The helper (or sudo) gone while a request is written: EPIPE, which ends the session, not demystify.
    proc.stdin!.on('error', () => undefined);
    const helper = new RootHelper(proc);
    await helper.handshake(opts);
    const hello = await helper.request({ op: 'hello' });
    helper.pid = hello.pid;
    return helper;
  }

  request<K extends Request['op']>(req: Extract<Request, { op: K }>): Promise<Results[K]> {
    if (this.ended || !this.proc.stdin?.writable)
      return Promise.reject(new Error('the root helper has ended'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      writeJsonLine(this.proc.stdin!, { ...req, id });
    });
  }

  onEvent(listener: (e: HelperEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  alive(): boolean {
    return !this.ended;
  }

  /** Undo everything the helper made, then let it end. */
  async shutdown(): Promise<readonly string[]> {
    if (this.ended) return [];
    try {
      const res = await this.request({ op: 'shutdown' });
      return res.removed;
    } finally {
      this.proc.stdin!.end();
    }
  }

  /** Exit paths that cannot await: closing stdin makes the helper undo everything by itself. */
  abandon(): void {
    this.proc.stdin?.destroy();
  }

  private async handshake(opts: HelperStart): Promise<void> {
    const proc = this.proc;
    let stderr = '';
    let prompts = 0;
    let asking = Promise.resolve();
    await new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const fail = (message: string): void => {
        clearTimeout(timer);
        proc.kill('SIGKILL');
        reject(new RootAccessError(message));
      };
      // The clock runs only while sudo and the helper work, not while the learner types.
      const limit = opts.startTimeoutMs ?? START_TIMEOUT_MS;
      const startClock = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => fail(`sudo did not start the root helper within ${limit / 1000} s`), limit);
      };
      startClock();
      proc.stderr!.on('data', (b: Buffer) => {
        stderr += b.toString('utf8');
        const seen = stderr.split(PROMPT).length - 1;
        if (seen <= prompts) return;
        prompts = seen;
        clearTimeout(timer);
        asking = asking.then(async () => {
          const retry = prompts > 1;
          if (prompts > 3) return fail('sudo refused the password three times');
          const password = opts.askPassword ? await opts.askPassword(retry) : undefined;
          if (password === undefined)
            return fail('no password was given, so nothing that needs root can run');
          await writeSecret(proc, password);
          startClock();
        });
      });
      proc.on('error', (e) => fail(`cannot start the root helper: ${e.message}`));
      proc.on('exit', () => {
        const said = stderr.split(PROMPT).join('').trim().split('\n').filter(Boolean).pop();
        fail(said ? said.replace(/^sudo:\s*/, 'sudo: ') : 'the root helper ended as it started');
      });
      readJsonLines(
        proc.stdout!,
        (value) => {
          const m = value as HelperMessage | { event: 'helper-ready' };
          if ('event' in m && m.event === 'helper-ready') {
            clearTimeout(timer);
            proc.removeAllListeners('exit');
            proc.on('exit', () => this.end());
            resolve();
            return;
          }
          this.dispatch(m as HelperMessage);
        },
        () => this.end(),
      );
    });
  }

  private dispatch(m: HelperMessage): void {
    if (isEvent(m)) {
      for (const l of this.listeners) l(m);
      return;
    }
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (m.ok) p?.resolve(m.result);
    else p?.reject(new Error(m.error));
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const p of this.pending.values()) p.reject(new Error('the root helper has ended'));
    this.pending.clear();
  }
}

export function launchFor(access: RootAccess, command: string[]): { file: string; args: string[] } {
  switch (access.kind) {
    case 'root':
      return { file: command[0]!, args: command.slice(1) };
    case 'sudo-nopasswd':
      return { file: SUDO, args: ['-n', '--', ...command] };
    case 'sudo-askpass':
      return { file: SUDO, args: ['-A', '--', ...command] };
    case 'sudo-password':
      return { file: SUDO, args: ['-S', '-p', PROMPT, '--', ...command] };
    case 'none':
      throw new RootAccessError(access.reason);
  }
}

/**
 * The password and a newline, written to sudo's stdin from a Buffer that is
 * zeroed once the write is done (or failed): the typed text lives no longer
 * than it must. A string is copied into such a Buffer first.
 */
function writeSecret(proc: ChildProcess, secret: Secret): Promise<void> {
  const bytes =
    typeof secret === 'string' ? Buffer.from(`${secret}\n`, 'utf8') : Buffer.alloc(secret.length + 1);
  if (typeof secret !== 'string') {
    secret.copy(bytes);
    bytes[secret.length] = 0x0a;
    secret.fill(0);
  }
  return new Promise((resolve) => {
    const done = (): void => {
      bytes.fill(0);
      resolve();
    };
    if (!proc.stdin?.writable) return done();
    proc.stdin.write(bytes, () => done());
  });
}

/**
 * dist/host/helper-main.js: next to this file when built by tsc, one folder
 * over from the bundle's chunks, and from the sources (tests) the built copy.
 */
function helperScript(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.join(here, 'helper-main.js'),
    path.join(here, '..', 'host', 'helper-main.js'),
    path.resolve(here, '..', '..', 'dist', 'host', 'helper-main.js'),
  ];
  return candidates.find((c) => fs.existsSync(c)) ?? candidates[0]!;
}
