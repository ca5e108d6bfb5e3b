// The workshop's nodes as the engine uses them: make one (its namespaces,
// then its root shell in a pane named after it), run a check's command on
// one, give its processes their environment, take one down. Root comes from
// the session's RootSession, asked for with the chapter's reason.
import path from 'node:path';
import { kubeconfigUsers } from '../cluster/kubeconfig.js';
import { nodeKubeletName } from '../cluster/pki/plan.js';
import type { RootSession } from '../host/root-session.js';
import type { Chapter, Step, Workshop } from '../lesson/model.js';
import type { Supervisor } from '../terminal/types.js';
import type { CommandRunner } from '../verify/command-check.js';
import { rootWhy, rootWhyForFile } from './root-reason.js';
import { LearnerShell } from './shell.js';

export interface NodeRoomOptions {
  readonly root: RootSession;
  readonly supervisor: Supervisor;
  /** The session's variables; a node's processes get them with NODE_* naming that node. */
  readonly vars: Readonly<Record<string, string>>;
  readonly rcDir: string;
  readonly workspace: string;
  /** To say, when root is asked for, which chapter needs it and why. */
  readonly workshop?: Workshop;
  /** The lessons folder, when it is not the one demystify ships: named with every reason for root. */
  readonly origin?: string;
}

/** Folders a root process on a node finds programs in, after the workshop's own. */
const SYSTEM_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export class NodeRoom {
  private readonly shells = new Map<string, LearnerShell>();

  constructor(private readonly opts: NodeRoomOptions) {}

  get root(): RootSession {
    return this.opts.root;
  }

  /** What the password prompt says when this step is the first to need root. */
  whyFor(step: Step): string {
    return rootWhyForFile(this.opts.workshop, step.pos.file, this.opts.origin);
  }

  /** What the password prompt says when this chapter is entered and needs root. */
  whyForChapter(chapter: Chapter): string {
    return rootWhy(chapter, this.opts.origin);
  }

  /** Lessons from outside demystify: their folder (said once before their first root step runs). */
  get origin(): string | undefined {
    return this.opts.origin;
  }

  shell(node: string): LearnerShell | undefined {
    return this.shells.get(node);
  }

  has(node: string): boolean {
    return this.opts.root.hasNode(node);
  }

  names(): string[] {
    return this.opts.root.nodeNames();
  }

  /**
   * The node's own credentials: its kubelet's kubeconfig, next to the admin
   * one. Root on a real node holds exactly these (the kubelet's key is on its
   * disk), so `kubectl` on a node acts as system:node:<name>, whom the Node
   * authorizer keeps to that node's own objects — never as the cluster's
   * admin. The first node's is the per-role kubeconfig action's `kubelet`;
   * a node joining later has its own, `kubelet-<name>.kubeconfig`.
   */
  kubeconfig(node: string): string {
    // The admin kubeconfig's folder (context.ts): the kubeconfig action writes every kubeconfig there.
    const dir = path.dirname(this.opts.vars.KUBECONFIG ?? path.join(this.opts.workspace, 'kubeconfigs', '-'));
    const own = node === this.opts.vars.NODE0_NAME ? kubeconfigUsers.kubelet : nodeKubeletName(node);
    return path.join(dir, `${own}.kubeconfig`);
  }

  /** The environment of root processes on `node`: the workshop's variables, root's own basics, the node's own credentials, nothing else of the learner's. */
  env(node: string): Record<string, string> {
    const plan = this.opts.root.nodePlan(node);
    const vars = this.opts.vars;
    return {
      ...vars,
      NODE_NAME: plan.name,
      NODE_IP: plan.ip,
      POD_CIDR: plan.podCidr,
      // Not the admin kubeconfig the learner's own shell has: see kubeconfig().
      KUBECONFIG: this.kubeconfig(node),
      PATH: [...(vars.BIN_PATH ? vars.BIN_PATH.split(':') : []), ...SYSTEM_PATH].join(':'),
      // The node's own (see node-init.ts): kubectl's cache and friends stay on the node.
      HOME: '/run/root',
      USER: 'root',
      LOGNAME: 'root',
      SHELL: '/bin/bash',
      TERM: 'xterm-256color',
      LANG: process.env.LANG ?? 'C.UTF-8',
    };
  }

  /**
   * The host folders a node's processes use: the workspace, demystify's state
   * (the root shell's rc file, the API server's relay socket), the lessons and
   * their assets, the binaries. A node has a /tmp of its own, so those of them
   * under /tmp are bound into it.
   */
  private folders(): string[] {
    const v = this.opts.vars;
    return [
      this.opts.workspace,
      this.opts.rcDir,
      v.ASSETS,
      v.LESSONS,
      v.CNI_BIN_DIR,
      ...(v.BIN_PATH ? v.BIN_PATH.split(':') : []),
    ].filter((d): d is string => Boolean(d));
  }

  /** Makes the node and opens its root shell; returns what it made, for the step's detail. */
  async create(node: string, why: string, signal?: AbortSignal): Promise<string> {
    if (this.has(node)) return `${node} is already there`;
    const plan = await this.opts.root.createNode(node, why, this.folders());
    if (signal?.aborted) throw new Error('stopped');
    const shell = await LearnerShell.start({
      supervisor: this.opts.supervisor,
      cwd: '/',
      env: this.env(node),
      rcDir: this.opts.rcDir,
      name: node,
      node,
    });
    this.shells.set(node, shell);
    const net = this.opts.root.network;
    return [
      `${node}: a machine of its own, made of Linux namespaces`,
      `  network: ${plan.ip}/${net.prefix} on the node network ${net.cidr} (this host is ${net.hostIp} there)`,
      `  Pods: ${plan.podCidr}; hostname ${node}; its own /run, /var/lib, /var/log, /tmp; its own processes`,
      `  shell: the ${node} pane, as root`,
    ].join('\n');
  }

  /** Stops every component of the node and its shell, then the node itself. */
  async destroy(node: string): Promise<string> {
    const components = this.opts.supervisor.list().filter((c) => c.spec.node === node);
    for (const c of components.reverse()) await c.stop();
    this.shells.delete(node);
    const removed = await this.opts.root.destroyNode(node);
    return removed.length ? `removed ${removed.join(', ')}` : `${node} was not running`;
  }

  /** A check's command, run as root on the node. */
  runner(node: string): CommandRunner {
    return async (command, { timeoutMs }) => {
      if (!this.has(node)) return { code: null, output: `${node} does not exist (yet)`, timedOut: false };
      const res = await this.opts.root.exec(node, command, this.env(node), '/', timeoutMs);
      return { code: res.code, output: res.output, timedOut: res.timedOut };
    };
  }
}
