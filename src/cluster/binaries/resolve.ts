// Finding each binary the workshop runs. Order, first hit wins:
//   1. --bin-dir, else DEMYSTIFY_BIN_DIR (a flat folder, CNI plugins included)
//   2. the cache, at the pinned version (what `demystify fetch` or
//      scripts/build-components.sh filled)
//   3. the host PATH
//   4. known system folders: Debian puts CNI plugins in /usr/lib/cni (not on
//      PATH), upstream's convention is /opt/cni/bin; sbin folders are often
//      missing from a non-root PATH.
import path from 'node:path';
import { projectBinDir } from '../cache-layout.js';
import { cacheDir, type Env } from '../paths.js';
import {
  binaryNames,
  binaryProject,
  versionsFromEnv,
  type BinaryName,
  type Project,
  type Versions,
} from '../versions.js';
import { isExecutableFile } from './cache-files.js';

export type BinarySource = 'bin-dir' | 'cache' | 'path' | 'system';

export type Resolution =
  | { readonly name: BinaryName; readonly found: true; readonly path: string; readonly source: BinarySource }
  | {
      readonly name: BinaryName;
      readonly found: false;
      /** A sentence saying how to get it. */
      readonly hint: string;
      readonly searched: readonly string[];
    };

export interface ResolveOptions {
  /** --bin-dir; wins over DEMYSTIFY_BIN_DIR. */
  readonly binDir?: string | undefined;
  readonly cacheRoot?: string;
  readonly versions?: Versions;
  readonly env?: Env;
  /** Overridable so tests do not depend on what this host has installed. */
  readonly systemDirs?: readonly string[];
  readonly cniSystemDirs?: readonly string[];
}

export const defaultSystemDirs = [
  '/usr/local/sbin',
  '/usr/local/bin',
  '/usr/sbin',
  '/usr/bin',
  '/sbin',
  '/bin',
];
export const defaultCniSystemDirs = ['/usr/lib/cni', '/opt/cni/bin'];

const cniPlugins: ReadonlySet<BinaryName> = new Set(['bridge', 'host-local', 'loopback', 'portmap']);

export function isCniPlugin(name: BinaryName): boolean {
  return cniPlugins.has(name);
}

/** The Debian package that ships a binary, where Debian's build is good enough. */
const debianPackage: Partial<Record<BinaryName, string>> = {
  containerd: 'containerd',
  'containerd-shim-runc-v2': 'containerd',
  ctr: 'containerd',
  runc: 'runc',
  bridge: 'containernetworking-plugins',
  'host-local': 'containernetworking-plugins',
  loopback: 'containernetworking-plugins',
  portmap: 'containernetworking-plugins',
};

const projectTitle: Record<Project, string> = {
  kubernetes: 'Kubernetes',
  etcd: 'etcd',
  containerd: 'containerd',
  runc: 'runc',
  cni: 'the CNI plugins',
  coredns: 'CoreDNS',
  traefik: 'Traefik',
};

function hint(what: string, version: string, apt: string | undefined): string {
  const fetch = `run \`demystify fetch\` to download ${what} ${version}`;
  return apt ? `${fetch}, or \`apt-get install ${apt}\`` : fetch;
}

export function missingHint(name: BinaryName, version: string): string {
  return hint(name, version, debianPackage[name]);
}

/** One hint for several missing binaries of one project. */
export function missingProjectHint(project: Project, version: string): string {
  const apt = binaryNames.find((name) => binaryProject[name] === project && debianPackage[name]);
  return hint(projectTitle[project], version, apt && debianPackage[apt]);
}

function candidates(name: BinaryName, opts: ResolveOptions): { dir: string; source: BinarySource }[] {
  const env = opts.env ?? process.env;
  const versions = opts.versions ?? versionsFromEnv(env);
  const project = binaryProject[name];
  const out: { dir: string; source: BinarySource }[] = [];
  const binDir = opts.binDir || env.DEMYSTIFY_BIN_DIR;
  if (binDir) out.push({ dir: path.resolve(binDir), source: 'bin-dir' });
  out.push({
    dir: projectBinDir(opts.cacheRoot ?? cacheDir(env), project, versions[project]),
    source: 'cache',
  });
  if (!isCniPlugin(name)) {
    // Relative PATH entries mean "wherever the shell is", never what we want.
    for (const dir of (env.PATH ?? '').split(path.delimiter)) {
      if (dir && path.isAbsolute(dir)) out.push({ dir, source: 'path' });
    }
  }
  const system = isCniPlugin(name)
    ? (opts.cniSystemDirs ?? defaultCniSystemDirs)
    : (opts.systemDirs ?? defaultSystemDirs);
  for (const dir of system) out.push({ dir, source: 'system' });
  return out;
}

export async function resolveBinary(name: BinaryName, opts: ResolveOptions = {}): Promise<Resolution> {
  const searched: string[] = [];
  for (const { dir, source } of candidates(name, opts)) {
    if (searched.includes(dir)) continue;
    searched.push(dir);
    const file = path.join(dir, name);
    if (await isExecutableFile(file)) return { name, found: true, path: file, source };
  }
  const versions = opts.versions ?? versionsFromEnv(opts.env ?? process.env);
  return { name, found: false, hint: missingHint(name, versions[binaryProject[name]]), searched };
}

/** Every binary the workshop uses, in versions.ts order. */
export async function resolveAll(opts: ResolveOptions = {}): Promise<Resolution[]> {
  return Promise.all(binaryNames.map((name) => resolveBinary(name, opts)));
}

export interface ShellEnvironment {
  /** PATH for the workshop shell and the components it starts. */
  readonly PATH: string;
  /** Folders put in front of the inherited PATH (bin-dir, cache). */
  readonly prepended: readonly string[];
  /** CNI plugin folder for containerd's `bin_dir`; undefined if bridge is missing. */
  readonly cniBinDir: string | undefined;
  /** Sentences about setups that will not work as they are. */
  readonly problems: readonly string[];
}

/**
 * PATH entries and the CNI bin dir the workshop shell should use, so that
 * typing `kube-apiserver` in a lesson runs the binary resolution found.
 */
export function shellEnvironment(
  resolved: readonly Resolution[],
  basePath = process.env.PATH ?? '',
): ShellEnvironment {
  const inherited = basePath.split(path.delimiter).filter(Boolean);
  const prepended: string[] = [];
  const appended: string[] = [];
  for (const r of resolved) {
    if (!r.found || isCniPlugin(r.name)) continue;
    const dir = path.dirname(r.path);
    if (r.source === 'bin-dir' || r.source === 'cache') {
      if (!prepended.includes(dir)) prepended.push(dir);
    } else if (!inherited.includes(dir) && !appended.includes(dir)) {
      appended.push(dir); // a system folder the inherited PATH lacks (e.g. /usr/sbin)
    }
  }
  const problems: string[] = [];
  const plugins = resolved.filter((r) => isCniPlugin(r.name));
  const bridge = plugins.find((r) => r.name === 'bridge');
  const cniBinDir = bridge?.found ? path.dirname(bridge.path) : undefined;
  if (cniBinDir) {
    // containerd looks for every plugin in one folder.
    const elsewhere = plugins
      .filter((r) => !r.found || path.dirname(r.path) !== cniBinDir)
      .map((r) => r.name);
    if (elsewhere.length > 0)
      problems.push(`CNI plugins ${elsewhere.join(', ')} are not in ${cniBinDir} with bridge`);
  }
  const entries = [...prepended, ...inherited.filter((d) => !prepended.includes(d)), ...appended];
  return { PATH: entries.join(path.delimiter), prepended, cniBinDir, problems };
}
