// Root-side process handling of a node's agent (processes inside the node):
// start a command on a terminal demystify opened, signal everything it
// started, run a command and capture its output. Runs as root; never
// imported by demystify itself.
import { spawn } from 'node:child_process';
import { closeSync, openSync, statSync } from 'node:fs';
import { listProcesses, readStat } from '../terminal/proc.js';
import { signalIfSame, type ProcessIdentity } from './process-identity.js';
import type { ExecResult, StartRequest } from './protocol.js';

export type ExitListener = (proc: string, code: number | null, signal: string | null) => void;

/** The processes one agent started, by demystify's name for them. */
export class ProcTable {
  private readonly procs = new Map<string, ProcessIdentity>();

  constructor(
    private readonly onExit: ExitListener,
    /** Only terminals of this user are accepted. */
    private readonly ownerUid: number,
  ) {}

  /**
   * Starts `command` with the terminal as its stdin, stdout, stderr and
   * controlling terminal (setsid -c): the kernel then delivers the pane's
   * Ctrl-C and window size to it, and its hangup when demystify goes away.
   */
  spawn(req: Omit<StartRequest, 'node'>): number {
    if (this.procs.has(req.proc)) throw new Error(`${req.proc} is already running`);
    if (!/^\/dev\/pts\/\d+$/.test(req.tty)) throw new Error(`not a terminal: ${req.tty}`);
    const owner = statSync(req.tty).uid;
    if (owner !== this.ownerUid) throw new Error(`${req.tty} does not belong to the session's user`);
    const fd = openSync(req.tty, 'r+');
    try {
      const child = spawn('setsid', ['-c', 'bash', '-c', req.command], {
        stdio: [fd, fd, fd],
        env: req.env,
        cwd: req.cwd,
      });
      if (child.pid === undefined) throw new Error(`could not start ${req.proc}`);
      const pid = child.pid;
      // Read while the child cannot have been reaped yet (its exit is handled on a later tick).
      this.procs.set(req.proc, { pid, startTime: readStat(pid)?.startTime ?? '' });
      // Kept after the exit: the session's id stays taken while anything it left runs, so
      // signalling it later still reaches those leftovers and nothing else.
      child.on('exit', (code, signal) => this.onExit(req.proc, code, signal));
      child.on('error', () => undefined); // 'exit' reports it
      return pid;
    } finally {
      closeSync(fd);
    }
  }

  /** The signal to every process of the proc's session (an interactive shell runs jobs in groups of their own). */
  signal(proc: string, signal: NodeJS.Signals): number {
    const leader = this.procs.get(proc);
    if (leader === undefined) return 0;
    return signalSession(leader, signal);
  }

  /** Every process started and still running, each with its whole session. */
  signalAll(signal: NodeJS.Signals): void {
    for (const leader of this.procs.values()) signalSession(leader, signal);
  }
}

/** Runs `command` with bash, its output captured (stderr merged), bounded in time. */
export function execCapture(
  command: string,
  env: Readonly<Record<string, string>>,
  cwd: string,
  timeoutMs: number,
): Promise<ExecResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const child = spawn('bash', ['-c', command], {
      env,
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const keep = (b: Buffer): void => {
      // Bounded: a check's output is for a sentence, not a log.
      if (size < 256 * 1024) chunks.push(b);
      size += b.length;
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) signalGroup(child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, output: e.message, timedOut });
    });
    // Once reaped, the child's pid (and so its group id) may be given to another process: no signal after that.
    child.on('exit', () => clearTimeout(timer));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output: Buffer.concat(chunks).toString('utf8'), timedOut });
    });
  });
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Gone already.
  }
}

/**
 * Signals each live process of the session `leader` began; returns how many.
 * A session id is its leader's pid, which the kernel may give to another
 * process once the leader is gone: a process that holds that pid now but
 * started at another time leads another session, and a member that started
 * before the leader cannot be one of its own. Each pid is checked again just
 * before its signal, so a pid reused in between is left alone too.
 */
export function signalSession(leader: ProcessIdentity, signal: NodeJS.Signals): number {
  const holder = readStat(leader.pid);
  if (holder && holder.startTime !== leader.startTime) return 0;
  let count = 0;
  for (const p of listProcesses()) {
    if (p.sid !== leader.pid || Number(p.startTime) < Number(leader.startTime)) continue;
    if (signalIfSame(p, signal)) count++;
  }
  return count;
}
