// The helper's side of the node network and the nodes (runs as root).
//
// Everything here is made inside something that disappears with the session:
// the node network is a bridge in a network namespace held open by one
// process; each node is a set of namespaces whose PID 1 is our init. Those
// processes are started through `setpriv --pdeathsig KILL`, so if the helper
// dies - even by SIGKILL - the kernel kills them, and with them every
// namespace, interface, route, rule, mount and process of the nodes. Only the
// nodes' cgroup folders stay behind; destroy() and repair remove them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assertOurs, makeNodeCgroups, membersOf, pidsIn, removeTree, type CgroupLayout } from './cgroups.js';
import { readJsonLines, writeJsonLine } from './json-lines.js';
import { NODE_INIT } from './node-init.js';
import { signalIfSame } from './process-identity.js';
import type { NetworkPlan, NodePlan } from './plan.js';
import { rangeQueries, rangeUsers } from './range-users.js';
import type { AgentRequest, HelperEvent } from './protocol.js';

export interface RuntimeOptions {
  readonly layout: CgroupLayout;
  readonly ownerUid: number;
  /** The unix socket demystify serves the API server on (relayed to each node's 127.0.0.1:6443). */
  readonly apiSocket: string;
  readonly emit: (event: HelperEvent) => void;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/** One running node: its agent, reached through its init's stdin and stdout. */
class NodeHandle {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly ready: Promise<void>;
  /** Set once the node was asked to go, so its end is not reported as a failure. */
  leaving = false;

  constructor(
    readonly plan: NodePlan,
    readonly proc: ChildProcess,
    onEvent: (e: Record<string, unknown>) => void,
    onGone: (reason: string) => void,
  ) {
    let stderr = '';
    proc.stderr!.on('data', (b: Buffer) => (stderr = (stderr + b.toString('utf8')).slice(-2000)));
    this.ready = new Promise((resolve, reject) => {
      readJsonLines(
        proc.stdout!,
        (value) => {
          const m = value as Record<string, unknown>;
          if (m.event === 'agent-ready') return resolve();
          if (typeof m.id === 'number') {
            const p = this.pending.get(m.id);
            this.pending.delete(m.id);
            if (m.ok) p?.resolve(m.result);
            else p?.reject(new Error(String(m.error)));
            return;
          }
          if (m.event) onEvent(m);
        },
        () => {
          // Node's own crash report ends with a brace and its version: the error's line says why.
          const lines = stderr
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean);
          const error = lines.find((l) => /^(\w*Error\b|error:)/i.test(l));
          const reason = error ?? (lines.slice(-3).join(' / ') || 'its init ended');
          reject(new Error(`${plan.name} did not start: ${reason}`));
          for (const p of this.pending.values()) p.reject(new Error(`${plan.name} is gone`));
          this.pending.clear();
          if (!this.leaving) onGone(reason);
        },
      );
    });
  }

  whenReady(timeoutMs: number): Promise<void> {
    return withTimeout(this.ready, timeoutMs, `${this.plan.name}'s agent did not start`);
  }

  request(body: AgentRequest): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      writeJsonLine(this.proc.stdin!, { ...body, id });
    });
  }

  /** The init process (PID 1 of the node), as the host numbers it: the child of the `unshare` started here. */
  initPid(): number {
    return childOf(this.proc.pid!);
  }
}

export class NodeRuntime {
  private network: { plan: NetworkPlan; proc: ChildProcess; pid: number } | undefined;
  private readonly nodes = new Map<string, NodeHandle>();

  constructor(private readonly opts: RuntimeOptions) {}

  async createNetwork(plan: NetworkPlan): Promise<string[]> {
    if (this.network) return [];
    refuseTakenRange(plan);
    const proc = spawn(
      'setpriv',
      [
        '--pdeathsig',
        'KILL',
        '--',
        'unshare',
        '--net',
        '--fork',
        '--kill-child=SIGKILL',
        '--',
        'bash',
        '-c',
        LAN_INIT,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    await lineFrom(proc, 'ready', 10_000, 'the node network did not start');
    const pid = childOf(proc.pid!);
    this.network = { plan, proc, pid };
    run('ip', ['link', 'add', plan.hostLink, 'type', 'veth', 'peer', 'name', 'uplink', 'netns', String(pid)]);
    run('ip', ['addr', 'add', `${plan.hostIp}/${plan.prefix}`, 'dev', plan.hostLink]);
    run('ip', ['link', 'set', plan.hostLink, 'up']);
    inNetns(pid, 'ip link set uplink master lan0 && ip link set uplink up');
    return [`node network ${plan.cidr} (host ${plan.hostIp} on ${plan.hostLink})`];
  }

  /** `keep`: folders under /tmp the node's own /tmp shows (checked by the caller). */
  async createNode(plan: NodePlan, node: string, agent: string, keep: readonly string[]): Promise<number> {
    if (!this.network) throw new Error('the node network does not exist yet');
    if (this.nodes.has(plan.name)) throw new Error(`${plan.name} already exists`);
    const joins = makeNodeCgroups(this.opts.layout, plan.cgroup);
    const script =
      'for f in "$@"; do echo $$ > "$f"; done; exec unshare --net --mount --pid --uts --ipc --cgroup --fork --kill-child=SIGKILL --mount-proc --propagation private -- bash -c "$NODE_INIT" demystify-node "$NODE_ARGS_NAME" "$NODE_ARGS_BIN" "$NODE_ARGS_AGENT" "$NODE_ARGS_API" "$NODE_ARGS_UID" "$NODE_ARGS_CGV"';
    const proc = spawn('setpriv', ['--pdeathsig', 'KILL', '--', 'bash', '-c', script, 'join', ...joins], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
        NODE_INIT,
        NODE_ARGS_NAME: plan.name,
        NODE_ARGS_BIN: node,
        NODE_ARGS_AGENT: agent,
        NODE_ARGS_API: this.opts.apiSocket,
        NODE_ARGS_UID: String(this.opts.ownerUid),
        NODE_ARGS_CGV: String(this.opts.layout.version),
        NODE_KEEP: keep.join('\n'),
      },
    });
    const handle = new NodeHandle(
      plan,
      proc,
      (e) => this.opts.emit({ ...(e as object), node: plan.name } as HelperEvent),
      (reason) => {
        this.nodes.delete(plan.name);
        this.opts.emit({ event: 'node-gone', node: plan.name, reason });
      },
    );
    this.nodes.set(plan.name, handle);
    try {
      await handle.whenReady(15_000);
      const initPid = handle.initPid();
      const net = this.network;
      run('ip', [
        'link',
        'add',
        plan.bridgePort,
        'netns',
        String(net.pid),
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        String(initPid),
      ]);
      inNetns(net.pid, `ip link set ${plan.bridgePort} master lan0 && ip link set ${plan.bridgePort} up`);
      inNetns(initPid, `ip addr add ${plan.ip}/${net.plan.prefix} dev eth0 && ip link set eth0 up`);
      return initPid;
    } catch (e) {
      await this.destroyNode(plan.name);
      throw e;
    }
  }

  node(name: string): NodeHandle {
    const n = this.nodes.get(name);
    if (!n) throw new Error(`there is no node ${name} in this session`);
    return n;
  }

  /** Ends the node (its agent, then its init and with it every process), then removes its cgroups. */
  async destroyNode(name: string): Promise<string[]> {
    const handle = this.nodes.get(name);
    if (!handle) return [];
    handle.leaving = true;
    this.nodes.delete(name);
    handle.proc.stdin!.end();
    const exited = new Promise<void>((r) =>
      handle.proc.exitCode !== null ? r() : handle.proc.once('exit', () => r()),
    );
    await withTimeout(exited, 5_000, '').catch(() => handle.proc.kill('SIGKILL'));
    await exited;
    const removed = await this.removeCgroups(handle.plan.cgroup);
    const out = [
      `${name} (its processes, mounts, network namespace)`,
      ...(removed ? [`${removed} cgroups of ${name}`] : []),
    ];
    // The node network exists for the nodes: the last one takes it along, and the host's end with it,
    // and the session's cgroup folder that held them.
    if (this.nodes.size === 0) {
      out.push(...(await this.destroyNetwork()));
      await this.removeCgroups(handle.plan.cgroup.split('/')[0]!);
    }
    return out;
  }

  /**
   * Ends the node network's process; the kernel then removes its namespace, and the
   * host's end of the veth with it. That happens a moment later, in the background:
   * wait for it, and remove the interface ourselves if it lingers.
   */
  private async destroyNetwork(): Promise<string[]> {
    if (!this.network) return [];
    const { proc, plan } = this.network;
    this.network = undefined;
    const exited = new Promise<void>((r) =>
      proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', () => r()),
    );
    proc.stdin!.end();
    proc.kill('SIGKILL');
    await exited;
    for (let i = 0; i < 40 && linkExists(plan.hostLink); i++) await new Promise((r) => setTimeout(r, 50));
    if (linkExists(plan.hostLink)) spawnSync('ip', ['link', 'delete', plan.hostLink]);
    return [`node network ${plan.cidr} and ${plan.hostLink}`];
  }

  async destroyAll(tagCgroup: string | undefined): Promise<string[]> {
    const out: string[] = [];
    for (const name of [...this.nodes.keys()].reverse()) out.push(...(await this.destroyNode(name)));
    out.push(...(await this.destroyNetwork()));
    const removed = tagCgroup ? await this.removeCgroups(tagCgroup) : 0;
    if (removed) out.push(`${removed} cgroups`);
    return out;
  }

  /** Kills whatever is still in the tree (a node that died mid-way), then removes the folders, retrying briefly. */
  async removeCgroups(relative: string): Promise<number> {
    assertOurs(relative);
    let removed = 0;
    for (let attempt = 0; attempt < 50; attempt++) {
      for (const id of membersOf(this.opts.layout, relative)) signalIfSame(id, 'SIGKILL');
      removed += removeTree(this.opts.layout, relative).length;
      if (pidsIn(this.opts.layout, relative).length === 0 && !treeExists(this.opts.layout, relative)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return removed;
  }
}

const LAN_INIT =
  'ip link set lo up && ip link add lan0 type bridge && ip link set lan0 up && echo ready && read -r _';

function treeExists(layout: CgroupLayout, relative: string): boolean {
  return layout.mounts.some((m) => {
    try {
      readFileSync(path.join(m, relative, 'cgroup.procs'));
      return true;
    } catch {
      return false;
    }
  });
}

/** Refuses a node network whose range this machine already uses (an interface or a route of its own). */
function refuseTakenRange(plan: NetworkPlan): void {
  const [addrs, routes] = rangeQueries(plan.cidr).map(
    ([file, args]) => spawnSync(file, args, { encoding: 'utf8' }).stdout,
  );
  const users = rangeUsers(addrs ?? '', routes ?? '');
  if (users.length)
    throw new Error(
      `the node network ${plan.cidr} is already in use on this machine (${users[0]}); is another demystify session running?`,
    );
}

function linkExists(name: string): boolean {
  return spawnSync('ip', ['link', 'show', name], { stdio: 'ignore' }).status === 0;
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed: ${(r.stderr || r.error?.message || '').trim()}`);
}

function inNetns(pid: number, script: string): void {
  run('nsenter', ['-t', String(pid), '-n', '--', 'sh', '-c', script]);
}

function childOf(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0]);
}

function lineFrom(proc: ChildProcess, expected: string, timeoutMs: number, what: string): Promise<void> {
  return withTimeout(
    new Promise<void>((resolve, reject) => {
      let out = '';
      let err = '';
      proc.stderr!.on('data', (b: Buffer) => (err += b.toString('utf8')));
      proc.stdout!.on('data', (b: Buffer) => {
        out += b.toString('utf8');
        if (out.split('\n').includes(expected)) resolve();
      });
      proc.on('exit', () => reject(new Error(`${what}: ${err.trim() || 'it exited'}`)));
    }),
    timeoutMs,
    what,
  );
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>(
      (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms)),
    ),
  ]);
}
