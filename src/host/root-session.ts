// Everything of one session that needs root, on demystify's side: the root
// helper (started at most once, when first needed, asking for the password
// at most once), the journal written before it starts, the relay the nodes
// reach the API server through, the nodes themselves, and the repair of what
// a dead session left.
import fs from 'node:fs';
import path from 'node:path';
import type { BackendFactory } from '../terminal/process-backend.js';
import { ApiRelay } from './api-relay.js';
import { describeLeftovers, inspectJournal, removeJournal, writeJournal, type Leftovers } from './journal.js';
import { networkPlan, nodePlan, sessionTag, type NetworkPlan, type NodePlan } from './plan.js';
import type { ExecResult } from './protocol.js';
import { detectRootAccess, type RootAccess } from './root-access.js';
import { RootBackend } from './root-backend.js';
import { RootAccessError, RootHelper, type Secret } from './root-helper.js';

/**
 * Asks the learner for the sudo password. `why` says what needs root; `retry`
 * is true after sudo refused the last one. Undefined: the learner declined.
 * A Buffer is zeroed once sudo has it (see root-helper.ts); prefer it to a string.
 */
export type PasswordAsker = (why: string, retry: boolean) => Promise<Secret | undefined>;

export interface RootSessionOptions {
  readonly stateDir: string;
  readonly access?: RootAccess;
  /** Where the nodes' 127.0.0.1:6443 leads (tests point it elsewhere); the API server's port by default. */
  readonly apiTarget?: { readonly host: string; readonly port: number };
}

export class RootSession {
  readonly tag: string;
  readonly network: NetworkPlan;
  private helper: RootHelper | undefined;
  private starting: Promise<RootHelper> | undefined;
  private relay: ApiRelay | undefined;
  private access: RootAccess | undefined;
  private readonly nodes = new Map<string, NodePlan>();
  /** What the start of the helper removed of a dead session. */
  private repaired: readonly string[] = [];
  /** Set by whoever can ask (the UI, a terminal); without one, only sudo that needs no password works. */
  asker: PasswordAsker | undefined;
  private readonly startListeners = new Set<(why: string) => void>();

  constructor(private readonly opts: RootSessionOptions) {
    this.tag = sessionTag(process.getuid?.() ?? 0, opts.stateDir);
    this.network = networkPlan(this.tag);
    this.access = opts.access;
  }

  async rootAccess(): Promise<RootAccess> {
    this.access ??= await detectRootAccess();
    return this.access;
  }

  /** True when root is at hand without asking anybody anything. */
  async rootWithoutAsking(): Promise<boolean> {
    if (this.helper?.alive()) return true;
    const a = await this.rootAccess();
    return a.kind === 'root' || a.kind === 'sudo-nopasswd' || a.kind === 'sudo-askpass';
  }

  /** Told once, with the reason, just before the root helper starts (whether or not a password is asked). */
  onStart(listener: (why: string) => void): () => void {
    this.startListeners.add(listener);
    return () => this.startListeners.delete(listener);
  }

  started(): boolean {
    return this.helper?.alive() ?? false;
  }

  /** Starts the root helper unless it runs; `why` is what the password prompt says root is for. */
  ensure(why: string): Promise<RootHelper> {
    if (this.helper?.alive()) return Promise.resolve(this.helper);
    this.starting ??= this.start(why).finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Components with `node=`: run inside their node through the helper, once it runs. */
  backendFactory(): BackendFactory | undefined {
    const helper = this.helper;
    if (!helper?.alive()) return undefined;
    return (spec) => new RootBackend(spec, helper);
  }

  nodePlan(name: string): NodePlan {
    return this.nodes.get(name) ?? nodePlan(this.tag, name);
  }

  hasNode(name: string): boolean {
    return this.nodes.has(name);
  }

  nodeNames(): string[] {
    return [...this.nodes.keys()];
  }

  /** `uses`: folders the node's processes read or write; those under /tmp are bound into the node's own /tmp. */
  async createNode(name: string, why: string, uses: readonly string[] = []): Promise<NodePlan> {
    const helper = await this.ensure(why);
    const plan = nodePlan(this.tag, name);
    // The relay's socket is how the node reaches the API server: always among what it sees.
    const relayDir = this.relay ? [path.dirname(this.relay.socket)] : [];
    await helper.request({ op: 'node.create', node: name, keep: foldersUnderTmp([...uses, ...relayDir]) });
    this.nodes.set(name, plan);
    return plan;
  }

  async destroyNode(name: string): Promise<readonly string[]> {
    if (!this.nodes.has(name) || !this.helper?.alive()) return [];
    this.nodes.delete(name);
    return (await this.helper.request({ op: 'node.destroy', node: name })).removed;
  }

  /** A step's or a check's command, run once as root inside the node. */
  async exec(
    node: string,
    command: string,
    env: Readonly<Record<string, string>>,
    cwd: string,
    timeoutMs: number,
  ): Promise<ExecResult> {
    const helper = this.helper;
    if (!helper?.alive()) throw new Error('nothing runs as root yet in this session');
    return helper.request({ op: 'node.exec', node, command, env, cwd, timeoutMs });
  }

  /** What a dead session left, if anything (no root needed to look). */
  leftovers(): Leftovers | undefined {
    const state = inspectJournal(this.opts.stateDir);
    return state.kind === 'leftovers' ? state.leftovers : undefined;
  }

  /** Removes what a dead session left; root is asked for only if something is there. */
  async repair(): Promise<readonly string[]> {
    const left = this.leftovers();
    if (!left) return [];
    await this.ensure(`to remove what the last session left: ${describeLeftovers(left)}`);
    return this.repaired;
  }

  /** The normal end: the helper undoes everything and ends; the journal goes once that is done. */
  async close(): Promise<readonly string[]> {
    this.nodes.clear();
    const helper = this.helper;
    this.helper = undefined;
    let removed: readonly string[] = [];
    if (helper?.alive()) {
      removed = await helper.shutdown();
      removeJournal(this.opts.stateDir);
    }
    await this.relay?.close();
    this.relay = undefined;
    return removed;
  }

  /** Exit paths that cannot wait: the helper notices its stdin closing and undoes everything itself. */
  abandon(): void {
    this.helper?.abandon();
  }

  private async start(why: string): Promise<RootHelper> {
    const access = await this.rootAccess();
    if (access.kind === 'none') throw new RootAccessError(`${why}, but ${access.reason}`);
    // A session that died must not leave its cgroups where this one's nodes are about to go.
    const earlier = await settledJournal(this.opts.stateDir);
    if (earlier.kind === 'live')
      throw new RootAccessError(
        `another demystify (pid ${earlier.pid}) uses this state folder and its nodes; quit it first`,
      );
    this.relay ??= await ApiRelay.listen(path.join(this.opts.stateDir, 'run'), this.opts.apiTarget);
    const asker = this.asker;
    for (const l of this.startListeners) l(why);
    await writeJournal(this.opts.stateDir, { tag: this.tag, hostLink: this.network.hostLink });
    const helper = await RootHelper.start({
      access,
      apiSocket: this.relay.socket,
      tag: this.tag,
      ...(asker ? { askPassword: (retry: boolean) => asker(why, retry) } : {}),
    });
    await writeJournal(this.opts.stateDir, {
      tag: this.tag,
      hostLink: this.network.hostLink,
      helperPid: helper.pid,
    });
    // The journal sits in this state folder, so it names this session's tag: the only one the helper repairs.
    if (earlier.kind === 'leftovers') this.repaired = (await helper.request({ op: 'repair' })).removed;
    this.helper = helper;
    return helper;
  }
}

/** The journal's state once a dead session's helper (if still undoing things) has finished. */
async function settledJournal(stateDir: string): Promise<ReturnType<typeof inspectJournal>> {
  for (let waited = 0; ; waited += 200) {
    const state = inspectJournal(stateDir);
    if (state.kind !== 'cleaning' || waited > 15_000) return state;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The real paths of those folders that lie under /tmp, each once (a folder inside another is covered by it). */
export function foldersUnderTmp(dirs: readonly string[]): string[] {
  const real = dirs
    .map((d) => {
      try {
        return fs.realpathSync(d);
      } catch {
        return undefined;
      }
    })
    .filter((d): d is string => d !== undefined && d.startsWith('/tmp/'))
    .sort();
  return real.filter((d, i) => !real.slice(0, i).some((p) => d === p || d.startsWith(`${p}/`)));
}
