// Does the audit log stay within its bound, and does the wire view follow it
// through real rotations without losing a request? Starts a real etcd +
// kube-apiserver auditing as chapter 3 does (--audit-log-maxsize=10,
// --audit-log-maxbackup=2: at most 3 files of 10 MiB), follows the log as the
// wire view does, and sends N requests (GETs of a ConfigMap that does not
// exist, C at a time, each with its own user agent) to push the log through
// several rotations. Prints the largest size the audit folder reached (sampled
// every 100 ms) against the bound, the rotations the follower said, and how
// many of the N requests it saw.
//
//   npm run build && flock /tmp/demystify-cluster.lock node bench/wire-rotation.mjs [N=40000] [C=16]
//
// Uses dist/ (the shipped code).
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { AuditTail, followAudit } from '../dist/wire/audit-tail.js';
import { startControlPlane } from './lib/control-plane.mjs';

const N = Number(process.argv[2] ?? 40_000);
const C = Number(process.argv[3] ?? 16);
const BOUND = 3 * 10 * 2 ** 20;
const UA = 'wire-rotation-bench/1';

const cp = await startControlPlane({ audit: true });
const auditDir = path.dirname(cp.auditLog);
const folderSize = () =>
  fs.readdirSync(auditDir).reduce((sum, f) => {
    try {
      return sum + fs.statSync(path.join(auditDir, f)).size;
    } catch {
      return sum; // removed by lumberjack meanwhile
    }
  }, 0);

let maxSize = 0;
const sampler = setInterval(() => (maxSize = Math.max(maxSize, folderSize())), 100);
const stop = new AbortController();
let seen = 0;
const notices = [];
const following = followAudit(
  new AuditTail(cp.auditLog),
  (items) => {
    for (const i of items) {
      if (i.kind === 'notice') notices.push(i.text);
      else if (i.event.userAgent === UA && i.event.stage === 'ResponseComplete') seen++;
    }
  },
  stop.signal,
);

const agent = new https.Agent({
  keepAlive: true,
  maxSockets: C,
  ca: fs.readFileSync(cp.file('ca.pem')),
  cert: fs.readFileSync(cp.file('admin.pem')),
  key: fs.readFileSync(cp.file('admin-key.pem')),
});
const get = () =>
  new Promise((resolve) => {
    const req = https.get(
      `${cp.server}/api/v1/namespaces/default/configmaps/not-there`,
      { agent, headers: { 'User-Agent': UA } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', () => resolve(0));
  });

const t = performance.now();
let sent = 0;
let failed = 0;
await Promise.all(
  Array.from({ length: C }, async () => {
    while (sent < N) {
      sent++;
      if ((await get()) !== 404) failed++;
    }
  }),
);
const seconds = (performance.now() - t) / 1000;
// The last requests' lines, and one more look by the follower.
await new Promise((r) => setTimeout(r, 1500));
stop.abort();
await following;
clearInterval(sampler);
agent.destroy();

const mib = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`;
const rotations = notices.filter((n) => /rotated/.test(n));
console.log(
  `${N} requests in ${seconds.toFixed(1)} s (${Math.round(N / seconds)}/s), ${failed} not answered 404`,
);
console.log(
  `audit folder at most ${mib(maxSize)} (bound ${mib(BOUND)}: 10 MiB x (1 + 2 backups)); now ${mib(folderSize())}`,
);
console.log(`files now: ${fs.readdirSync(auditDir).sort().join(', ')}`);
console.log(`the follower said ${rotations.length} rotations and saw ${seen} of the ${N} requests`);
for (const n of notices.filter((n) => !/rotated/.test(n))) console.log(`  other notice: ${n}`);
const ok = maxSize <= BOUND * 1.02 && seen === N - failed;
console.log(ok ? 'ok: within the bound, nothing lost' : 'NOT OK');
process.exit(ok ? 0 : 1);
