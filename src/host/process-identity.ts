// A process named the way the kernel names it for ever: its pid and its start
// time. A pid alone is reused once its process is gone, so everything the
// root side signals is checked against both just before the signal.
import { readStat } from '../terminal/proc.js';

export interface ProcessIdentity {
  readonly pid: number;
  /** Field 22 of /proc/<pid>/stat: clock ticks after boot. */
  readonly startTime: string;
}

/** The process that has this pid now, named with its start time; undefined when there is none. */
export function identityOf(pid: number): ProcessIdentity | undefined {
  const st = readStat(pid);
  return st ? { pid, startTime: st.startTime } : undefined;
}

/** Signals the process only if its pid still names the process that started at `startTime`. */
export function signalIfSame(id: ProcessIdentity, signal: NodeJS.Signals): boolean {
  if (readStat(id.pid)?.startTime !== id.startTime) return false;
  try {
    process.kill(id.pid, signal);
    return true;
  } catch {
    // It ended between the check and the signal.
    return false;
  }
}
