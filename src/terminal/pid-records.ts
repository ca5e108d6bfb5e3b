// Pid records: one small file per running component, so that a demystify that
// was killed outright (SIGKILL, out of memory, a power-cut terminal) can be
// cleaned up after by the next one. A pid alone is not enough, since the kernel
// reuses pids: the record also holds the process start time and the boot id,
// and a process whose start time differs is never touched.
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { ProcessFamily } from './process-family.js';
import { bootId, isLiveStat, readEnvVar, readStat } from './proc.js';

/** Set in every component's environment; inherited by its children, it tells ours from strangers. */
export const MARKER_VAR = 'DEMYSTIFY_COMPONENT_ID';

export interface PidRecord {
  readonly version: 1;
  readonly name: string;
  readonly pid: number;
  readonly pgid: number;
  readonly sid: number;
  readonly command: string;
  /** /proc/<pid>/stat field 22, clock ticks after boot. */
  readonly startTime: string;
  readonly bootId: string;
  /** Value of MARKER_VAR in the component's environment. */
  readonly marker: string;
  /** The demystify process that started it; its records are left alone while it runs. */
  readonly owner: { readonly pid: number; readonly startTime: string };
  readonly startedAt: string;
  /** Fractional milliseconds: orders components started in the same millisecond. */
  readonly startedAtMs: number;
}

export function pidDir(stateDir: string): string {
  return path.join(stateDir, 'pids');
}

function recordPath(stateDir: string, name: string): string {
  return path.join(pidDir(stateDir), `${encodeURIComponent(name)}.json`);
}

/** Temp file, fsync, rename, fsync the folder: a crash leaves the old record or the new one, never half. */
export function writePidRecord(stateDir: string, record: PidRecord): void {
  const dir = pidDir(stateDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = recordPath(stateDir, record.name);
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(record, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

/** Removes the record of `name`, but only if it is still about `pid` (a restart may have replaced it). */
export function removePidRecord(stateDir: string, name: string, pid: number): void {
  const file = recordPath(stateDir, name);
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as Partial<PidRecord>;
    if (record.pid !== pid) return;
  } catch {
    // Unreadable or missing: nothing of ours to keep.
  }
  rmSync(file, { force: true });
}

/** The record for a freshly spawned process, or undefined when it already ended. */
export function makePidRecord(
  name: string,
  pid: number,
  command: string,
  marker: string,
): PidRecord | undefined {
  const stat = readStat(pid);
  const self = readStat(process.pid);
  if (!stat || !self) return undefined;
  return {
    version: 1,
    name,
    pid,
    // node-pty's child calls setsid; right after the spawn it may not have yet, so /proc could still show ours.
    pgid: pid,
    sid: pid,
    command,
    startTime: stat.startTime,
    bootId: bootId(),
    marker,
    owner: { pid: process.pid, startTime: self.startTime },
    startedAt: new Date().toISOString(),
    startedAtMs: performance.timeOrigin + performance.now(),
  };
}

export type ReapOutcome =
  /** It was still running and has now been stopped. */
  | 'stopped'
  /** Nothing of it was left. */
  | 'already-gone'
  /** The pid now names another process; it was not touched. */
  | 'pid-reused'
  /** Recorded before the last reboot. */
  | 'previous-boot'
  /** Another demystify that is still running owns it; left alone. */
  | 'owner-running'
  | 'unreadable-record'
  /** Still alive even after SIGKILL (e.g. stuck in the kernel); the record is kept. */
  | 'survived';

export interface ReapReport {
  readonly file: string;
  readonly name: string;
  readonly pid: number;
  readonly command: string;
  readonly outcome: ReapOutcome;
  /** Processes that were signalled. */
  readonly pids: readonly number[];
  /** Whether they outlasted the grace period and needed SIGKILL. */
  readonly killed: boolean;
}

/**
 * Run at startup, before starting anything: stops whatever an earlier
 * demystify left running, as told by its pid records, and deletes the records.
 */
export async function reapStale(stateDir: string, options: { graceMs?: number } = {}): Promise<ReapReport[]> {
  let files: string[];
  try {
    files = readdirSync(pidDir(stateDir))
      .filter((f) => f.endsWith('.json'))
      .map((f) => path.join(pidDir(stateDir), f));
  } catch {
    return [];
  }
  // One at a time, newest first, like stopAll(): an API server whose etcd is
  // going away at the same moment can hang in its shutdown until SIGKILL.
  const reports: ReapReport[] = [];
  for (const file of files.sort((a, b) => startedAt(b) - startedAt(a))) {
    reports.push(await reapOne(file, options.graceMs ?? 3_000));
  }
  return reports;
}

/** For ordering only; an unreadable record sorts last and is dealt with by reapOne. */
function startedAt(file: string): number {
  try {
    const ms = (JSON.parse(readFileSync(file, 'utf8')) as Partial<PidRecord>).startedAtMs;
    return typeof ms === 'number' ? ms : 0;
  } catch {
    return 0;
  }
}

async function reapOne(file: string, graceMs: number): Promise<ReapReport> {
  let record: PidRecord;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as PidRecord;
    if (!Number.isInteger(record.pid) || record.pid <= 1 || typeof record.startTime !== 'string')
      throw new Error();
  } catch {
    rmSync(file, { force: true });
    return {
      file,
      name: path.basename(file, '.json'),
      pid: 0,
      command: '',
      outcome: 'unreadable-record',
      pids: [],
      killed: false,
    };
  }
  const report = (outcome: ReapOutcome, pids: readonly number[] = [], killed = false): ReapReport => {
    if (outcome !== 'owner-running' && outcome !== 'survived') rmSync(file, { force: true });
    return { file, name: record.name, pid: record.pid, command: record.command, outcome, pids, killed };
  };

  if (record.bootId !== bootId()) return report('previous-boot');
  const owner = record.owner ? readStat(record.owner.pid) : undefined;
  if (isLiveStat(owner) && owner.startTime === record.owner.startTime) return report('owner-running');

  const leader = readStat(record.pid);
  if (leader && leader.startTime !== record.startTime) return report('pid-reused');
  const family = new ProcessFamily(record.pid, record.startTime);
  if (!isLiveStat(leader)) {
    // The leader is gone (or an unreaped zombie); members of its session or
    // group may live on. The kernel keeps a pid number allocated while it is
    // in use as a group or session id, so these can only be the leader's; the
    // start time and the marker double-check that.
    const members = family.members();
    if (members.length === 0) return report('already-gone');
    const strangers = members.filter((p) => !isOurs(p.pid, p.startTime, record));
    if (strangers.length > 0) return report('pid-reused');
  }
  const result = await family.terminate({ graceMs });
  if (!result.gone) return report('survived', result.pids, result.killed);
  return report(result.pids.length > 0 ? 'stopped' : 'already-gone', result.pids, result.killed);
}

function isOurs(pid: number, startTime: string, record: PidRecord): boolean {
  if (BigInt(startTime) < BigInt(record.startTime)) return false;
  const marker = readEnvVar(pid, MARKER_VAR);
  // null: another user's process (root, under sudo) whose environment we may not read.
  return marker === null || marker === record.marker;
}
