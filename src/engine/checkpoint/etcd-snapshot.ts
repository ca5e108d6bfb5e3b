// etcd's part of a checkpoint: a snapshot taken over the client API while
// etcd serves (`etcdctl snapshot save`), and turned back into a data folder
// while etcd is stopped (`etcdutl snapshot restore`: etcd 3.6 removed
// etcdctl's restore). The restore names the same member and peer URLs as the
// etcd command, so the member that starts on it is the one the lesson started.
import fs from 'node:fs/promises';
import type { EtcdLayout } from './runtime-state.js';

/** The client certificate etcdctl presents (etcd runs with --client-cert-auth in the workshop). */
export interface EtcdClientFiles {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

export interface ToolEnv {
  /** The session's environment: its PATH finds the workshop's etcdctl and etcdutl. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
}

const TIMEOUT_MS = 60_000;

export async function saveSnapshot(
  layout: EtcdLayout,
  client: EtcdClientFiles | undefined,
  file: string,
  tools: ToolEnv,
): Promise<void> {
  const tls =
    client && layout.endpoint.startsWith('https:')
      ? [`--cacert=${client.caFile}`, `--cert=${client.certFile}`, `--key=${client.keyFile}`]
      : [];
  await run(
    'etcdctl',
    [`--endpoints=${layout.endpoint}`, ...tls, '--command-timeout=30s', 'snapshot', 'save', file],
    tools,
  );
}

/** Replaces the data folder with the snapshot's content; etcd must not be running. */
export async function restoreSnapshot(layout: EtcdLayout, file: string, tools: ToolEnv): Promise<void> {
  await fs.rm(layout.dataDir, { recursive: true, force: true });
  const opt = (flag: string, v: string | undefined): string[] => (v ? [`--${flag}=${v}`] : []);
  await run(
    'etcdutl',
    [
      'snapshot',
      'restore',
      file,
      `--data-dir=${layout.dataDir}`,
      `--name=${layout.name}`,
      ...opt('initial-cluster', layout.initialCluster),
      ...opt('initial-advertise-peer-urls', layout.initialAdvertisePeerUrls),
      ...opt('initial-cluster-token', layout.initialClusterToken),
    ],
    tools,
  );
  // etcd refuses to start on a data folder others can read.
  await fs.chmod(layout.dataDir, 0o700);
}

async function run(tool: string, args: string[], tools: ToolEnv): Promise<void> {
  const what = `${tool} ${args
    .filter((a) => !a.startsWith('-'))
    .slice(0, 2)
    .join(' ')}`;
  const { execa } = await import('execa'); // loaded when a checkpoint is first saved or restored
  const res = await execa(tool, args, {
    cwd: tools.cwd,
    env: tools.env,
    extendEnv: false,
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: TIMEOUT_MS,
  });
  if (res.exitCode === 0) return;
  if ((res as { code?: string }).code === 'ENOENT')
    throw new Error(
      `${tool} was not found: it ships with etcd (run demystify fetch, or demystify doctor to see what is missing)`,
    );
  const tail = (res.all ?? '').trim().split('\n').slice(-5).join('\n');
  const why = res.timedOut
    ? `did not finish within ${TIMEOUT_MS / 1000} s`
    : `exited with status ${res.exitCode}`;
  throw new Error(`${what} ${why}${tail ? `:\n${tail}` : ''}`);
}
