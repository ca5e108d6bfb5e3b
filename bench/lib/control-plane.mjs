// A real etcd + kube-apiserver for the benches: free loopback ports, the
// product's own per-role PKI, an admin kubeconfig; with `audit`, the API
// server keeps an audit log as the workshop's chapter 3 starts it. Killed
// (by process group) and its folder removed when the bench exits. A minimal
// copy of test/integration/helpers/control-plane.ts, which is TypeScript.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generatePki, perRolePlan } from '../../dist/cluster/pki/index.js';
import { buildKubeconfig, writeKubeconfig } from '../../dist/cluster/kubeconfig.js';
import { cacheDir } from '../../dist/cluster/paths.js';
import { defaultVersions } from '../../dist/cluster/versions.js';

/** @param {{ audit?: boolean }} opts */
export async function startControlPlane(opts = {}) {
  const bin = (project, name) =>
    path.join(
      process.env.DEMYSTIFY_TEST_BIN_DIR ?? path.join(cacheDir(), 'bin', project, defaultVersions[project]),
      name,
    );
  const ETCD = bin('etcd', 'etcd');
  const APISERVER = bin('kubernetes', 'kube-apiserver');
  for (const b of [ETCD, APISERVER]) {
    if (!fs.existsSync(b)) {
      console.error(`missing ${b}: build it with scripts/build-components.sh`);
      process.exit(1);
    }
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-bench-'));
  const p = (f) => path.join(dir, f);
  // The product's own per-role PKI: the benches measure other things than certificates.
  await generatePki(
    dir,
    perRolePlan({ hostname: 'localhost', nodeIp: '127.0.0.1', serviceCidr: '10.32.0.0/24' }),
  );

  const freePort = () =>
    new Promise((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
    });
  const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const children = [];
  const launch = (b, args, log) => {
    const fd = fs.openSync(p(log), 'a');
    const c = spawn(b, args, { detached: true, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    children.push(c);
    return c;
  };
  const cleanup = () => {
    for (const c of children.reverse()) {
      try {
        process.kill(-c.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', cleanup);
  process.on('SIGINT', () => process.exit(130));

  const get = (url) =>
    new Promise((resolve) => {
      const req = https.get(
        url,
        {
          ca: fs.readFileSync(p('ca.pem')),
          cert: fs.readFileSync(p('admin.pem')),
          key: fs.readFileSync(p('admin-key.pem')),
          agent: false,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        },
      );
      req.on('error', () => resolve(0));
    });
  async function waitFor(url) {
    for (const end = Date.now() + 90_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100)))
      if ((await get(url)) === 200) return;
    throw new Error(`${url} not ready; logs in ${dir}`);
  }

  const etcdUrl = `https://127.0.0.1:${etcdPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  launch(
    ETCD,
    [
      '--name=b',
      `--data-dir=${p('etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=b=${peer}`,
      `--cert-file=${p('etcd-server.pem')}`,
      `--key-file=${p('etcd-server-key.pem')}`,
      `--trusted-ca-file=${p('ca.pem')}`,
      '--client-cert-auth',
    ],
    'etcd.log',
  );
  await waitFor(`${etcdUrl}/health`);
  const server = `https://127.0.0.1:${apiPort}`;
  launch(
    APISERVER,
    [
      `--etcd-servers=${etcdUrl}`,
      `--etcd-cafile=${p('ca.pem')}`,
      `--etcd-certfile=${p('kube-apiserver-etcd-client.pem')}`,
      `--etcd-keyfile=${p('kube-apiserver-etcd-client-key.pem')}`,
      `--secure-port=${apiPort}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      '--endpoint-reconciler-type=none', // 1.37 refuses a loopback advertise address otherwise
      `--tls-cert-file=${p('kube-apiserver.pem')}`,
      `--tls-private-key-file=${p('kube-apiserver-key.pem')}`,
      `--client-ca-file=${p('ca.pem')}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${p('sa.pub')}`,
      `--service-account-signing-key-file=${p('sa.key')}`,
      '--service-cluster-ip-range=10.32.0.0/24',
      '--authorization-mode=Node,RBAC',
      ...(opts.audit ? auditFlags() : []),
    ],
    'kube-apiserver.log',
  );
  /** The flags and policy of the workshop's chapter 3 (lessons/03-kube-apiserver.md). */
  function auditFlags() {
    fs.mkdirSync(p('audit'), { mode: 0o700 });
    fs.writeFileSync(
      p('audit-policy.yaml'),
      'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n  - level: Metadata\n    resources:\n      - group: ""\n        resources: [secrets]\n  - level: Metadata\n',
    );
    return [
      `--audit-policy-file=${p('audit-policy.yaml')}`,
      `--audit-log-path=${p('audit/audit.log')}`,
      '--audit-log-maxsize=10',
      '--audit-log-maxbackup=2',
    ];
  }
  await waitFor(`${server}/readyz`);
  const kubeconfigPath = p('admin.kubeconfig');
  const read = (f) => fs.readFileSync(p(f), 'utf8');
  await writeKubeconfig(
    kubeconfigPath,
    buildKubeconfig({
      clusterName: 'bench',
      server,
      caPem: read('ca.pem'),
      userName: 'admin',
      certPem: read('admin.pem'),
      keyPem: read('admin-key.pem'),
    }),
  );
  return { dir, server, kubeconfigPath, etcdUrl, auditLog: p('audit/audit.log'), file: p };
}
