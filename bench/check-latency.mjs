// How fast does a check notice a change? Starts a real etcd + kube-apiserver,
// then N times: start a resource check for a ConfigMap that does not exist,
// create it, and time from the create call returning to the check's `passed`
// event. Target (docs/architecture.md, "Performance targets"): median < 100 ms.
//
//   npm run build && node bench/check-latency.mjs [N] [--audit]
//
// --audit: the API server keeps an audit log as the workshop's chapter 3
// starts it (Metadata level, bounded), and this process follows that log the
// way the wire view does while the checks run. Goal (issue 23): latency within
// 10% of the run without it.
//
// Uses dist/ (the shipped code). The control-plane start-up is a minimal copy
// of test/integration/helpers/control-plane.ts, which is TypeScript.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { observerFor } from '../dist/verify/observers.js';
import { generatePki, perRolePlan } from '../dist/cluster/pki/index.js';
import { buildKubeconfig, writeKubeconfig } from '../dist/cluster/kubeconfig.js';
import { runCheck } from '../dist/verify/run-check.js';
import { cacheDir } from '../dist/cluster/paths.js';
import { defaultVersions } from '../dist/cluster/versions.js';
import { AuditTail, followAudit } from '../dist/wire/audit-tail.js';

const args = process.argv.slice(2);
const AUDIT = args.includes('--audit');
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 50);
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
// The product's own per-role PKI: this bench measures checks, not certificates.
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
    ...(AUDIT ? auditFlags() : []),
  ],
  'kube-apiserver.log',
);
/** The flags and policy of the workshop's chapter 3 (CONTRACTS.md, "The audit log"). */
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

const kc = new KubeConfig();
kc.loadFromFile(kubeconfigPath);
const objects = KubernetesObjectApi.makeApiClient(kc);
const deps = {
  kubeconfigPath,
  etcd: {
    endpoint: etcdUrl,
    caFile: p('ca.pem'),
    certFile: p('kube-apiserver-etcd-client.pem'),
    keyFile: p('kube-apiserver-etcd-client-key.pem'),
  },
  cwd: dir,
  env: {},
};
const spec = (name) => ({
  target: {
    kind: 'resource',
    resource: { apiVersion: 'v1', kind: 'ConfigMap', namespace: undefined, name, selector: undefined },
  },
  fields: {},
  count: undefined,
  holdMs: undefined,
  waiting: `waiting for ConfigMap ${name}`,
  onFail: undefined,
  component: undefined,
});

// The wire view's follower, as the UI runs it during a session.
const following = new AbortController();
let followed = 0;
const follower = AUDIT
  ? followAudit(
      new AuditTail(p('audit/audit.log'), { fromEnd: true }),
      (items) => (followed += items.length),
      following.signal,
    )
  : undefined;

const afterReturn = [];
const afterCall = [];
let early = 0;
for (let i = 0; i < N; i++) {
  const name = `bench-${i}`;
  let passedAt;
  const result = runCheck(observerFor(spec(name), deps), {
    waiting: 'bench',
    timeoutMs: 10_000,
    onUpdate: (s) => {
      if (s.kind === 'passed') passedAt = performance.now();
    },
  });
  // Let the check list and open its watch, as it would while a learner reads the step.
  await new Promise((r) => setTimeout(r, 250));
  const called = performance.now();
  await objects.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default' },
    data: { i: String(i) },
  });
  const returned = performance.now();
  const status = await result;
  if (status.kind !== 'passed') throw new Error(`check ${i} did not pass: ${status.reason ?? status.kind}`);
  // The watch event can beat the create's own response: count that as 0 ms.
  if (passedAt < returned) early++;
  afterReturn.push(Math.max(0, passedAt - returned));
  afterCall.push(passedAt - called);
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (f) => s[Math.min(s.length - 1, Math.ceil(f * s.length) - 1)];
  const f = (x) => `${x.toFixed(1)} ms`;
  return `min ${f(s[0])}  median ${f(q(0.5))}  p90 ${f(q(0.9))}  max ${f(s[s.length - 1])}`;
};
following.abort();
await follower;
console.log(
  `check latency over ${N} ConfigMap creations (kube-apiserver ${defaultVersions.kubernetes}, etcd ${defaultVersions.etcd}), ${AUDIT ? `auditing on, ${followed} audit lines followed` : 'auditing off'}`,
);
console.log(`  create returned -> check passed: ${stats(afterReturn)}`);
console.log(`  create called   -> check passed: ${stats(afterCall)}`);
console.log(`  ${early} of ${N} checks passed before the create call had returned (counted as 0 ms)`);
const median = [...afterReturn].sort((a, b) => a - b)[Math.ceil(N / 2) - 1];
console.log(median < 100 ? '  target met: median < 100 ms' : '  TARGET MISSED: median >= 100 ms');
process.exit(median < 100 ? 0 : 1);
