// `demystify test [chapters...]`: runs every step and check headless, in
// order, from a fresh workspace unless --workspace names one. Exit 0 only if
// every step passed.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { clusterHooks } from '../engine/cluster-hooks.js';
import { runHeadless } from '../engine/headless.js';
import { openSession } from '../engine/session.js';
import type { Workshop } from '../lesson/model.js';
import { installCleanup } from '../terminal/index.js';
import { EXIT } from './cli-error.js';
import { chaptersByKeys } from './load-lessons.js';
import type { Resolved } from './options.js';

export async function testCommand(
  workshop: Workshop,
  r: Resolved,
  keys: readonly string[],
  write: (s: string) => void,
  opts: { proveChecks?: boolean } = {},
): Promise<number> {
  const chapters = keys.length ? chaptersByKeys(workshop, keys) : [...workshop.chapters];
  const workspace = r.workspaceGiven
    ? r.workspace
    : await fs.mkdtemp(path.join(os.tmpdir(), 'demystify-test-'));
  write(`workspace: ${workspace}`);
  const session = await openSession({
    workspace,
    lessonsDir: r.lessonsDir,
    assetsDir: r.assetsDir,
    stateDir: r.stateDir,
    versions: r.versions,
    binDir: r.binDir,
    cacheRoot: r.cacheRoot,
    cluster: clusterHooks(),
  });
  for (const rep of session.reaped)
    write(`stopped ${rep.name} (pid ${rep.pid}) left running by an earlier demystify`);
  for (const w of session.warnings) write(`warning: ${w}`);
  const abort = new AbortController();
  // Ctrl-C, SIGTERM, SIGHUP or a crash: stop every component, then exit.
  const cleanup = installCleanup(session.supervisor, { beforeExit: () => abort.abort() });
  try {
    const result = await runHeadless(chapters, {
      deps: session.deps,
      write,
      color: r.color,
      proveChecks: opts.proveChecks ?? false,
      signal: abort.signal,
    });
    const ok = result.failed === 0 && result.notRun === 0;
    if (!ok && !r.workspaceGiven) write(`the workspace is kept for a look: ${workspace}`);
    if (ok && !r.workspaceGiven)
      await fs.rm(workspace, { recursive: true, force: true }).catch(() => undefined);
    return ok ? EXIT.ok : EXIT.failed;
  } finally {
    await session.close();
    cleanup.uninstall();
  }
}
