// Who made a request, in words a learner knows: "scheduler", "deployment
// controller", "kubelet node-0", "you (kubectl)". Read off the audit event's
// user (the certificate's CN/O, or a service account) and user agent (the
// program: client-go puts the binary's name first, kubectl/..., coredns/...).
// Pure. An identity we do not know is shown as it is, never guessed.
import type { AuditUser } from './audit-event.js';
import { ownPurpose } from './user-agent.js';

export interface Agent {
  /** What the wire view prints: "replicaset controller", "kubelet node-1". */
  readonly name: string;
  /** A stable key for filters: "replicaset-controller", "kubelet", "you", "demystify". */
  readonly component: string;
  /** The node, for a kubelet. */
  readonly node?: string;
  /** False when neither the user nor the program is one we know: the name is the raw identity. */
  readonly known: boolean;
  /** A request demystify made itself (a check, an apply). */
  readonly own: boolean;
}

const SA_PREFIX = 'system:serviceaccount:';

/**
 * The controller manager's service accounts (one per controller with
 * --use-service-account-credentials) whose plain name reads badly. The rest
 * read well as they are: "deployment-controller" -> "deployment controller".
 */
const CONTROLLER_NAMES: Readonly<Record<string, string>> = {
  'node-controller': 'node-lifecycle controller',
  'generic-garbage-collector': 'garbage collector',
  'pod-garbage-collector': 'pod garbage collector',
  'endpoint-controller': 'endpoints controller',
  'endpointslicemirroring-controller': 'endpointslice-mirroring controller',
  'daemon-set-controller': 'daemonset controller',
  'replication-controller': 'replicationcontroller controller',
  'persistent-volume-binder': 'persistent-volume binder',
  'horizontal-pod-autoscaler': 'horizontal pod autoscaler',
  'root-ca-cert-publisher': 'root-CA publisher (kube-root-ca.crt)',
  'token-cleaner': 'token cleaner',
  'bootstrap-signer': 'bootstrap signer',
  'legacy-service-account-token-cleaner': 'legacy token cleaner',
  'kube-apiserver-serving-clustertrustbundle-publisher': 'cluster-trust-bundle publisher',
  podcertificaterequestcleaner: 'pod-certificate-request cleaner',
  'storage-version-garbage-collector': 'storage-version garbage collector',
};

/** The fixed identities of the workshop's components (their certificates' CN). */
const COMPONENT_USERS: Readonly<Record<string, { name: string; component: string }>> = {
  'system:kube-scheduler': { name: 'scheduler', component: 'scheduler' },
  'system:kube-controller-manager': { name: 'controller manager', component: 'controller-manager' },
  'system:kube-proxy': { name: 'kube-proxy', component: 'kube-proxy' },
  'system:apiserver': { name: 'API server itself', component: 'kube-apiserver' },
};

/** Programs a person runs by hand: a request from one of these is "you". */
const HAND_TOOLS = ['kubectl', 'curl', 'wget', 'etcdctl', 'crictl', 'ctr'];

/** Add-ons that read the API through the admin kubeconfig: named by their program. */
const ADDONS: Readonly<Record<string, string>> = { coredns: 'CoreDNS', traefik: 'Traefik' };

/** "kubectl" from "kubectl/v1.37.2 (linux/amd64) kubernetes/abcdef". */
export function programOf(userAgent: string): string {
  const m = /^([^/\s]+)/.exec(userAgent);
  return m?.[1]?.toLowerCase() ?? '';
}

/** Names the agent of a request. `user` is who the request acted as (impersonation resolved by the caller). */
export function nameAgent(user: AuditUser, userAgent: string): Agent {
  const purpose = ownPurpose(userAgent);
  if (purpose) return { name: `demystify (${purpose})`, component: 'demystify', known: true, own: true };
  const program = programOf(userAgent);
  const addon = ADDONS[program];
  if (addon) return { name: addon, component: program, known: true, own: false };
  const identity = identityOf(user.username);
  if (HAND_TOOLS.includes(program)) {
    // Someone at a shell: "you", and whose credentials it used when not the admin's.
    const who =
      identity?.name ?? (user.username && user.username !== 'system:anonymous' ? user.username : undefined);
    const as = who && identity?.component !== 'you' ? ` as ${who}` : '';
    const anon = user.username === 'system:anonymous' ? ', anonymous' : '';
    return { name: `you (${program}${as}${anon})`, component: 'you', known: true, own: false };
  }
  if (identity) {
    // The controller manager's own client says what it is for: "…/shared-informers".
    const part = identity.component === 'controller-manager' ? clientPart(userAgent) : undefined;
    // Its general client says only its own name again.
    const name =
      part && part !== 'kube-controller-manager'
        ? `${identity.name} (${part.replace(/-/g, ' ')})`
        : identity.name;
    return { ...identity, name, known: true, own: false };
  }
  if (user.username === 'system:anonymous')
    return {
      name: `anonymous (${program || 'no user agent'})`,
      component: 'anonymous',
      known: true,
      own: false,
    };
  // Unknown: the identity as the API server saw it, and the program if it said.
  const raw = user.username || '(no user)';
  return { name: program ? `${raw} (${program})` : raw, component: raw, known: false, own: false };
}

/** client-go's rest.AddUserAgent appends "/<purpose>" after "kubernetes/<commit>". */
function clientPart(userAgent: string): string | undefined {
  return /\skubernetes\/[^/\s]+\/([a-z][a-z-]*)$/.exec(userAgent)?.[1];
}

type Identity = { readonly name: string; readonly component: string; readonly node?: string };

function identityOf(username: string): Identity | undefined {
  const fixed = COMPONENT_USERS[username];
  if (fixed) return fixed;
  if (username.startsWith('system:node:')) {
    const node = username.slice('system:node:'.length);
    return { name: `kubelet ${node}`, component: 'kubelet', node };
  }
  if (username === 'admin') return { name: 'you', component: 'you' };
  if (username.startsWith(SA_PREFIX)) {
    const [namespace, sa = ''] = username.slice(SA_PREFIX.length).split(':');
    if (namespace === 'kube-system') {
      const named = CONTROLLER_NAMES[sa];
      if (named) return { name: named, component: sa };
      if (sa.endsWith('-controller'))
        return { name: sa.replace(/-controller$/, ' controller'), component: sa };
    }
    const addon = ADDONS[sa];
    if (addon) return { name: addon, component: sa };
  }
  return undefined;
}

/** Does a filter word ("scheduler", "kubelet", "kubelet node-1", "replicaset") pick this agent? */
export function agentMatches(agent: Agent, word: string): boolean {
  const w = word.trim().toLowerCase();
  if (!w) return true;
  return (
    agent.component.toLowerCase() === w ||
    agent.name.toLowerCase() === w ||
    agent.name.toLowerCase().startsWith(`${w} `) ||
    agent.component.toLowerCase().startsWith(`${w}-`)
  );
}
