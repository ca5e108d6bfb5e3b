// Pinned default versions of every component. Overridable per project with
// DEMYSTIFY_<PROJECT>_VERSION (no flag: one per project would crowd --help). The offline build
// script (scripts/build-components.sh) builds exactly these by default.
export const defaultVersions = {
  kubernetes: 'v1.37.2',
  etcd: 'v3.6.16',
  containerd: 'v2.3.7',
  runc: 'v1.4.3',
  cni: 'v1.9.1',
  // The cluster DNS and Ingress chapters' components. Traefik: 3.6, not
  // 3.7, because the Go module proxy our CI builds from refuses some modules
  // 3.7 needs (see docs/binaries.md).
  coredns: 'v1.15.0',
  traefik: 'v3.6.12',
} as const;

export type Project = keyof typeof defaultVersions;
export type Versions = Record<Project, string>;

/** Which project ships each binary the workshop uses. */
export const binaryProject = {
  etcd: 'etcd',
  etcdctl: 'etcd',
  // Offline tools: `etcdutl snapshot restore` (etcdctl's restore was removed in 3.6) for checkpoints.
  etcdutl: 'etcd',
  'kube-apiserver': 'kubernetes',
  'kube-controller-manager': 'kubernetes',
  'kube-scheduler': 'kubernetes',
  kubelet: 'kubernetes',
  'kube-proxy': 'kubernetes',
  kubectl: 'kubernetes',
  containerd: 'containerd',
  'containerd-shim-runc-v2': 'containerd',
  ctr: 'containerd',
  runc: 'runc',
  bridge: 'cni',
  'host-local': 'cni',
  loopback: 'cni',
  portmap: 'cni',
  coredns: 'coredns',
  traefik: 'traefik',
} as const satisfies Record<string, Project>;

export type BinaryName = keyof typeof binaryProject;
export const binaryNames = Object.keys(binaryProject) as BinaryName[];

export function versionsFromEnv(env: NodeJS.ProcessEnv = process.env): Versions {
  const out: Versions = { ...defaultVersions };
  for (const project of Object.keys(defaultVersions) as Project[]) {
    const override = env[`DEMYSTIFY_${project.toUpperCase()}_VERSION`];
    if (override) out[project] = override.startsWith('v') ? override : `v${override}`;
  }
  return out;
}
