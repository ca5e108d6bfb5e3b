// Kubeconfig files, built as data instead of with `kubectl config set-cluster
// --embed-certs`, `set-credentials --embed-certs`, `set-context` and
// `use-context`. The output has the same fields and key order kubectl writes,
// so a learner can diff the two.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { writeFileAtomicIfChanged } from '../fs/atomic-write.js';
import { certPaths } from './pki/generate.js';
import { nodeKubeletName } from './pki/plan.js';

export interface KubeconfigInput {
  readonly clusterName: string;
  /** The apiserver URL, e.g. https://127.0.0.1:6443. */
  readonly server: string;
  readonly caPem: string;
  /** A label inside the file; the apiserver takes the user name from the certificate's CN. */
  readonly userName: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** Defaults to <userName>@<clusterName>, as kubeadm names them. */
  readonly contextName?: string;
  readonly namespace?: string;
}

export interface Kubeconfig {
  apiVersion: 'v1';
  kind: 'Config';
  clusters: Array<{ name: string; cluster: { server: string; 'certificate-authority-data': string } }>;
  users: Array<{ name: string; user: { 'client-certificate-data': string; 'client-key-data': string } }>;
  contexts: Array<{ name: string; context: { cluster: string; user: string; namespace?: string } }>;
  'current-context': string;
  preferences: Record<string, never>;
}

export class KubeconfigError extends Error {
  override name = 'KubeconfigError';
}

const base64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64');

export function buildKubeconfig(input: KubeconfigInput): Kubeconfig {
  let url: URL;
  try {
    url = new URL(input.server);
  } catch {
    throw new KubeconfigError(`server "${input.server}" is not a URL (expected e.g. https://127.0.0.1:6443)`);
  }
  // Client certificates only mean something over TLS.
  if (url.protocol !== 'https:') throw new KubeconfigError(`server "${input.server}" must use https://`);
  for (const [field, pem] of [
    ['caPem', input.caPem],
    ['certPem', input.certPem],
    ['keyPem', input.keyPem],
  ] as const) {
    if (!pem.includes('-----BEGIN ')) throw new KubeconfigError(`${field} is not PEM`);
  }
  const contextName = input.contextName ?? `${input.userName}@${input.clusterName}`;
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: input.clusterName,
        cluster: { server: input.server, 'certificate-authority-data': base64(input.caPem) },
      },
    ],
    users: [
      {
        name: input.userName,
        user: { 'client-certificate-data': base64(input.certPem), 'client-key-data': base64(input.keyPem) },
      },
    ],
    contexts: [
      {
        name: contextName,
        context: {
          cluster: input.clusterName,
          user: input.userName,
          ...(input.namespace ? { namespace: input.namespace } : {}),
        },
      },
    ],
    'current-context': contextName,
    preferences: {},
  };
}

/** YAML in the layout kubectl writes: sorted keys, unindented lists, base64 on one line. */
export function kubeconfigToYaml(config: Kubeconfig): string {
  return yaml.dump(config, { sortKeys: true, lineWidth: -1, noRefs: true, seqNoIndent: true });
}

/** Parses a kubeconfig and checks the fields this project relies on. */
export function parseKubeconfig(text: string): Kubeconfig {
  const doc = yaml.load(text) as Partial<Kubeconfig> | null;
  if (!doc || typeof doc !== 'object') throw new KubeconfigError('kubeconfig is empty or not a mapping');
  if (doc.apiVersion !== 'v1' || doc.kind !== 'Config') {
    throw new KubeconfigError('kubeconfig must have apiVersion: v1 and kind: Config');
  }
  for (const list of ['clusters', 'users', 'contexts'] as const) {
    if (!Array.isArray(doc[list])) throw new KubeconfigError(`kubeconfig has no ${list} list`);
  }
  return doc as Kubeconfig;
}

export interface ResolvedCredentials {
  readonly server: string;
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

/** What a client would use: the current (or named) context's server, CA and client pair, PEM-decoded. */
export function resolveCredentials(
  config: Kubeconfig,
  contextName = config['current-context'],
): ResolvedCredentials {
  const context = config.contexts.find((c) => c.name === contextName)?.context;
  if (!context) throw new KubeconfigError(`no context named "${contextName}"`);
  const cluster = config.clusters.find((c) => c.name === context.cluster)?.cluster;
  if (!cluster)
    throw new KubeconfigError(`context "${contextName}" names missing cluster "${context.cluster}"`);
  const user = config.users.find((u) => u.name === context.user)?.user;
  if (!user) throw new KubeconfigError(`context "${contextName}" names missing user "${context.user}"`);
  const decode = (data: string) => Buffer.from(data, 'base64').toString('utf8');
  return {
    server: cluster.server,
    caPem: decode(cluster['certificate-authority-data']),
    certPem: decode(user['client-certificate-data']),
    keyPem: decode(user['client-key-data']),
  };
}

/** Writes atomically with mode 0600 (it embeds a private key); unchanged content keeps the file as is. */
export function writeKubeconfig(file: string, config: Kubeconfig): Promise<'written' | 'unchanged'> {
  return writeFileAtomicIfChanged(file, kubeconfigToYaml(config), { mode: 0o600 });
}

/** Who gets a kubeconfig, and which certificate (by PKI file stem) it carries. */
export const kubeconfigUsers = {
  admin: 'admin',
  'kube-controller-manager': 'kube-controller-manager',
  'kube-scheduler': 'kube-scheduler',
  kubelet: 'kubelet',
  'kube-proxy': 'kube-proxy',
} as const;

export type KubeconfigName = keyof typeof kubeconfigUsers;

export interface KubeconfigPlanOptions {
  /** The directory generatePki wrote to. */
  readonly pkiDir: string;
  readonly server?: string;
  readonly clusterName?: string;
  /**
   * per-role: each component presents its own certificate (perRolePlan).
   * classic: every component presents admin.pem (classicAdminPlan), as the
   * older workshops did.
   */
  readonly credentials?: 'per-role' | 'classic';
  /**
   * Only this node's kubelet (kubelet-<node>.kubeconfig, from the
   * kubelet-<node> certificate of nodeKubeletPlan): a node joining later.
   */
  readonly node?: string;
}

export interface PlannedKubeconfig {
  /** A KubeconfigName, or kubelet-<node> for a node's own kubelet. */
  readonly name: string;
  /** <name>.kubeconfig */
  readonly fileName: string;
  readonly config: Kubeconfig;
}

export const defaultServer = 'https://127.0.0.1:6443';
export const defaultClusterName = 'demystify';

/** One kubeconfig per client: admin, controller manager, scheduler, kubelet, kube-proxy (or one node's kubelet). */
export async function kubeconfigPlan(opts: KubeconfigPlanOptions): Promise<PlannedKubeconfig[]> {
  if (opts.node !== undefined && opts.credentials === 'classic')
    throw new KubeconfigError(
      `a node's own kubeconfig carries its own certificate, not the classic admin one`,
    );
  const clusterName = opts.clusterName ?? defaultClusterName;
  const clients: Array<[name: string, stem: string]> =
    opts.node !== undefined
      ? [[nodeKubeletName(opts.node), nodeKubeletName(opts.node)]]
      : (Object.keys(kubeconfigUsers) as KubeconfigName[]).map((name) => [
          name,
          opts.credentials === 'classic' ? 'admin' : kubeconfigUsers[name],
        ]);
  // Each file once: the classic credentials give every client admin's pair.
  const files = new Set([
    certPaths(opts.pkiDir, 'ca').cert,
    ...clients.flatMap(([, stem]) => Object.values(certPaths(opts.pkiDir, stem))),
  ]);
  const pem = await readPkiFiles(opts.pkiDir, [...files]);
  const caPem = pem.get(certPaths(opts.pkiDir, 'ca').cert)!;
  return clients.map(([name, stem]) => {
    const paths = certPaths(opts.pkiDir, stem);
    const certPem = pem.get(paths.cert)!;
    const keyPem = pem.get(paths.key)!;
    // Name the user after the identity the apiserver will see (the CN), as
    // kubernetes-the-hard-way does: system:node:<host>, system:kube-proxy, ...
    const userName = commonName(certPem) || name;
    const config = buildKubeconfig({
      clusterName,
      server: opts.server ?? defaultServer,
      caPem,
      userName,
      certPem,
      keyPem,
    });
    return { name, fileName: `${name}.kubeconfig`, config };
  });
}

/** Certificates or keys a kubeconfig needs that are not in the PKI folder, in the order they were asked for. */
export class MissingPkiFilesError extends KubeconfigError {
  override name = 'MissingPkiFilesError';
  constructor(
    readonly dir: string,
    readonly files: readonly string[],
  ) {
    const names = files.map((f) => path.basename(f));
    const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
    super(`${list} ${names.length === 1 ? 'is' : 'are'} missing from ${dir}`);
  }
}

/**
 * Reads every file, then reports all the missing ones at once. Reading them
 * side by side and letting the first rejection win would make the error
 * depend on which read the disk answered first (the key's ENOENT one run, the
 * certificate's the next); waiting for all of them makes it one sentence.
 */
async function readPkiFiles(dir: string, files: readonly string[]): Promise<Map<string, string>> {
  const read = await Promise.allSettled(files.map((f) => fs.readFile(f, 'utf8')));
  const missing: string[] = [];
  const out = new Map<string, string>();
  read.forEach((r, i) => {
    if (r.status === 'fulfilled') out.set(files[i]!, r.value);
    else if ((r.reason as NodeJS.ErrnoException).code === 'ENOENT') missing.push(files[i]!);
    else throw r.reason;
  });
  if (missing.length) throw new MissingPkiFilesError(dir, missing);
  return out;
}

function commonName(certPem: string): string {
  const line = new crypto.X509Certificate(certPem).subject.split('\n').find((l) => l.startsWith('CN='));
  return line ? line.slice(3) : '';
}

export async function writeKubeconfigs(
  outDir: string,
  plan: readonly PlannedKubeconfig[],
): Promise<Array<{ name: string; path: string; action: 'written' | 'unchanged' }>> {
  await fs.mkdir(outDir, { recursive: true, mode: 0o700 });
  return Promise.all(
    plan.map(async ({ name, fileName, config }) => {
      const file = path.join(outDir, fileName);
      return { name, path: file, action: await writeKubeconfig(file, config) };
    }),
  );
}
