// The processes that belong to one component, and how to end all of them.
//
// node-pty makes the spawned process a session leader (setsid), so its pid is
// also its session id and process-group id. A plain component stays in that
// one group, but an interactive shell puts every job in a group of its own, and
// `sudo` (with use_pty) or a daemon may start a new session. So the family is:
// every process of the leader's session, every process in a group we have seen
// a member in, and everything still below the leader (or a member) in the
// parent tree. Signals go to whole groups, so a child forked between two scans
// is reached too.
import { spawnSync } from 'node:child_process';
import { descendantsOf, listProcesses, readStat, type ProcStat } from './proc.js';

export type Signal = NodeJS.Signals;

const isRoot = (): boolean => process.getuid?.() === 0;

/** Our own group; never signalled, whatever a (possibly forged) record says. */
const ownGroup = (): number => readStat(process.pid)?.pgid ?? process.pid;

export interface TerminateOptions {
  /** Sent first; SIGTERM unless the component asks for another (an interactive shell wants SIGHUP). */
  readonly signal?: Signal;
  /** How long to wait after the first signal before SIGKILL. */
  readonly graceMs: number;
  /** After SIGKILL, give up waiting after this long (a process stuck in the kernel). */
  readonly killWaitMs?: number;
  readonly pollMs?: number;
}

export interface TerminateResult {
  /** Pids seen alive when termination began. */
  readonly pids: number[];
  /** Whether SIGKILL was needed. */
  readonly killed: boolean;
  /** False when something survived even SIGKILL within killWaitMs. */
  readonly gone: boolean;
}

export class ProcessFamily {
  private groups: Set<number>;
  /** Once no member is left none can appear (only members fork), and the numbers may be reused. */
  private finished = false;

  /**
   * @param leaderStartTime identifies the leader itself: between fork and
   * setsid a fresh leader is still in our group and session, so it is found by
   * pid; the start time makes sure that pid is still the same process.
   */
  constructor(
    readonly leader: number,
    private readonly leaderStartTime?: string,
  ) {
    this.groups = new Set(leader === ownGroup() ? [] : [leader]);
  }

  /** Live members now. Also refreshes the set of groups to signal. */
  members(procs: readonly ProcStat[] = listProcesses()): ProcStat[] {
    if (this.finished) return [];
    const self = readStat(process.pid);
    // Our own session and group are never the family's, whatever a (forged) record says.
    const session = this.leader === self?.sid ? -1 : this.leader;
    const found = new Map<number, ProcStat>();
    for (const p of procs) {
      if (p.pid === process.pid) continue;
      const isLeader = p.pid === this.leader && p.startTime === this.leaderStartTime;
      if (isLeader || p.sid === session || this.groups.has(p.pgid)) found.set(p.pid, p);
    }
    // Below members only: the leader's pid alone may by now name another process.
    for (const p of descendantsOf([...found.keys()], procs)) {
      if (p.pid !== process.pid) found.set(p.pid, p);
    }
    // Keep only groups that still have members (an emptied group's number can be reused),
    // and never our own (a leader that has not called setsid yet is still in it).
    const own = self?.pgid ?? process.pid;
    const groups = new Set(this.leader === own ? [] : [this.leader]);
    for (const p of found.values()) if (p.pgid !== own) groups.add(p.pgid);
    this.groups = groups;
    if (found.size === 0) this.finished = true;
    return [...found.values()];
  }

  isGone(): boolean {
    return this.members().length === 0;
  }

  /** Sends a signal to every group of the family, synchronously. Returns the pids that were alive. */
  signal(signal: Signal): number[] {
    const members = this.members();
    if (members.length === 0) return [];
    const own = ownGroup();
    const denied: number[] = [];
    for (const group of this.groups) {
      if (group <= 1 || group === own) continue;
      try {
        process.kill(-group, signal);
        // A stopped job (Ctrl-Z in the shell) only acts on SIGTERM once continued.
        if (signal !== 'SIGKILL' && signal !== 'SIGCONT') process.kill(-group, 'SIGCONT');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EPERM') denied.push(group);
      }
    }
    // Members of our own group (a leader before its setsid, or a forged record) get a signal of their own.
    for (const p of members) {
      if (p.pgid === own) {
        try {
          process.kill(p.pid, signal);
        } catch {
          // already gone
        }
      }
    }
    if (denied.length > 0 && !isRoot()) sudoKill(signal, denied);
    return members.map((p) => p.pid);
  }

  /** Signal, wait up to graceMs, SIGKILL, wait until no member is left. */
  async terminate(options: TerminateOptions): Promise<TerminateResult> {
    const pollMs = options.pollMs ?? 50;
    const pids = this.signal(options.signal ?? 'SIGTERM');
    if (pids.length === 0) return { pids, killed: false, gone: true };
    const killAt = Date.now() + options.graceMs;
    let giveUpAt = Infinity;
    let killed = false;
    for (;;) {
      await sleep(pollMs);
      if (this.isGone()) return { pids, killed, gone: true };
      if (!killed && Date.now() >= killAt) {
        this.signal('SIGKILL');
        killed = true;
        giveUpAt = Date.now() + (options.killWaitMs ?? 5_000);
      } else if (killed && Date.now() >= giveUpAt) {
        return { pids, killed, gone: false };
      } else if (killed) {
        // Children forked after the first SIGKILL.
        this.signal('SIGKILL');
      }
    }
  }
}

/**
 * A component started through sudo runs as root; we may not signal it. sudo
 * forwards SIGTERM itself, but not SIGKILL, so that one goes through `sudo kill`.
 * `-n`: in an exit path there is nobody to type a password. By its absolute
 * path, as the root helper's sudo: never whatever `sudo` comes first in PATH.
 */
function sudoKill(signal: Signal, groups: readonly number[]): void {
  spawnSync(
    '/usr/bin/sudo',
    ['-n', 'kill', '-s', signal.replace(/^SIG/, ''), '--', ...groups.map((g) => `-${g}`)],
    {
      stdio: 'ignore',
      timeout: 5_000,
    },
  );
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
