// Names and addresses of what a session builds on the host, decided before
// anything is made (pure). Every name carries a tag derived from the user and
// the state folder, so two users (or two workshops of one user) never pick
// the same interface or cgroup, and whatever a dead session left can be told
// apart from anything else on the machine.
import { createHash } from 'node:crypto';

/** The node network: one bridge inside a network namespace of its own, which the host joins with one veth. */
export interface NetworkPlan {
  readonly tag: string;
  /** The host's end of the veth into the node network, e.g. "dmy3f2a1c" (at most 15 characters). */
  readonly hostLink: string;
  /** e.g. 10.240.0.0/24 */
  readonly cidr: string;
  /** The host's address on the node network: the API server reaches kubelets from it. */
  readonly hostIp: string;
  readonly prefix: number;
}

export interface NodePlan {
  readonly name: string;
  readonly tag: string;
  /** The node's address on the node network (its InternalIP). */
  readonly ip: string;
  /** This node's Pod range. */
  readonly podCidr: string;
  /** The node's cgroup, relative to each hierarchy's root: demystify-<tag>/<name>. */
  readonly cgroup: string;
  /** The veth end on the node network's bridge. */
  readonly bridgePort: string;
}

export const NODE_NETWORK = { base: '10.240.0', prefix: 24, hostOctet: 1, firstNodeOctet: 10 } as const;
export const POD_NETWORK_BASE = '10.200';

/** Six hex characters: enough to keep apart the few sessions one machine has. */
export function sessionTag(uid: number, stateDir: string): string {
  return createHash('sha256').update(`${uid}:${stateDir}`).digest('hex').slice(0, 6);
}

export function networkPlan(tag: string): NetworkPlan {
  return {
    tag,
    hostLink: `dmy${tag}`,
    cidr: `${NODE_NETWORK.base}.0/${NODE_NETWORK.prefix}`,
    hostIp: `${NODE_NETWORK.base}.${NODE_NETWORK.hostOctet}`,
    prefix: NODE_NETWORK.prefix,
  };
}

const NODE_NAME = /^node-(\d)$/;

/** node-0 .. node-9: the node's number decides its address and its Pod range. */
export function nodeIndex(name: string): number | undefined {
  const m = NODE_NAME.exec(name);
  return m ? Number(m[1]) : undefined;
}

export function nodePlan(tag: string, name: string): NodePlan {
  const index = nodeIndex(name);
  if (index === undefined) throw new Error(`a node is named node-0 to node-9, not "${name}"`);
  return {
    name,
    tag,
    ip: `${NODE_NETWORK.base}.${NODE_NETWORK.firstNodeOctet + index}`,
    podCidr: `${POD_NETWORK_BASE}.${index}.0/24`,
    cgroup: `demystify-${tag}/${name}`,
    bridgePort: `p${tag}n${index}`,
  };
}

/** A node's name, address and Pod range: fixed by its number, whatever the session's tag. */
export function nodeAddresses(name: string): Pick<NodePlan, 'name' | 'ip' | 'podCidr'> {
  const { ip, podCidr } = nodePlan('000000', name);
  return { name, ip, podCidr };
}

/** The Pod range of the whole cluster: every node's Pod range is a /24 of it. */
export const CLUSTER_POD_CIDR = `${POD_NETWORK_BASE}.0.0/16`;

/** The top of every cgroup this session's nodes use, relative to a hierarchy's root. */
export function cgroupTop(tag: string): string {
  return `demystify-${tag}`;
}
