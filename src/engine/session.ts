// A workshop session: the supervisor, the learner's shell, and everything a
// step needs, wired once. Both `demystify test` and the UI run chapters
// through a session; closing it stops every component it started.
import path from 'node:path';
import { resolveAll, shellEnvironment } from '../cluster/binaries/resolve.js';
import { ensurePrivateDir } from '../fs/private-dir.js';
import { markWorkspace } from '../fs/workspace-marker.js';
import type { Versions } from '../cluster/versions.js';
import type { CheckSpec } from '../lesson/check-model.js';
import { DEFAULT_ACCESS, type ClusterAccess } from '../lesson/cluster-access.js';
import type { ActionName, Workshop } from '../lesson/model.js';
import { inspectJournal } from '../host/journal.js';
import { RootSession } from '../host/root-session.js';
import type { RootAccess } from '../host/root-access.js';
import { createSupervisor, reapStale, type ReapReport } from '../terminal/index.js';
import type { Supervisor } from '../terminal/types.js';
import { commandObserver } from '../verify/command-check.js';
import type { Observer } from '../verify/types.js';
import { defaultNetwork, environmentFor, variablesFor, type RunContext } from './context.js';
import type { ActionRunner, ApplyOptions, CheckScope, StepDeps, StepOutcome } from './run-step.js';
import { NodeRoom } from './nodes.js';
import { LearnerShell } from './shell.js';
import { Teardowns, type TeardownPlan } from './teardown.js';

export interface SessionOptions {
  readonly workspace: string;
  readonly lessonsDir: string;
  readonly assetsDir: string;
  readonly stateDir: string;
  readonly versions: Versions;
  readonly binDir?: string;
  readonly cacheRoot?: string;
  /** Cluster-facing parts; tests of the pure engine may leave them out. */
  readonly cluster?: ClusterHooks;
  /** Scripts that undo host state the components leave (see teardown.ts). */
  readonly teardowns?: readonly TeardownPlan[];
  /** How root is reached (tests); detected when first needed otherwise. */
  readonly rootAccess?: RootAccess;
  /** The workshop being run: root prompts name the chapter that needs it. */
  readonly workshop?: Workshop;
  /** Where the workshop's actions put the admin kubeconfig and certificates (default: kubeconfigs/, pki/). */
  readonly access?: ClusterAccess;
  /** The lessons folder when it is not the one demystify ships: named with every reason for root. */
  readonly lessonsOrigin?: string;
  /** The workspace is demystify's own default folder: marked as a workspace even when it holds files. */
  readonly ownsWorkspace?: boolean;
  /** Why this machine counts as offline; chapters that need the internet are skipped then. */
  readonly offline?: string;
}

/** What the engine needs from the cluster layers (verify, cluster), injected. */
export interface ClusterHooks {
  readonly observerFor: (spec: CheckSpec, scope: CheckScope & { readonly cwd: string }) => Observer;
  readonly apply: (
    manifest: string,
    vars: Readonly<Record<string, string>>,
    opts: ApplyOptions,
  ) => Promise<StepOutcome>;
  readonly actions: Readonly<Partial<Record<ActionName, ActionRunner>>>;
}

export interface Session {
  readonly ctx: RunContext;
  readonly supervisor: Supervisor;
  readonly shell: LearnerShell;
  readonly deps: StepDeps;
  /** Root, the root helper and the nodes: started only when a chapter needs them. */
  readonly nodes: NodeRoom;
  /** What an earlier demystify left running and this start stopped. */
  readonly reaped: readonly ReapReport[];
  /** Sentences about the setup (e.g. missing binaries) worth showing once. */
  readonly warnings: readonly string[];
  /** Workshop binaries found nowhere (never fetched): nothing should run before they are here. */
  readonly missingBinaries: readonly string[];
  /** Stops every component, then runs the teardown scripts the session made necessary. */
  close(): Promise<void>;
  /** Only the teardown scripts (for exit paths that stopped the components already). */
  tearDown(): Promise<void>;
}

export async function openSession(opts: SessionOptions): Promise<Session> {
  const marked = await markWorkspace(opts.workspace, opts.ownsWorkspace ?? false);
  await ensurePrivateDir(opts.stateDir);
  // A record of an earlier session in a shape demystify does not write is set aside, and said.
  const journal = inspectJournal(opts.stateDir);
  const journalWarning = journal.kind === 'none' && journal.setAside ? [journal.setAside] : [];
  // Before starting anything: stop what a killed demystify may have left behind.
  const reaped = (await reapStale(opts.stateDir)).filter((r) => r.outcome === 'stopped');
  const resolved = await resolveAll({
    binDir: opts.binDir,
    versions: opts.versions,
    ...(opts.cacheRoot ? { cacheRoot: opts.cacheRoot } : {}),
  });
  const shellEnv = shellEnvironment(resolved);
  const ctx: RunContext = {
    workspace: opts.workspace,
    lessonsDir: path.resolve(opts.lessonsDir),
    assetsDir: path.resolve(opts.assetsDir),
    stateDir: opts.stateDir,
    versions: opts.versions,
    binPath: shellEnv.prepended,
    cniBinDir: shellEnv.cniBinDir ?? '/usr/lib/cni',
    ...defaultNetwork(),
    access: opts.access ?? DEFAULT_ACCESS,
  };
  const vars = variablesFor(ctx);
  const env = environmentFor(vars, { ...process.env, PATH: shellEnv.PATH });
  const root = new RootSession({
    stateDir: opts.stateDir,
    ...(opts.rootAccess ? { access: opts.rootAccess } : {}),
  });
  const supervisor = createSupervisor({ stateDir: opts.stateDir, rootBackend: () => root.backendFactory() });
  const teardowns = new Teardowns(opts.teardowns ?? [], supervisor);
  const tearDown = async (): Promise<void> => {
    const problems = await teardowns.run(env, opts.workspace, path.join(opts.stateDir, 'teardown.log'));
    for (const p of problems) process.stderr.write(`demystify: ${p}\n`);
  };
  let shell: LearnerShell;
  try {
    shell = await LearnerShell.start({ supervisor, cwd: opts.workspace, env, rcDir: opts.stateDir });
  } catch (e) {
    await supervisor.stopAll(1000);
    throw e;
  }
  // After every component stopped: teardown scripts, then the helper takes the nodes down and ends.
  const tearDownAll = async (): Promise<void> => {
    await tearDown();
    await root.close();
  };
  const nodes = new NodeRoom({
    root,
    supervisor,
    vars,
    rcDir: opts.stateDir,
    workspace: opts.workspace,
    ...(opts.workshop ? { workshop: opts.workshop } : {}),
    ...(opts.lessonsOrigin ? { origin: opts.lessonsOrigin } : {}),
  });
  const cluster = opts.cluster;
  const deps: StepDeps = {
    workspace: opts.workspace,
    vars,
    env,
    supervisor,
    shell,
    nodes,
    observerFor: (spec, scope) => {
      const t = spec.target;
      // On a node: root's environment there, with the chapter's own variables.
      if (t.kind === 'command' && t.on)
        return commandObserver(
          t.command,
          t.exitCode,
          '/',
          { ...scope.vars, ...nodes.env(t.on) },
          nodes.runner(t.on),
          ` on ${t.on}`,
        );
      if (cluster) return cluster.observerFor(spec, { ...scope, cwd: opts.workspace });
      return spec.target.kind === 'command'
        ? commandObserver(spec.target.command, spec.target.exitCode, opts.workspace, scope.env)
        : unavailable(spec);
    },
    apply: (manifest, applyOpts) =>
      cluster
        ? cluster.apply(manifest, vars, applyOpts)
        : Promise.resolve({ ok: false, reason: 'applying manifests needs the cluster layer' }),
    actions: cluster?.actions ?? {},
    offline: opts.offline,
  };
  return {
    ctx,
    supervisor,
    shell,
    deps,
    nodes,
    reaped,
    warnings: [
      ...journalWarning,
      ...(marked
        ? []
        : [
            `the workspace ${opts.workspace} held other files when demystify first used it, so it is not marked as a workspace: checkpoints are not restored into it, and clean --delete-workspace leaves it`,
          ]),
      ...shellEnv.problems,
    ],
    missingBinaries: resolved.filter((r) => !r.found).map((r) => r.name),
    close: async () => {
      await supervisor.stopAll();
      await tearDownAll();
    },
    tearDown: tearDownAll,
  };
}

function unavailable(spec: CheckSpec): Observer {
  return {
    pollMs: 1000,
    observe: () =>
      Promise.resolve({
        ok: false,
        reason: `a ${spec.target.kind} check needs the cluster layer, which this session was opened without`,
      }),
  };
}
