// Where each project publishes its Linux release artifacts and their SHA-256
// sums (docs/binaries.md lists the URLs), and how a classroom mirror
// maps onto them. A mirror serves only the artifacts: their sums come from
// pins.ts, and a mirror is refused for anything not pinned there.
//
// Mirror layout: a mirror base URL replaces only the scheme and host of the
// official URL; the official path is kept, appended to the mirror's own path.
// A classroom server therefore holds the same tree the upstream hosts do:
//
//   <mirror>/release/v1.37.2/bin/linux/amd64/kube-apiserver            (dl.k8s.io)
//   <mirror>/release/v1.37.2/bin/linux/amd64/kube-apiserver.sha256
//   <mirror>/etcd-io/etcd/releases/download/v3.6.16/etcd-v3.6.16-linux-amd64.tar.gz  (github.com)
//   <mirror>/etcd-io/etcd/releases/download/v3.6.16/SHA256SUMS
//   <mirror>/containerd/containerd/releases/download/v2.3.7/containerd-2.3.7-linux-amd64.tar.gz{,.sha256sum}
//   <mirror>/opencontainers/runc/releases/download/v1.4.3/runc.amd64
//   <mirror>/opencontainers/runc/releases/download/v1.4.3/runc.sha256sum
//   <mirror>/containernetworking/plugins/releases/download/v1.9.1/cni-plugins-linux-amd64-v1.9.1.tgz{,.sha256}
//   <mirror>/coredns/coredns/releases/download/v1.15.0/coredns_1.15.0_linux_amd64.tgz{,.sha256}
//   <mirror>/traefik/traefik/releases/download/v3.6.12/traefik_v3.6.12_linux_amd64.tar.gz
//   <mirror>/traefik/traefik/releases/download/v3.6.12/traefik_v3.6.12_checksums.txt
//
// dl.k8s.io paths start with /release/ and GitHub paths with /<owner>/, so the
// two upstreams never collide in one tree.
import { binaryNames, binaryProject, type BinaryName, type Project, type Versions } from '../versions.js';

export type ReleaseArch = 'amd64' | 'arm64';

/** How the published checksum file is written. */
export type SumFormat =
  | 'bare' // just the hex digest (dl.k8s.io `<url>.sha256`)
  | 'sha256sum'; // `sha256sum` output, one `<hex>  <file>` line per asset

export interface Artifact {
  readonly project: Project;
  readonly version: string;
  readonly arch: ReleaseArch;
  /** Official URL of the file to download. */
  readonly url: string;
  /** Official URL of the file holding its SHA-256. */
  readonly sumUrl: string;
  readonly sumFormat: SumFormat;
  /** The name the sum file uses for it (the URL's last segment). */
  readonly fileName: string;
  /** A plain executable, or a tarball holding several. */
  readonly kind: 'binary' | 'archive';
  /** What ends up in the cache: for archives, `entry` is the path inside it. */
  readonly installs: readonly { readonly binary: BinaryName; readonly entry?: string }[];
}

const github = 'https://github.com';

/** Node's arch names to the ones release files use; undefined when nobody publishes one. */
export function releaseArch(nodeArch: string = process.arch): ReleaseArch | undefined {
  if (nodeArch === 'x64') return 'amd64';
  if (nodeArch === 'arm64') return 'arm64';
  return undefined;
}

function binariesOf(project: Project): BinaryName[] {
  return binaryNames.filter((name) => binaryProject[name] === project);
}

function withoutV(version: string): string {
  return version.startsWith('v') ? version.slice(1) : version;
}

/** Every artifact that provides the given projects' binaries at the given versions. */
export function releaseArtifacts(
  versions: Versions,
  arch: ReleaseArch,
  projects: readonly Project[] = ['kubernetes', 'etcd', 'containerd', 'runc', 'cni', 'coredns', 'traefik'],
): Artifact[] {
  const out: Artifact[] = [];
  for (const project of projects) out.push(...artifactsFor(project, versions[project], arch));
  return out;
}

function artifactsFor(project: Project, v: string, arch: ReleaseArch): Artifact[] {
  switch (project) {
    case 'kubernetes':
      // Kubernetes publishes each binary on its own, so only what we use is fetched.
      return binariesOf('kubernetes').map((binary) => {
        const url = `https://dl.k8s.io/release/${v}/bin/linux/${arch}/${binary}`;
        return archiveless(project, v, arch, url, `${url}.sha256`, 'bare', binary);
      });
    case 'etcd': {
      const base = `${github}/etcd-io/etcd/releases/download/${v}`;
      const folder = `etcd-${v}-linux-${arch}`;
      return [
        archive(project, v, arch, `${base}/${folder}.tar.gz`, `${base}/SHA256SUMS`, (b) => `${folder}/${b}`),
      ];
    }
    case 'containerd': {
      const base = `${github}/containerd/containerd/releases/download/${v}`;
      const url = `${base}/containerd-${withoutV(v)}-linux-${arch}.tar.gz`;
      return [archive(project, v, arch, url, `${url}.sha256sum`, (b) => `bin/${b}`)];
    }
    case 'runc': {
      const base = `${github}/opencontainers/runc/releases/download/${v}`;
      return [
        archiveless(project, v, arch, `${base}/runc.${arch}`, `${base}/runc.sha256sum`, 'sha256sum', 'runc'),
      ];
    }
    case 'cni': {
      const base = `${github}/containernetworking/plugins/releases/download/${v}`;
      const url = `${base}/cni-plugins-linux-${arch}-${v}.tgz`;
      // The .sha256 file is sha256sum output (digest and file name), not bare hex.
      return [archive(project, v, arch, url, `${url}.sha256`, (b) => b)];
    }
    case 'coredns': {
      // Makefile.release: `tar -C build/linux/<arch> coredns`, then
      // `sha256sum <asset> > <asset>.sha256` (digest and name).
      const base = `${github}/coredns/coredns/releases/download/${v}`;
      const url = `${base}/coredns_${withoutV(v)}_linux_${arch}.tgz`;
      return [archive(project, v, arch, url, `${url}.sha256`, (b) => b)];
    }
    case 'traefik': {
      // GoReleaser (.goreleaser.yml.tmpl): the binary at the archive's top
      // level, one sha256sum-format checksums file for every asset.
      const base = `${github}/traefik/traefik/releases/download/${v}`;
      const name = `traefik_v${withoutV(v)}`;
      return [
        archive(
          project,
          v,
          arch,
          `${base}/${name}_linux_${arch}.tar.gz`,
          `${base}/${name}_checksums.txt`,
          (b) => b,
        ),
      ];
    }
  }
}

function archiveless(
  project: Project,
  version: string,
  arch: ReleaseArch,
  url: string,
  sumUrl: string,
  sumFormat: SumFormat,
  binary: BinaryName,
): Artifact {
  return {
    project,
    version,
    arch,
    url,
    sumUrl,
    sumFormat,
    fileName: lastSegment(url),
    kind: 'binary',
    installs: [{ binary }],
  };
}

function archive(
  project: Project,
  version: string,
  arch: ReleaseArch,
  url: string,
  sumUrl: string,
  entryOf: (binary: BinaryName) => string,
): Artifact {
  return {
    project,
    version,
    arch,
    url,
    sumUrl,
    sumFormat: 'sha256sum',
    fileName: lastSegment(url),
    kind: 'archive',
    installs: binariesOf(project).map((binary) => ({ binary, entry: entryOf(binary) })),
  };
}

function lastSegment(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

/**
 * The URL to actually request: the official one, or the same path under the
 * mirror base (which may carry its own path prefix, e.g. http://host:8080/k8s).
 */
export function mirroredUrl(officialUrl: string, mirror: string | undefined): string {
  if (!mirror) return officialUrl;
  const official = new URL(officialUrl);
  const base = new URL(mirror);
  const prefix = base.pathname.replace(/\/+$/, '');
  return `${base.protocol}//${base.host}${prefix}${official.pathname}`;
}

/** Undefined when the mirror is usable, otherwise a sentence saying why not. */
export function checkMirror(mirror: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(mirror);
  } catch {
    return `the mirror "${mirror}" is not a URL; give a base URL such as http://classroom.local:8080/`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `the mirror "${mirror}" must be an http:// or https:// URL`;
  }
  return undefined;
}
