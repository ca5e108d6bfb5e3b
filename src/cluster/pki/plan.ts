// What certificates a cluster needs, as data. A plan says who each
// certificate names (CN = user, each O = group) and where it may be used;
// generate.ts turns a plan into files. Two presets: the classic single admin
// certificate of the older workshops, and one certificate per role.
import { firstServiceIp, parseIpv4 } from './ipv4.js';

/** server = TLS Web Server Authentication, client = TLS Web Client Authentication. */
export type Usage = 'server' | 'client' | 'both';

export interface SubjectAltNames {
  readonly dns: readonly string[];
  readonly ip: readonly string[];
}

export interface CertSpec {
  /** File stem: <name>.pem and <name>-key.pem. */
  readonly name: string;
  /** Common name: the user name the apiserver sees. */
  readonly cn: string;
  /** Organizations: the groups the apiserver sees. */
  readonly o?: readonly string[];
  readonly sans?: Partial<SubjectAltNames>;
  readonly usages: Usage;
  readonly days?: number;
}

export interface CaSpec {
  readonly cn?: string;
  readonly days?: number;
  /**
   * Sign with the CA already in the folder and never make or replace one: a
   * new CA would leave every certificate the running cluster trusts unsigned.
   */
  readonly existing?: boolean;
}

export interface PkiPlan {
  readonly ca: CaSpec;
  readonly certs: readonly CertSpec[];
  /** Write sa.key/sa.pub, the service-account token signing pair (default true). */
  readonly serviceAccountKey?: boolean;
}

export interface ClusterIdentity {
  /** Node name; becomes a DNS SAN and the kubelet's system:node:<hostname>. */
  readonly hostname: string;
  readonly nodeIp: string;
  /** --service-cluster-ip-range, e.g. 10.0.0.0/24. */
  readonly serviceCidr: string;
  /** Defaults to cluster.local. */
  readonly clusterDomain?: string;
  readonly caName?: string;
}

export const defaultCaName = 'demystify-ca';
export const defaultCaDays = 3650;
export const defaultCertDays = 365;

export class InvalidPlanError extends Error {
  override name = 'InvalidPlanError';
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function checkIdentity(id: Pick<ClusterIdentity, 'hostname' | 'nodeIp'>): void {
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(id.hostname)) {
    throw new InvalidPlanError(`hostname "${id.hostname}" is not a valid DNS name`);
  }
  parseIpv4(id.nodeIp);
}

/** Names a client may use to reach the apiserver, from outside or inside the cluster. */
export function apiserverSans(id: ClusterIdentity): SubjectAltNames {
  checkIdentity(id);
  const domain = id.clusterDomain ?? 'cluster.local';
  return {
    dns: unique([
      'localhost',
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      `kubernetes.default.svc.${domain}`,
      id.hostname,
    ]),
    ip: unique(['127.0.0.1', id.nodeIp, firstServiceIp(id.serviceCidr)]),
  };
}

/** Names a node's own servers (kubelet :10250, etcd) are reached by. */
export function nodeSans(id: Pick<ClusterIdentity, 'hostname' | 'nodeIp'>): SubjectAltNames {
  checkIdentity(id);
  return { dns: unique(['localhost', id.hostname]), ip: unique(['127.0.0.1', id.nodeIp]) };
}

/**
 * The older workshops' shortcut: one superuser certificate that every
 * component presents, as client and as server. It works because
 * system:masters bypasses authorization, and that is exactly what is wrong
 * with it: a leaked kube-proxy config is a leaked cluster-admin.
 */
export function classicAdminPlan(id: ClusterIdentity): PkiPlan {
  return {
    ca: { cn: id.caName ?? defaultCaName },
    certs: [{ name: 'admin', cn: 'admin', o: ['system:masters'], sans: apiserverSans(id), usages: 'both' }],
  };
}

export interface PerRoleOptions extends ClusterIdentity {
  /**
   * Put the apiserver's kubelet client in system:masters instead of relying on
   * the kubelet-api-admin binding (see kubeletApiAdminBinding).
   */
  readonly kubeletClientAsMaster?: boolean;
}

export const kubeletClientCn = 'kube-apiserver-kubelet-client';

/**
 * One certificate per role, each naming the identity Kubernetes' built-in
 * RBAC already expects (system:kube-scheduler, system:node:<name>, ...), so
 * each component gets only the rights of its role.
 */
export function perRolePlan(opts: PerRoleOptions): PkiPlan {
  const node = nodeSans(opts);
  const certs: CertSpec[] = [
    { name: 'kube-apiserver', cn: 'kube-apiserver', sans: apiserverSans(opts), usages: 'server' },
    // etcd lets the apiserver in because the CA signed this (--client-cert-auth);
    // the CN only matters once etcd's own user auth is enabled.
    { name: 'kube-apiserver-etcd-client', cn: 'kube-apiserver-etcd-client', usages: 'client' },
    // The kubelet asks the apiserver (webhook authorization) whether this user
    // may use its API, for `kubectl logs/exec`. By default we grant that with
    // the built-in system:kubelet-api-admin role bound to this CN: least
    // privilege, and a visible RBAC step in the lesson. system:masters would
    // work without the binding but makes this key a cluster-admin key.
    {
      name: 'kube-apiserver-kubelet-client',
      cn: kubeletClientCn,
      ...(opts.kubeletClientAsMaster ? { o: ['system:masters'] } : {}),
      usages: 'client',
    },
    // etcd also dials itself as a client (its gRPC gateway) with this same
    // certificate, so it needs clientAuth too; kubeadm does the same.
    { name: 'etcd-server', cn: 'etcd-server', sans: node, usages: 'both' },
    // etcd's peer port (raft between members) is reachable by every user of this
    // machine, even with one member: it serves TLS with this certificate and
    // lets in only a peer presenting one the CA signed (--peer-client-cert-auth).
    // A member is server and client to the others, so both usages.
    { name: 'etcd-peer', cn: 'etcd-peer', sans: node, usages: 'both' },
    { name: 'kube-controller-manager', cn: 'system:kube-controller-manager', usages: 'client' },
    { name: 'kube-scheduler', cn: 'system:kube-scheduler', usages: 'client' },
    // The Node authorizer only lets a kubelet touch its own node and pods when
    // it is system:node:<name> in system:nodes. The SANs let the same
    // certificate serve the kubelet API on :10250.
    {
      name: 'kubelet',
      cn: `system:node:${opts.hostname}`,
      o: ['system:nodes'],
      sans: node,
      usages: 'both',
    },
    { name: 'kube-proxy', cn: 'system:kube-proxy', usages: 'client' },
    { name: 'admin', cn: 'admin', o: ['system:masters'], usages: 'client' },
  ];
  return { ca: { cn: opts.caName ?? defaultCaName }, certs };
}

/** The file stem of a node's own kubelet certificate (and of its kubeconfig): kubelet-node-1. */
export function nodeKubeletName(node: string): string {
  return `kubelet-${node}`;
}

/**
 * One more node joins an existing cluster: only its kubelet's certificate,
 * signed by the CA already there. Same shape as perRolePlan's kubelet
 * certificate - system:node:<name> in system:nodes, serving the kubelet API
 * under the node's name and address - so the Node authorizer gives this node
 * its own Node and Pods, and nobody else's.
 */
export function nodeKubeletPlan(id: Pick<ClusterIdentity, 'hostname' | 'nodeIp' | 'caName'>): PkiPlan {
  const node = nodeSans(id);
  return {
    ca: { cn: id.caName ?? defaultCaName, existing: true },
    certs: [
      {
        name: nodeKubeletName(id.hostname),
        cn: `system:node:${id.hostname}`,
        o: ['system:nodes'],
        sans: node,
        usages: 'both',
      },
    ],
    serviceAccountKey: false,
  };
}

/** The ClusterRoleBinding perRolePlan's kubelet client relies on (kubectl apply -f). */
export function kubeletApiAdminBinding(userName: string = kubeletClientCn) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'kube-apiserver-kubelet-api-admin' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:kubelet-api-admin' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: userName }],
  };
}

/** Rejects plans that would write two certificates to one file or clash with the CA/SA files. */
export function validatePlan(plan: PkiPlan): void {
  const seen = new Set<string>();
  for (const cert of plan.certs) {
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(cert.name)) {
      throw new InvalidPlanError(`certificate name "${cert.name}" must be a plain file stem`);
    }
    if (cert.name === 'ca' || cert.name === 'sa') throw new InvalidPlanError(`"${cert.name}" is reserved`);
    if (seen.has(cert.name)) throw new InvalidPlanError(`two certificates are named "${cert.name}"`);
    seen.add(cert.name);
    if (!cert.cn) throw new InvalidPlanError(`certificate "${cert.name}" has an empty CN`);
    for (const ip of cert.sans?.ip ?? []) parseIpv4(ip);
    if (cert.days !== undefined && !(cert.days > 0)) {
      throw new InvalidPlanError(`certificate "${cert.name}" must last at least one day`);
    }
  }
}
