// The record of what a session may have made on the host, written (atomically)
// before the root helper starts and removed once it has undone everything.
// A journal left behind means a session ended without that: the next start
// reads it to find out whether anything is still there - without root, from
// /sys and /proc - and if so, repairs it.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { bootId, isLiveStat, readStat } from '../terminal/proc.js';
import { procsBelow } from './cgroups.js';
import { cgroupTop } from './plan.js';

export interface Journal {
  readonly version: 1;
  readonly tag: string;
  readonly hostLink: string;
  /** The demystify that wrote it. */
  readonly owner: { readonly pid: number; readonly startTime: string };
  readonly bootId: string;
  /** Once known. */
  readonly helperPid?: number;
  readonly startedAt: string;
}

export function journalPath(stateDir: string): string {
  return path.join(stateDir, 'host-session.json');
}

export async function writeJournal(
  stateDir: string,
  entry: Omit<Journal, 'version' | 'owner' | 'bootId' | 'startedAt'>,
): Promise<void> {
  const journal: Journal = {
    version: 1,
    ...entry,
    owner: { pid: process.pid, startTime: readStat(process.pid)?.startTime ?? '' },
    bootId: bootId(),
    startedAt: new Date().toISOString(),
  };
  await writeFileAtomic(journalPath(stateDir), `${JSON.stringify(journal, null, 2)}\n`, { mode: 0o600 });
}

export function readJournal(stateDir: string): Journal | undefined {
  try {
    const j = JSON.parse(readFileSync(journalPath(stateDir), 'utf8')) as Journal;
    return j.version === 1 && typeof j.tag === 'string' ? j : undefined;
  } catch {
    return undefined;
  }
}

export function removeJournal(stateDir: string): void {
  rmSync(journalPath(stateDir), { force: true });
}

/** What a dead session left, as far as an ordinary user can see it. */
export interface Leftovers {
  readonly journal: Journal;
  /** Cgroup folders (one per hierarchy) of the session's nodes. */
  readonly cgroups: readonly string[];
  /** Processes still in them. */
  readonly pids: readonly number[];
  readonly hostLink: boolean;
}

export type JournalState =
  | { readonly kind: 'none' }
  /** The demystify that wrote it is still running: its session is not ours to touch. */
  | { readonly kind: 'live'; readonly pid: number }
  /** Its helper is still undoing things (demystify was killed a moment ago). */
  | { readonly kind: 'cleaning'; readonly helperPid: number }
  | { readonly kind: 'leftovers'; readonly leftovers: Leftovers };

export function inspectJournal(stateDir: string, cgroupRoot = '/sys/fs/cgroup'): JournalState {
  const journal = readJournal(stateDir);
  if (!journal) return { kind: 'none' };
  // After a reboot nothing of it can be left: cgroups, namespaces and links live in memory.
  if (journal.bootId !== bootId()) {
    removeJournal(stateDir);
    return { kind: 'none' };
  }
  const owner = readStat(journal.owner.pid);
  if (isLiveStat(owner) && owner.startTime === journal.owner.startTime && journal.owner.pid !== process.pid)
    return { kind: 'live', pid: journal.owner.pid };
  if (journal.helperPid && isLiveStat(readStat(journal.helperPid)) && helperLooksOurs(journal.helperPid))
    return { kind: 'cleaning', helperPid: journal.helperPid };
  const cgroups = cgroupFolders(cgroupRoot, cgroupTop(journal.tag));
  const pids = cgroups.flatMap(procsBelow);
  const hostLink = existsSync(path.join('/sys/class/net', journal.hostLink));
  if (!cgroups.length && !pids.length && !hostLink) {
    removeJournal(stateDir);
    return { kind: 'none' };
  }
  return { kind: 'leftovers', leftovers: { journal, cgroups, pids: [...new Set(pids)], hostLink } };
}

/** One short sentence of what is left, for the screen that asks to remove it. */
export function describeLeftovers(l: Leftovers): string {
  const parts: string[] = [];
  if (l.pids.length) parts.push(`${l.pids.length} processes of its nodes`);
  if (l.hostLink) parts.push(`the network interface ${l.journal.hostLink}`);
  if (l.cgroups.length) parts.push(`its nodes' cgroups (${l.cgroups.length} folders)`);
  return parts.join(', ');
}

function helperLooksOurs(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('helper-main.js');
  } catch {
    return false;
  }
}

/** <hierarchy>/demystify-<tag> for each hierarchy where it exists (the top only: enough to know). */
function cgroupFolders(root: string, top: string): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return out;
  }
  // v2: the folder is right under the root; v1: under each controller's hierarchy.
  if (existsSync(path.join(root, top))) out.push(path.join(root, top));
  for (const e of entries) {
    const dir = path.join(root, e, top);
    if (existsSync(dir)) out.push(dir);
  }
  return out;
}
