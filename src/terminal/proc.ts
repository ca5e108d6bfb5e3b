// Reading process facts from Linux /proc. Everything here is synchronous on
// purpose: the exit paths (process 'exit', signal handlers) cannot await.
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly sid: number;
  /** One letter: R, S, D, Z (zombie), X (dead), T, ... */
  readonly state: string;
  /** Field 22 of /proc/<pid>/stat: clock ticks after boot. With the boot id it names one process for ever. */
  readonly startTime: string;
}

/** Parses /proc/<pid>/stat; the command name may itself contain spaces and parentheses. */
export function parseStat(pid: number, text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  // Fields after the name start at field 3 (state).
  const fields = text.slice(close + 2).split(' ');
  const field = (n: number): string => fields[n - 3] ?? '';
  const startTime = field(22);
  if (!startTime) return undefined;
  return {
    pid,
    state: field(3),
    ppid: Number(field(4)),
    pgid: Number(field(5)),
    sid: Number(field(6)),
    startTime,
  };
}

export function readStat(pid: number): ProcStat | undefined {
  try {
    return parseStat(pid, readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * A zombie has finished; it only waits for its parent to collect the status.
 * Orphaned zombies can linger when PID 1 does not reap (some containers), so
 * they count as gone.
 */
export function isLiveStat(stat: ProcStat | undefined): stat is ProcStat {
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

/** Every live (non-zombie) process on the host. */
export function listProcesses(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    const first = entry.charCodeAt(0);
    if (first < 48 || first > 57) continue;
    const stat = readStat(Number(entry));
    if (isLiveStat(stat)) out.push(stat);
  }
  return out;
}

let cachedBootId: string | undefined;

/** Changes at every boot, so a stored (pid, start time) from an earlier boot is never trusted. */
export function bootId(): string {
  cachedBootId ??= readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  return cachedBootId;
}

/**
 * Reads one variable from a process's environment. Returns undefined when it
 * is not set, null when the environment is not readable (another user's process).
 */
export function readEnvVar(pid: number, name: string): string | undefined | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return null;
  }
  const prefix = `${name}=`;
  for (const entry of text.split('\0')) {
    if (entry.startsWith(prefix)) return entry.slice(prefix.length);
  }
  return undefined;
}

/** All live processes below the roots in the parent tree (not the roots themselves). */
export function descendantsOf(roots: Iterable<number>, procs: readonly ProcStat[]): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const p of procs) {
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  const out: ProcStat[] = [];
  const queue = [...roots];
  const seen = new Set<number>(queue);
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const child of children.get(parent) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}
