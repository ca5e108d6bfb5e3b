// etcd as chapter 2 starts it (the fence of lessons/02-etcd.md, run as it
// is, with the per-role certificates of chapter 1), seen from another user of
// the machine (`nobody`, through setpriv): the peer port hands out nothing
// and takes no raft message, over plain HTTP or over TLS without a
// certificate from the workshop's CA, and no plain-HTTP metrics listener is
// left. A member with the CA's peer certificate is let in, and the metrics
// answer on the client port to a client certificate: the listeners work,
// they are closed to strangers. Fixed ports (2379, 2380): run it under the
// machine-wide lock.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePki, perRolePlan } from '../../src/cluster/pki/index.js';
import { commandLine } from '../../src/engine/component-step.js';
import { loadWorkshop } from '../../src/lesson/load.js';
import { binaryPath, requireBinaries } from './helpers/control-plane.js';

let ws: string;
let etcd: ChildProcess | undefined;
let log = '';

const pki = (name: string): string => path.join(ws, 'pki', name);

/** A request from the `nobody` user: raw bytes to a port, what came back (or how the connection ended). */
function asNobody(script: string): string {
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'bash', '-c', script], {
    encoding: 'utf8',
    cwd: '/',
    timeout: 15_000,
  });
  return `${r.stdout}${r.stderr}`;
}

const plainHttp = (port: number, request: string): string =>
  asNobody(
    `exec 3<>/dev/tcp/127.0.0.1/${port} || exit 0; printf '${request}' >&3; timeout 5 cat <&3; echo "[closed]"`,
  );

function getWithCert(url: string, cert: string, key: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(
        url,
        { ca: fs.readFileSync(pki('ca.pem')), cert: fs.readFileSync(cert), key: fs.readFileSync(key) },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      )
      .on('error', reject);
  });
}

const refused = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.on('connect', () => (s.destroy(), resolve(false)));
    s.on('error', () => resolve(true));
  });

beforeAll(async () => {
  requireBinaries();
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-etcd-peer-'));
  await generatePki(
    path.join(ws, 'pki'),
    perRolePlan({ hostname: 'node-0', nodeIp: '10.240.0.10', serviceCidr: '10.32.0.0/24' }),
  );
  // The fence exactly as the lesson writes it.
  const { workshop } = await loadWorkshop('lessons');
  const step = workshop.chapters
    .find((c) => c.meta.id === 'etcd')
    ?.steps.find((s) => s.kind === 'component' && s.pane === 'etcd');
  if (step?.kind !== 'component') throw new Error('lessons/02-etcd.md has no etcd pane');
  etcd = spawn('bash', ['-c', `exec ${commandLine(step.body)}`], {
    cwd: ws,
    env: { PATH: `${path.dirname(binaryPath('etcd'))}:/usr/bin:/bin`, WORKSPACE: ws, HOME: ws },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  etcd.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  etcd.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  for (let waited = 0; !/serving client traffic/.test(log); waited += 100) {
    if (etcd.exitCode !== null || waited > 30_000)
      throw new Error(`etcd did not start:\n${log.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  if (etcd && etcd.exitCode === null) {
    etcd.kill('SIGTERM');
    await new Promise((r) => etcd!.once('exit', r));
  }
  fs.rmSync(ws, { recursive: true, force: true });
});

describe("etcd's peer port, as chapter 2 starts it", () => {
  it("refuses a raft message from another user, over plain HTTP and over TLS without the CA's certificate", () => {
    // Plain HTTP: the port speaks TLS only; nothing of etcd's answers (no member list, no cluster id).
    const members = plainHttp(2380, 'GET /members HTTP/1.0\\r\\n\\r\\n');
    expect(members).not.toMatch(/X-Etcd-Cluster-Id/i);
    expect(members).not.toMatch(/peerURLs/);
    const raft = plainHttp(
      2380,
      'POST /raft HTTP/1.0\\r\\nX-Etcd-Cluster-ID: 1\\r\\nX-Server-From: 2\\r\\nContent-Length: 4\\r\\n\\r\\nabcd',
    );
    expect(raft).not.toMatch(/X-Etcd-Cluster-Id|X-Server-Version|HTTP\/1\.[01] (2|4[01]|412)/i);
    // TLS without a client certificate: the handshake ends before any HTTP.
    const tls = asNobody(
      "printf 'GET /members HTTP/1.0\\r\\n\\r\\n' | timeout 10 openssl s_client -connect 127.0.0.1:2380 -quiet 2>&1; true",
    );
    expect(tls).not.toMatch(/HTTP\/1\.[01] 200|peerURLs/);
    expect(tls).toMatch(/alert|certificate required|handshake failure|errno/i);
  });

  it('lets in a member with the peer certificate the CA signed', async () => {
    const res = await getWithCert(
      'https://127.0.0.1:2380/members',
      pki('etcd-peer.pem'),
      pki('etcd-peer-key.pem'),
    );
    expect(res.status).toBe(200);
    expect(res.body).toContain('https://127.0.0.1:2380');
  });

  it('has no plain-HTTP metrics listener; the metrics answer on the client port to a client certificate', async () => {
    expect(await refused(2381)).toBe(true);
    const metrics = await getWithCert(
      'https://127.0.0.1:2379/metrics',
      pki('kube-apiserver-etcd-client.pem'),
      pki('kube-apiserver-etcd-client-key.pem'),
    );
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/^etcd_server_has_leader 1$/m);
    const stranger = plainHttp(2379, 'GET /metrics HTTP/1.0\\r\\n\\r\\n');
    expect(stranger).not.toMatch(/etcd_server_has_leader/);
  });
});
