// The session a headless command runs chapters in (`test`, `replay`): the
// workshop's shell and supervisor in a workspace, what an earlier demystify
// left running reported, and every component stopped however the command
// ends (Ctrl-C, SIGTERM, a closed terminal, a crash).
import path from 'node:path';
import { offlineReason } from '../cluster/connectivity.js';
import { CheckpointStore } from '../engine/checkpoint/checkpoint-store.js';
import { Checkpoints } from '../engine/checkpoint/checkpoints.js';
import { clusterHooks, etcdClientFiles } from '../engine/cluster-hooks.js';
import { openSession, type Session, type SessionOptions } from '../engine/session.js';
import { teardownPlans } from '../engine/teardown.js';
import type { Workshop } from '../lesson/model.js';
import { installCleanup } from '../terminal/index.js';
import { packageRoot, workshopKey, type Resolved } from './options.js';
import { repairEarlierSession } from './root-prepare.js';

export interface CommandSession {
  readonly session: Session;
  /** Aborted when the user interrupts: pass it to whatever runs steps. */
  readonly signal: AbortSignal;
  /** Stops every component and removes the signal handlers. */
  close(): Promise<void>;
}

/** The same session for every command (and the UI): where things are, and the real cluster hooks. */
export function sessionOptions(r: Resolved, workspace: string, workshop: Workshop): SessionOptions {
  return {
    workspace,
    ownsWorkspace: !r.workspaceGiven && workspace === r.workspace,
    ...(isShipped(r.lessonsDir) ? {} : { lessonsOrigin: r.lessonsDir }),
    lessonsDir: r.lessonsDir,
    assetsDir: r.assetsDir,
    stateDir: r.stateDir,
    versions: r.versions,
    binDir: r.binDir,
    cacheRoot: r.cacheRoot,
    cluster: clusterHooks(workshop.access),
    teardowns: teardownPlans(workshop, r.assetsDir),
    workshop,
    access: workshop.access,
    offline: offlineReason(),
  };
}

export async function openCommandSession(
  r: Resolved,
  workshop: Workshop,
  workspace: string,
  write: (s: string) => void,
): Promise<CommandSession> {
  const session = await openSession(sessionOptions(r, workspace, workshop));
  for (const rep of session.reaped)
    write(`stopped ${rep.name} (pid ${rep.pid}) left running by an earlier demystify`);
  for (const w of session.warnings) write(`warning: ${w}`);
  await repairEarlierSession(session, write);
  const abort = new AbortController();
  const cleanup = installCleanup(session.supervisor, {
    beforeExit: () => abort.abort(),
    afterStop: () => session.tearDown(),
  });
  return {
    session,
    signal: abort.signal,
    close: async () => {
      try {
        await session.close();
      } finally {
        cleanup.uninstall();
      }
    },
  };
}

/** The checkpoints of this workshop in this workspace, bound to the session. */
export async function checkpointsFor(
  r: Resolved,
  workshop: Workshop,
  session: Session,
): Promise<Checkpoints> {
  const store = await CheckpointStore.open(r.stateDir, workshopKey(r), session.ctx.workspace);
  return new Checkpoints({
    store,
    workshop,
    deps: session.deps,
    stateDir: r.stateDir,
    etcdClient: (workspace) => etcdClientFiles(workspace, workshop.access),
  });
}

/** The lessons demystify ships (its own package's folder), as opposed to a --lessons folder from elsewhere. */
function isShipped(lessonsDir: string): boolean {
  return path.resolve(lessonsDir) === path.join(packageRoot, 'lessons');
}
