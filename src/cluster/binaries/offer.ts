// What a first run is missing, put as an offer a learner can say yes to:
// which projects (at which versions), from where, about how big. The sizes
// are what the official amd64 releases weigh (arm64 ones are close); the
// download's own progress shows the exact figures.
import { binaryProject, type BinaryName, type Project, type Versions } from '../versions.js';
import { mirroredUrl, releaseArch, releaseArtifacts } from './release-urls.js';

/** Approximate download size of each project's artifacts, in MiB. */
const APPROX_MIB: Readonly<Record<Project, number>> = {
  // kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy, kubectl
  kubernetes: 375,
  etcd: 23,
  containerd: 35,
  runc: 11,
  cni: 50,
  coredns: 22,
  traefik: 45,
};

export interface FetchOffer {
  readonly projects: readonly {
    readonly project: Project;
    readonly version: string;
    readonly binaries: readonly BinaryName[];
  }[];
  /** Hosts the files come from (the mirror's, when one is set). */
  readonly hosts: readonly string[];
  readonly approxMiB: number;
}

/**
 * Why this machine cannot run the workshop, in one sentence (for the first
 * run and `doctor` alike); undefined when it can. The CPU alone is not enough:
 * a Mac on arm64 has a release to download, and nothing it could run.
 */
export function unsupportedHost(
  platform: string = process.platform,
  arch: string = process.arch,
): string | undefined {
  if (platform === 'linux' && releaseArch(arch)) return undefined;
  return `this is ${platform} ${arch}, and Kubernetes components need Linux on amd64 or arm64: run demystify inside a Linux VM (on a Mac: Lima, UTM or multipass; on Windows: WSL 2)`;
}

/** The offer for these missing binaries; undefined when none is missing or this machine cannot run them. */
export function fetchOffer(
  missing: readonly BinaryName[],
  versions: Versions,
  mirror: string | undefined,
  arch: string = process.arch,
  platform: string = process.platform,
): FetchOffer | undefined {
  const rel = releaseArch(arch);
  if (!missing.length || !rel || unsupportedHost(platform, arch)) return undefined;
  const projects = [...new Set(missing.map((b) => binaryProject[b] as Project))];
  const hosts = new Set(
    releaseArtifacts(versions, rel, projects).map((a) => new URL(mirroredUrl(a.url, mirror)).host),
  );
  return {
    projects: projects.map((project) => ({
      project,
      version: versions[project],
      binaries: missing.filter((b) => binaryProject[b] === project),
    })),
    hosts: [...hosts],
    approxMiB: projects.reduce((n, p) => n + APPROX_MIB[p], 0),
  };
}
