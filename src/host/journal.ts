// The record of what a session may have made on the host, written (atomically)
// before the root helper starts and removed once it has undone everything.
// A journal left behind means a session ended without that: the next start
// reads it to find out whether anything is still there - without root, from
// /sys and /proc - and if so, repairs it.
import { existsSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
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

/** The shape writeJournal writes; a journal of another shape is set aside, never acted on. */
const journalSchema = v.object({
  version: v.literal(1),
  tag: v.pipe(v.string(), v.regex(/^[0-9a-f]{6}$/)),
  hostLink: v.pipe(v.string(), v.regex(/^dmy[0-9a-f]{6}$/)),
  owner: v.object({
    pid: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
    startTime: v.pipe(v.string(), v.regex(/^\d*$/)),
  }),
  bootId: v.string(),
  helperPid: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1))),
  startedAt: v.string(),
});

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

/**
 * The journal, if there is one in the shape writeJournal writes. One of any
 * other shape (a hand edit, a disk error) is renamed aside, so nothing is
 * ever removed or killed on its word, and `setAside` says where it went.
 */
export function readJournal(stateDir: string): { journal?: Journal; setAside?: string } {
  const file = journalPath(stateDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  let why: string;
  try {
    const res = v.safeParse(journalSchema, JSON.parse(text));
    if (res.success) return { journal: res.output };
    const issue = res.issues[0];
    why = `${v.getDotPath(issue) ?? 'the file'}: ${issue.message}`;
  } catch (e) {
    why = `not JSON (${(e as Error).message})`;
  }
  const aside = `${file}.unreadable-${Date.now()}`;
  try {
    renameSync(file, aside);
  } catch {
    return {
      setAside: `the record of an earlier session (${file}) is unreadable (${why}) and could not be moved`,
    };
  }
  return {
    setAside: `the record of an earlier session was not in the shape demystify writes (${why}): it is kept as ${aside}, and nothing was removed or stopped on its word`,
  };
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
  /** `setAside`: a malformed journal was found and renamed aside (a sentence saying so). */
  | { readonly kind: 'none'; readonly setAside?: string }
  /** The demystify that wrote it is still running: its session is not ours to touch. */
  | { readonly kind: 'live'; readonly pid: number }
  /** Its helper is still undoing things (demystify was killed a moment ago). */
  | { readonly kind: 'cleaning'; readonly helperPid: number }
  | { readonly kind: 'leftovers'; readonly leftovers: Leftovers };

export function inspectJournal(stateDir: string, cgroupRoot = '/sys/fs/cgroup'): JournalState {
  const { journal, setAside } = readJournal(stateDir);
  if (!journal) return setAside ? { kind: 'none', setAside } : { kind: 'none' };
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
