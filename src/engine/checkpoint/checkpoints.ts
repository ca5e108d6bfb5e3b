// Checkpoints of a live session: save where the cluster is at the start of a
// chapter, and bring it back. A checkpoint holds an etcd snapshot, a copy of
// the workspace (certificates, kubeconfigs, configs; not runtime state), the
// running components with their specs, and the learner's shell exports.
import { WORKSPACE_MARKER } from '../../fs/workspace-marker.js';
import path from 'node:path';
import type { Workshop } from '../../lesson/model.js';
import { isRunning, type Component } from '../../terminal/types.js';
import { commandLine } from '../component-step.js';
import type { StepDeps } from '../run-step.js';
import {
  FILES_DIR,
  lessonsDigest,
  SNAPSHOT_FILE,
  type CheckpointInfo,
  type CheckpointManifest,
  type CheckpointStore,
} from './checkpoint-store.js';
import { recordOf } from './component-record.js';
import { saveSnapshot, type EtcdClientFiles } from './etcd-snapshot.js';
import { restoreFromManifest, type RestoreReport, type RestoreStep } from './restore.js';
import { etcdLayout, stateDirsOf, type CommandSite } from './runtime-state.js';
import { shellStateFrom } from './shell-state.js';
import { copyTree } from './tree-copy.js';

export interface CheckpointsOptions {
  readonly store: CheckpointStore;
  readonly workshop: Workshop;
  /** The session's step deps: supervisor, shell, workspace, environment. */
  readonly deps: StepDeps;
  /** demystify's state folder: never copied, even when it is inside the workspace. */
  readonly stateDir: string;
  /** The client certificate for `etcdctl snapshot save`; see cluster-hooks.ts etcdClientFiles(). */
  readonly etcdClient?: (workspace: string) => EtcdClientFiles;
}

export interface RestoreOptions {
  readonly signal?: AbortSignal;
  readonly onStep?: (step: RestoreStep) => void;
}

export class Checkpoints {
  constructor(private readonly opts: CheckpointsOptions) {}

  get store(): CheckpointStore {
    return this.opts.store;
  }

  /** The chapter's checkpoint, if there is one and the lessons before the chapter did not change since. */
  async find(chapterId: string): Promise<CheckpointInfo | undefined> {
    const info = await this.opts.store.get(chapterId);
    if (!info) return undefined;
    return info.manifest.lessonsDigest === (await this.digestBefore(chapterId)) ? info : undefined;
  }

  /**
   * Why no checkpoint can be taken now, if so. A node's disk (containerd's
   * images and containers, the kubelet's state) lives in the node's memory,
   * so checkpoints hold the control plane's chapters only; node chapters are
   * reached by replaying them from the last checkpoint before the first node.
   */
  cannotSave(): string | undefined {
    const nodes = this.opts.deps.nodes?.names() ?? [];
    return nodes.length
      ? `${nodes.join(', ')} runs: a node's disk lives in its memory, so its chapters are replayed instead`
      : undefined;
  }

  /** Saves where the session is now as the start of `chapterId`, replacing an earlier checkpoint of it. */
  async save(chapterId: string): Promise<CheckpointInfo> {
    const started = Date.now();
    const { deps, store } = this.opts;
    const refused = this.cannotSave();
    if (refused) throw new Error(`no checkpoint of ${chapterId}: ${refused}`);
    const temp = await store.begin(chapterId);
    try {
      const running = deps.supervisor.list().filter((c) => c.name !== 'shell' && isRunning(c.state()));
      const etcd = running.map((c) => ({ c, layout: etcdLayout(c.spec) })).find((x) => x.layout);
      if (etcd?.layout) {
        await saveSnapshot(
          etcd.layout,
          this.opts.etcdClient?.(deps.workspace),
          path.join(temp, SNAPSHOT_FILE),
          {
            env: deps.env,
            cwd: deps.workspace,
          },
        );
      }
      const stateDirs = await this.stateDirs(running);
      const files = await copyTree(deps.workspace, path.join(temp, FILES_DIR), {
        // The workspace's marker is the workspace's, not the chapter's: a restore keeps it as it is.
        exclude: new Set([...stateDirs, path.join(deps.workspace, WORKSPACE_MARKER)]),
      });
      const exported = await deps.shell.exportedEnv();
      const manifest: CheckpointManifest = {
        version: 1,
        chapterId,
        createdAt: new Date().toISOString(),
        lessonsDigest: await this.digestBefore(chapterId),
        workspace: deps.workspace,
        components: running.map((c) => recordOf(c.spec, deps.env)),
        etcd: etcd?.layout ? { layout: etcd.layout, snapshot: SNAPSHOT_FILE } : undefined,
        files: { count: files.files, bytes: files.bytes, skipped: files.skipped },
        stateDirs,
        shell: exported ? shellStateFrom(exported, deps.env, deps.workspace) : undefined,
        saveMs: Date.now() - started,
      };
      return await store.commit(temp, manifest);
    } catch (e) {
      await store.discard(temp);
      throw new Error(`could not save a checkpoint of ${chapterId}: ${(e as Error).message}`, { cause: e });
    }
  }

  /**
   * Brings the cluster back to the chapter's checkpoint; with no chapter, to
   * an empty workspace with nothing running (where a fast-forward starts).
   */
  async restore(chapterId: string | undefined, opts: RestoreOptions = {}): Promise<RestoreReport> {
    let info: CheckpointInfo | undefined;
    if (chapterId !== undefined) {
      info = await this.opts.store.get(chapterId);
      if (!info)
        return { ok: false, reason: `there is no checkpoint of ${chapterId} for this workspace`, steps: [] };
    }
    const { deps } = this.opts;
    // Every checkpoint predates the nodes (see cannotSave): they go, with all that runs on them.
    for (const node of deps.nodes?.names() ?? []) await deps.nodes?.destroy(node);
    const running = deps.supervisor.list().filter((c) => c.name !== 'shell');
    const stateDirs = await this.stateDirs(running);
    return restoreFromManifest({
      deps,
      dir: info?.dir,
      manifest: info?.manifest ?? emptyManifest(deps.workspace),
      stateDirs: [...stateDirs, ...(info?.manifest.stateDirs ?? [])],
      etcdDataDirs: this.etcdDataDirs(running, info?.manifest),
      scratchDir: this.opts.store.root,
      signal: opts.signal,
      onStep: opts.onStep,
    });
  }

  /**
   * Runtime state named by any component: those running now and every
   * component step of the workshop, so a folder a later chapter fills is
   * never copied into an earlier chapter's checkpoint, nor deleted from it.
   */
  private async stateDirs(running: readonly Component[]): Promise<string[]> {
    const sites = [...running.map((c) => c.spec), ...this.workshopSites()];
    const dirs = new Set<string>([path.resolve(this.opts.stateDir)]);
    for (const site of sites) for (const d of await stateDirsOf(site)) dirs.add(d);
    // A folder named only in a config file that a restore has since removed is still runtime state.
    for (const c of await this.opts.store.list()) for (const d of c.manifest.stateDirs) dirs.add(d);
    return [...dirs];
  }

  /** Every etcd data folder anyone knows of: a restore empties them all before it fills its own. */
  private etcdDataDirs(running: readonly Component[], manifest: CheckpointManifest | undefined): string[] {
    const base = this.opts.deps.env;
    const sites: CommandSite[] = [
      ...running.map((c) => c.spec),
      ...this.workshopSites(),
      ...(manifest?.components ?? []).map((r) => ({
        command: r.command,
        cwd: r.cwd,
        env: { ...base, ...r.envSet },
      })),
    ];
    const dirs = new Set<string>(manifest?.etcd ? [manifest.etcd.layout.dataDir] : []);
    for (const site of sites) {
      const layout = etcdLayout(site);
      if (layout) dirs.add(layout.dataDir);
    }
    return [...dirs];
  }

  private workshopSites(): CommandSite[] {
    const { deps, workshop } = this.opts;
    return workshop.chapters.flatMap((ch) =>
      ch.steps.flatMap((s) =>
        s.kind === 'component' ? [{ command: commandLine(s.body), cwd: deps.workspace, env: deps.env }] : [],
      ),
    );
  }

  private async digestBefore(chapterId: string): Promise<string> {
    const chapters = this.opts.workshop.chapters;
    const at = chapters.findIndex((c) => c.meta.id === chapterId);
    return lessonsDigest(chapters.slice(0, Math.max(0, at)).map((c) => path.resolve(c.file)));
  }
}

function emptyManifest(workspace: string): CheckpointManifest {
  return {
    version: 1,
    chapterId: '',
    createdAt: new Date().toISOString(),
    lessonsDigest: '',
    workspace,
    components: [],
    etcd: undefined,
    files: { count: 0, bytes: 0, skipped: [] },
    stateDirs: [],
    shell: { cwd: workspace, set: {}, unset: [] },
    saveMs: 0,
  };
}
