// Root for the headless commands, settled before anything runs: what a dead
// session left is removed first (saying what), and if a chapter to run needs
// root, root is made available now - so a run never stops halfway for want
// of a password, and a run that cannot get root does not start at all.
import { binariesUsed } from '../engine/binaries-used.js';
import type { Session } from '../engine/session.js';
import { firstRootChapter } from '../engine/root-reason.js';
import { describeLeftovers } from '../host/journal.js';
import type { Chapter } from '../lesson/model.js';
import { CliError, EXIT } from './cli-error.js';
import { ttyPasswordAsker } from './tty-password.js';

/** Removes what a dead session left, if root is at hand (or can be asked for on this terminal). */
export async function repairEarlierSession(session: Session, write: (s: string) => void): Promise<void> {
  const root = session.nodes.root;
  const left = root.leftovers();
  if (!left) return;
  root.asker ??= ttyPasswordAsker();
  if (!(await root.rootWithoutAsking()) && !root.asker) {
    write(
      `warning: an earlier session left ${describeLeftovers(left)}; run \`demystify clean\` in a terminal to remove it (it needs root)`,
    );
    return;
  }
  try {
    const removed = await root.repair();
    if (removed.length) write(`removed what an earlier session left: ${removed.join('; ')}`);
  } catch (e) {
    write(`warning: could not remove what an earlier session left: ${(e as Error).message}`);
  }
}

/**
 * Refuses to run chapters before the binaries they use are here (named in
 * any of their steps), rather than failing in the middle of one.
 */
export function requireBinaries(session: Session, chapters: readonly Chapter[]): void {
  const missing = binariesUsed(chapters, session.missingBinaries);
  if (!missing.length) return;
  throw new CliError(
    `the workshop's binaries are not on this machine yet (${missing.join(', ')}): run \`demystify fetch\` first (or give --bin-dir, or --mirror for a classroom mirror)`,
    EXIT.failed,
  );
}

/**
 * Root for the first chapter that needs it, now; a CliError (exit 1) naming
 * that chapter when it cannot be had. Lessons from outside demystify are named
 * here, once, before any of their steps runs as root, even when no password is
 * asked for.
 */
export async function prepareRoot(
  session: Session,
  chapters: readonly Chapter[],
  write: (s: string) => void,
): Promise<void> {
  const first = firstRootChapter(chapters);
  if (!first) return;
  const root = session.nodes.root;
  root.asker ??= ttyPasswordAsker();
  const access = await root.rootAccess();
  const why = session.nodes.whyForChapter(first);
  if (session.nodes.origin && access.kind !== 'sudo-password') write(why);
  if (access.kind === 'none') throw new CliError(`${why}, but ${access.reason}`, EXIT.failed);
  if (access.kind === 'sudo-password' && !root.asker)
    throw new CliError(
      `${why}; sudo wants a password and there is no terminal to ask on: run this in a terminal, set SUDO_ASKPASS, or allow passwordless sudo`,
      EXIT.failed,
    );
  try {
    await root.ensure(why);
  } catch (e) {
    throw new CliError(`${why}, but: ${(e as Error).message}`, EXIT.failed);
  }
}
