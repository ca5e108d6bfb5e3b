// A real etcd + kube-apiserver for integration tests and benchmarks: TLS with
// client-certificate auth everywhere, free 127.0.0.1 ports, a temp folder for
// data, certificates, logs and an admin kubeconfig. Plain child processes in
// their own process groups, killed by group in stop(). No scheduler or
// controller-manager: nothing acts on objects unless a test does.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { projectBinDir } from '../../../src/cluster/cache-layout.js';
import { cacheDir } from '../../../src/cluster/paths.js';
import { defaultVersions } from '../../../src/cluster/versions.js';
import { makeTestPki, writeAdminKubeconfig, type TestPki } from '../../helpers/test-pki.js';
import { apiserverArgs, etcdArgs } from '../../helpers/control-plane-args.js';
import { freePort } from '../../helpers/ports.js';

export interface ControlPlane {
  readonly dir: string;
  readonly pki: TestPki;
  /** https://127.0.0.1:<port> */
  readonly server: string;
  readonly apiserverPort: number;
  readonly kubeconfigPath: string;
  readonly etcd: { endpoint: string; caFile: string; certFile: string; keyFile: string };
  /** Stops only kube-apiserver (e.g. to see how checks report a server that is gone). */
  stopApiServer(): Promise<void>;
  /** Starts kube-apiserver again on the same port and waits for /readyz. */
  startApiServer(): Promise<void>;
  /** Last lines of a component's log, for failure messages. */
  logTail(component: 'etcd' | 'kube-apiserver', lines?: number): string;
  /** Kills everything (by process group) and removes the folder. */
  stop(): Promise<void>;
}

export function binaryPath(
  binary: 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kubectl',
): string {
  const project = binary === 'etcd' ? 'etcd' : 'kubernetes';
  const dir =
    process.env.DEMYSTIFY_TEST_BIN_DIR ?? projectBinDir(cacheDir(), project, defaultVersions[project]);
  return path.join(dir, binary);
}

/** Fails loudly, never skips: an integration run without binaries is a broken setup. */
export function requireBinaries(): void {
  const missing = (['etcd', 'kube-apiserver'] as const).map(binaryPath).filter((p) => !fs.existsSync(p));
  if (missing.length) {
    throw new Error(
      `integration tests need real binaries, missing: ${missing.join(', ')}.\n` +
        'Build them with scripts/build-components.sh (or fetch official releases with `demystify fetch`), ' +
        'or point DEMYSTIFY_TEST_BIN_DIR at a folder holding etcd and kube-apiserver.',
    );
  }
}

const groups = new Set<number>();
// Last resort if a test run dies without afterAll: no component outlives it.
process.once('exit', () => {
  for (const pid of groups) killGroup(pid, 'SIGKILL');
});

function killGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    // already gone
  }
}

/** Starts a component in its own process group, its output appended to `logFile`. */
export function launch(bin: string, args: string[], logFile: string): ChildProcess {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(bin, args, { detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  if (child.pid) groups.add(child.pid);
  return child;
}

/** SIGTERM to the component's group, SIGKILL after 5 s; resolves once it has exited. */
export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  groups.delete(pid);
}

/** GET with client certificates; resolves with the status, or 0 when nothing answers. */
function probe(url: string, pki: TestPki, cert: string, key: string): Promise<number> {
  return new Promise((resolve) => {
    const req = https.get(
      url,
      {
        ca: fs.readFileSync(pki.caCert),
        cert: fs.readFileSync(cert),
        key: fs.readFileSync(key),
        agent: false,
        timeout: 2000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

async function waitFor(
  what: string,
  url: string,
  pki: TestPki,
  cert: string,
  key: string,
  child: ChildProcess,
  log: () => string,
  ms = 60_000,
): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null)
      throw new Error(`${what} exited with status ${child.exitCode} while starting:\n${log()}`);
    if ((await probe(url, pki, cert, key)) === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} was not ready at ${url} within ${ms / 1000} s:\n${log()}`);
}

export interface ControlPlaneOptions {
  /** More kube-apiserver flags (an audit policy and log, for the wire view's tests). */
  readonly apiserverArgs?: (dir: string) => string[];
}

export async function startControlPlane(opts: ControlPlaneOptions = {}): Promise<ControlPlane> {
  requireBinaries();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-cp-'));
  const pki = makeTestPki(path.join(dir, 'pki'));
  const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const etcdUrl = `https://127.0.0.1:${etcdPort}`;
  const logs = { etcd: path.join(dir, 'etcd.log'), 'kube-apiserver': path.join(dir, 'kube-apiserver.log') };
  const logTail = (c: keyof typeof logs, n = 20): string => {
    try {
      return fs.readFileSync(logs[c], 'utf8').trimEnd().split('\n').slice(-n).join('\n');
    } catch {
      return '(no log)';
    }
  };
  let etcd: ChildProcess | undefined;
  let apiserver: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    await stopChild(apiserver);
    await stopChild(etcd);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    etcd = launch(
      binaryPath('etcd'),
      etcdArgs({ name: 'test', dataDir: path.join(dir, 'etcd-data'), clientPort: etcdPort, peerPort, pki }),
      logs.etcd,
    );
    await waitFor('etcd', `${etcdUrl}/health`, pki, pki.serverCert, pki.serverKey, etcd, () =>
      logTail('etcd'),
    );
    const server = `https://127.0.0.1:${apiPort}`;
    const startApiServer = async (): Promise<void> => {
      apiserver = launch(
        binaryPath('kube-apiserver'),
        [...apiserverArgs({ etcdPort, securePort: apiPort, pki }), ...(opts.apiserverArgs?.(dir) ?? [])],
        logs['kube-apiserver'],
      );
      await waitFor('kube-apiserver', `${server}/readyz`, pki, pki.adminCert, pki.adminKey, apiserver, () =>
        logTail('kube-apiserver'),
      );
    };
    await startApiServer();
    const kubeconfigPath = path.join(dir, 'admin.kubeconfig');
    writeAdminKubeconfig(kubeconfigPath, server, pki);
    return {
      dir,
      pki,
      server,
      apiserverPort: apiPort,
      kubeconfigPath,
      etcd: { endpoint: etcdUrl, caFile: pki.caCert, certFile: pki.adminCert, keyFile: pki.adminKey },
      stopApiServer: () => stopChild(apiserver),
      startApiServer,
      logTail,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
