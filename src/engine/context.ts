// Everything a chapter run needs to know about this machine and this run:
// folders, versions, network ranges. Turned into ${VARIABLES} for lessons and
// into the environment of the learner's shell and every pane.
import os from 'node:os';
import path from 'node:path';
import type { Versions } from '../cluster/versions.js';
import { CLUSTER_POD_CIDR, networkPlan, nodeAddresses } from '../host/plan.js';
import { ADMIN_KUBECONFIG, type ClusterAccess } from '../lesson/cluster-access.js';
import type { BuiltinVariable } from '../lesson/variables.js';

export interface RunContext {
  readonly workspace: string;
  readonly lessonsDir: string;
  readonly assetsDir: string;
  readonly stateDir: string;
  readonly versions: Versions;
  /** Folders with the workshop's binaries, first wins; prepended to PATH. */
  readonly binPath: readonly string[];
  readonly cniBinDir: string;
  readonly hostname: string;
  /** The first node's name and address on the node network (chapter 6 makes it). */
  readonly nodeName: string;
  readonly nodeIp: string;
  /** The node network, and the host's address on it. */
  readonly nodeNetwork: string;
  readonly hostIp: string;
  readonly serviceCidr: string;
  readonly podCidr: string;
  /** The Pod range of the whole cluster; each node's is a /24 of it. */
  readonly clusterCidr: string;
  /** The second node (the chapter "a second node" makes it), for lessons that name both. */
  readonly secondNode: { readonly name: string; readonly ip: string; readonly podCidr: string };
  readonly clusterDomain: string;
  /** Where the workshop's actions put the admin kubeconfig and the certificates. */
  readonly access: ClusterAccess;
}

export function defaultNetwork(): Pick<
  RunContext,
  | 'hostname'
  | 'nodeName'
  | 'nodeIp'
  | 'nodeNetwork'
  | 'hostIp'
  | 'serviceCidr'
  | 'podCidr'
  | 'clusterCidr'
  | 'secondNode'
  | 'clusterDomain'
> {
  // The control plane binds to loopback; nodes live on a network of their own, inside namespaces
  // (the tag only names interfaces and cgroups, so any tag gives the same addresses).
  const node = nodeAddresses('node-0');
  const net = networkPlan('000000');
  return {
    hostname: os.hostname().toLowerCase(),
    nodeName: node.name,
    nodeIp: node.ip,
    nodeNetwork: net.cidr,
    hostIp: net.hostIp,
    serviceCidr: '10.32.0.0/24',
    podCidr: node.podCidr,
    clusterCidr: CLUSTER_POD_CIDR,
    secondNode: nodeAddresses('node-1'),
    clusterDomain: 'cluster.local',
  };
}

export function variablesFor(ctx: RunContext): Record<BuiltinVariable, string> {
  return {
    WORKSPACE: ctx.workspace,
    ASSETS: ctx.assetsDir,
    LESSONS: ctx.lessonsDir,
    KUBECONFIG: path.join(ctx.workspace, ctx.access.kubeconfigDir, ADMIN_KUBECONFIG),
    HOSTNAME: ctx.hostname,
    NODE_NAME: ctx.nodeName,
    NODE_IP: ctx.nodeIp,
    NODE_NETWORK: ctx.nodeNetwork,
    HOST_IP: ctx.hostIp,
    SERVICE_CIDR: ctx.serviceCidr,
    POD_CIDR: ctx.podCidr,
    CLUSTER_CIDR: ctx.clusterCidr,
    // NODE_* name the node a shell is on; these name the first two nodes everywhere.
    NODE0_NAME: ctx.nodeName,
    NODE0_IP: ctx.nodeIp,
    NODE0_POD_CIDR: ctx.podCidr,
    NODE1_NAME: ctx.secondNode.name,
    NODE1_IP: ctx.secondNode.ip,
    NODE1_POD_CIDR: ctx.secondNode.podCidr,
    CLUSTER_DOMAIN: ctx.clusterDomain,
    K8S_VERSION: ctx.versions.kubernetes,
    ETCD_VERSION: ctx.versions.etcd,
    CONTAINERD_VERSION: ctx.versions.containerd,
    RUNC_VERSION: ctx.versions.runc,
    CNI_VERSION: ctx.versions.cni,
    CNI_BIN_DIR: ctx.cniBinDir,
    BIN_PATH: ctx.binPath.join(':'),
  };
}

/** The environment of the shell and the panes: the host's, plus the variables, with our binaries first on PATH. */
export function environmentFor(
  vars: Readonly<Record<string, string>>,
  base: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  Object.assign(env, vars);
  env.PATH = [vars.BIN_PATH, base.PATH].filter(Boolean).join(':');
  env.TERM = 'xterm-256color';
  return env;
}
