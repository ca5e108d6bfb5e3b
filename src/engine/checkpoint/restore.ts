// Bringing a checkpoint back, in the order that keeps every step safe:
// stop what runs (etcd must be down to swap its data), put the workspace
// files back, rebuild etcd's data folder from the snapshot, start the
// components again in their original order (each one ready before the
// next, as the lessons started them), and last the learner's shell.
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { WORKSPACE_MARKER, whyNotDeletable } from '../../fs/workspace-marker.js';
import { isRunning } from '../../terminal/types.js';
import { singleQuoted } from '../shell-rc.js';
import type { StepDeps } from '../run-step.js';
import { FILES_DIR, type CheckpointManifest } from './checkpoint-store.js';
import { specOf } from './component-record.js';
import { restoreSnapshot } from './etcd-snapshot.js';
import { restoreScript } from './shell-state.js';
import { restoreTree } from './tree-copy.js';

export type RestorePhase = 'stop' | 'files' | 'etcd' | 'start' | 'shell';

/** One finished part of a restore, for a progress view. */
export interface RestoreStep {
  readonly phase: RestorePhase;
  readonly detail: string;
  readonly ms: number;
}

export type RestoreReport =
  | {
      readonly ok: true;
      readonly ms: number;
      readonly steps: readonly RestoreStep[];
      /** Files that could not be put back or deleted, worth a line. */
      readonly warnings: readonly string[];
    }
  | { readonly ok: false; readonly reason: string; readonly steps: readonly RestoreStep[] };

export interface RestoreInput {
  readonly deps: StepDeps;
  /** The checkpoint's folder; undefined for the empty checkpoint. */
  readonly dir: string | undefined;
  readonly manifest: CheckpointManifest;
  /** Left alone in the workspace (runtime state, demystify's own state). */
  readonly stateDirs: readonly string[];
  /** Emptied before etcd's data comes back from the snapshot. */
  readonly etcdDataDirs: readonly string[];
  /** Where the shell's restore script is written. */
  readonly scratchDir: string;
  readonly signal?: AbortSignal;
  readonly onStep?: (step: RestoreStep) => void;
}

export async function restoreFromManifest(input: RestoreInput): Promise<RestoreReport> {
  const steps: RestoreStep[] = [];
  try {
    return await restoreSteps(input, steps);
  } catch (e) {
    // An I/O error or a component that cannot start is the restore's failure, said in a sentence.
    return { ok: false, reason: `the checkpoint could not be restored: ${(e as Error).message}`, steps };
  }
}

async function restoreSteps(input: RestoreInput, steps: RestoreStep[]): Promise<RestoreReport> {
  const { deps, manifest } = input;
  const began = Date.now();
  let t = began;
  const done = (phase: RestorePhase, detail: string): void => {
    const now = Date.now();
    const step = { phase, detail, ms: now - t };
    t = now;
    steps.push(step);
    input.onStep?.(step);
  };
  const fail = (reason: string): RestoreReport => ({ ok: false, reason, steps });

  // A restore deletes inside the workspace: only one demystify marked as its own, and nothing outside it.
  const why = await whyNotDeletable(deps.workspace);
  if (why) return fail(`the checkpoint is not restored: ${why}`);
  const dataDirs = [...input.etcdDataDirs, ...(manifest.etcd ? [manifest.etcd.layout.dataDir] : [])];
  const outside = dataDirs.find((d) => !inside(deps.workspace, d));
  if (outside)
    return fail(
      `the checkpoint is not restored: etcd's data folder ${outside} is outside the workspace, and a restore deletes only inside it`,
    );

  const toStop = deps.supervisor.list().filter((c) => c.name !== 'shell' && isRunning(c.state()));
  for (const c of [...toStop].reverse()) await c.stop();
  done('stop', toStop.length ? `stopped ${toStop.map((c) => c.name).join(', ')}` : 'nothing was running');

  for (const d of input.etcdDataDirs) await fs.rm(d, { recursive: true, force: true });
  const source = input.dir ? path.join(input.dir, FILES_DIR) : path.join(input.scratchDir, '.nothing');
  const tree = await restoreTree(source, deps.workspace, {
    // The marker stays, whatever the checkpoint holds (one saved before markers existed has none).
    exclude: new Set([...input.stateDirs, path.join(deps.workspace, WORKSPACE_MARKER)]),
  });
  done('files', `${tree.files} workspace files put back`);

  if (manifest.etcd && input.dir) {
    try {
      await restoreSnapshot(manifest.etcd.layout, path.join(input.dir, manifest.etcd.snapshot), {
        env: deps.env,
        cwd: deps.workspace,
      });
    } catch (e) {
      return fail(`etcd's data could not be restored: ${(e as Error).message}`);
    }
    done(
      'etcd',
      `etcd data restored into ${path.relative(deps.workspace, manifest.etcd.layout.dataDir) || '.'}`,
    );
  }

  for (const record of manifest.components) {
    if (input.signal?.aborted) return fail('stopped before the components were started again');
    const c = deps.supervisor.start(specOf(record, deps.env));
    if (!c.spec.ready) {
      done('start', `started ${c.name}`);
      continue;
    }
    const res = await c.waitReady(input.signal);
    if (!res.ok) {
      const tail = res.lastLines.slice(-10).map((l) => `  ${l}`);
      return fail(`${c.name} did not start again: ${res.reason}${tail.length ? `\n${tail.join('\n')}` : ''}`);
    }
    done('start', `${c.name} is ready`);
  }

  if (manifest.shell) {
    const current = (await deps.shell.exportedEnv()) ?? deps.env;
    const label = manifest.chapterId ? `the start of ${manifest.chapterId}` : 'the start of the workshop';
    const script = restoreScript(current, manifest.shell, deps.env, label);
    if (script) {
      const file = path.join(input.scratchDir, 'shell-restore.bash');
      await writeFileAtomic(file, script, { mode: 0o600 });
      const res = await deps.shell.run(`. ${singleQuoted(file)}`, 10_000, input.signal);
      if (res.kind !== 'done' || res.status !== 0)
        return fail(
          `your shell could not be restored (${res.kind === 'done' ? `status ${res.status}` : res.kind})`,
        );
      done('shell', 'shell variables and folder restored');
    }
  }
  const ms = Date.now() - began;
  return { ok: true, ms, steps, warnings: tree.skipped.filter((s) => s.includes('could not')) };
}

/** A folder strictly below `top` (after resolving `..`): never `top` itself, never beside or above it. */
function inside(top: string, p: string): boolean {
  const rel = path.relative(path.resolve(top), path.resolve(top, p));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
