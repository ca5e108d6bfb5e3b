// `demystify clean`: undoes everything the workshop did on this machine -
// components a killed demystify left running, what its nodes left (cgroups,
// the node network's interface), demystify's runtime files - and says what it
// did. Progress, checkpoints, the workspace and the downloaded binaries stay
// unless asked. Safe to run twice, and when there is nothing to do.
import fs from 'node:fs/promises';
import path from 'node:path';
import { ProgressStore } from '../engine/progress.js';
import { describeLeftovers, inspectJournal } from '../host/journal.js';
import { RootSession } from '../host/root-session.js';
import { reapStale } from '../terminal/index.js';
import { whyNotDeletable } from '../fs/workspace-marker.js';
import { CliError, EXIT } from './cli-error.js';
import { workshopKey, type Resolved } from './options.js';
import { ttyPasswordAsker } from './tty-password.js';

export interface CleanOptions {
  /** Also forget the progress of every chapter, and the checkpoints. */
  readonly progress?: boolean;
  /** Also delete the workspace (certificates, configs, etcd's data). */
  readonly workspace?: boolean;
  /** Also delete the cache: the downloaded binaries, Node's compiled code. */
  readonly binaries?: boolean;
}

export async function cleanCommand(
  r: Resolved,
  write: (s: string) => void,
  opts: CleanOptions = {},
): Promise<number> {
  const done: string[] = [];
  const journal = inspectJournal(r.stateDir);
  if (journal.kind === 'none' && journal.setAside) done.push(journal.setAside);
  if (journal.kind === 'live')
    throw new CliError(
      `a demystify session (pid ${journal.pid}) is using this machine's workshop now: quit it first`,
      EXIT.failed,
    );
  for (const rep of await reapStale(r.stateDir)) {
    if (rep.outcome === 'owner-running')
      throw new CliError(
        `a demystify session (pid ${rep.pid}'s owner) is running ${rep.name}: quit it first`,
        EXIT.failed,
      );
    if (rep.outcome === 'stopped') done.push(`stopped ${rep.name} (pid ${rep.pid})`);
  }
  const root = new RootSession({ stateDir: r.stateDir });
  const left = root.leftovers();
  if (left) {
    root.asker = ttyPasswordAsker();
    if (!(await root.rootWithoutAsking()) && !root.asker)
      throw new CliError(
        `an earlier session left ${describeLeftovers(left)}; removing it needs root: run demystify clean in a terminal (or set SUDO_ASKPASS)`,
        EXIT.failed,
      );
    try {
      done.push(...(await root.repair()).map((x) => `removed ${x}`));
    } finally {
      await root.close();
    }
  }
  done.push(...(await removeRuntimeFiles(r.stateDir)));
  if (opts.progress) {
    const store = await ProgressStore.open(r.stateDir, workshopKey(r));
    done.push(...store.notices);
    await store.reset();
    await fs.rm(path.join(r.stateDir, 'checkpoints'), { recursive: true, force: true });
    done.push('forgot the progress of every chapter, and the checkpoints');
  }
  if (opts.workspace) {
    const why = await whyNotDeletable(r.workspace);
    if (why) throw new CliError(`refusing to delete ${r.workspace}: ${why}`, EXIT.failed);
    await fs.rm(r.workspace, { recursive: true, force: true });
    done.push(`deleted the workspace ${r.workspace}`);
  }
  if (opts.binaries) {
    const existed = await fs.stat(r.cacheRoot).then(
      () => true,
      () => false,
    );
    await fs.rm(r.cacheRoot, { recursive: true, force: true });
    if (existed) done.push(`deleted the binaries and caches in ${r.cacheRoot}`);
  }
  if (!done.length)
    write('nothing to clean: no component, node or runtime file of the workshop is left on this machine');
  for (const line of done) write(line);
  return EXIT.ok;
}

/** Files only a running session needs: the relay's socket, the shell's rc and exported variables. */
async function removeRuntimeFiles(stateDir: string): Promise<string[]> {
  const names = ['run', 'shell-env', 'present.sock'];
  let entries: string[];
  try {
    entries = await fs.readdir(stateDir);
  } catch {
    return [];
  }
  const gone = entries.filter((e) => names.includes(e) || /rc\.bash$/.test(e));
  for (const e of gone) await fs.rm(path.join(stateDir, e), { recursive: true, force: true });
  return gone.length ? [`removed runtime files from ${stateDir} (${gone.join(', ')})`] : [];
}
