// The wire view against a real API server with auditing, a real controller
// manager and a real scheduler: a Deployment applied and then scaled with
// kubectl, and what the audit log says about it — every agent named, the
// scheduler's watch opening, the story of the Deployment in order, an audit
// check passing (and failing before), `demystify wire` and `explain` on the
// workspace. No kubelet: a Node object stands in so the scheduler can bind.
// With DEMYSTIFY_RECORD_AUDIT=<file> the log is kept there (how the fixtures
// in test/fixtures/audit were recorded).
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyManifest } from '../../src/cluster/apply.js';
import type { AuditQuery } from '../../src/lesson/check-model.js';
import { connectCluster } from '../../src/verify/kube-client.js';
import { observerFor } from '../../src/verify/observers.js';
import type { AuditEvent } from '../../src/wire/audit-event.js';
import { readAudit } from '../../src/wire/audit-tail.js';
import { explainObject } from '../../src/wire/explain.js';
import { buildStory, storyLines } from '../../src/wire/story.js';
import { AgentNamer, toEntry } from '../../src/wire/wire-entry.js';
import { binaryPath } from './helpers/control-plane.js';
import { startAuditedCluster, type AuditedCluster } from './helpers/audited-cluster.js';

let cluster: AuditedCluster;
let started: number;
let scaledAt: number;
let events: AuditEvent[];

const cli = path.resolve('dist/cli.js');
const kubectl = (...args: string[]) =>
  execa(binaryPath('kubectl'), ['--kubeconfig', cluster.kubeconfigPath, ...args]);

async function boundPods(n: number): Promise<void> {
  const client = connectCluster(cluster.kubeconfigPath);
  for (const end = Date.now() + 60_000; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    const pods = await client.list({
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: 'default',
      labelSelector: 'app=web',
    });
    if (pods.items.filter((p) => (p.spec as { nodeName?: string } | undefined)?.nodeName).length >= n) return;
  }
  throw new Error(
    `${n} Pods of web were not bound within 60 s:\n${fs.readFileSync(path.join(cluster.dir, 'kube-scheduler.log'), 'utf8').slice(-2000)}`,
  );
}

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: registry.invalid/web:1}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;

beforeAll(async () => {
  cluster = await startAuditedCluster();
  started = Date.now();
  // A Node for the scheduler to bind to: no kubelet runs behind it.
  await execa(binaryPath('kubectl'), ['--kubeconfig', cluster.kubeconfigPath, 'create', '-f', '-'], {
    input: 'apiVersion: v1\nkind: Node\nmetadata: {name: node-0}\n',
  });
  await kubectl(
    'patch',
    'node',
    'node-0',
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({
      status: {
        capacity: { cpu: '2', memory: '4Gi', pods: '110' },
        allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'a stand-in',
            lastHeartbeatTime: new Date().toISOString(),
            lastTransitionTime: new Date().toISOString(),
          },
        ],
      },
    }),
  );
  await cluster.startControlLoops();
  const applied = await applyManifest(cluster.kubeconfigPath, WEB);
  if (!applied.ok) throw new Error(applied.reason);
  await boundPods(2);
  scaledAt = Date.now();
  await kubectl('scale', 'deployment', 'web', '--replicas=3');
  await boundPods(3);
  // The audit log is written as each request ends: give the last writes a moment to land.
  await new Promise((r) => setTimeout(r, 1000));
  const items = await readAudit(cluster.auditLog);
  events = items.flatMap((i) => (i.kind === 'event' ? [i.event] : []));
  if (process.env.DEMYSTIFY_RECORD_AUDIT)
    fs.copyFileSync(cluster.auditLog, process.env.DEMYSTIFY_RECORD_AUDIT);
}, 240_000);
afterAll(async () => cluster?.stop());

describe('the wire view on a real audit log', () => {
  it('names every agent; none is shown raw', () => {
    const namer = new AgentNamer();
    const agents = new Map(events.map((e) => [namer.of(e).name, namer.of(e)]));
    const raw = [...agents.values()].filter((a) => !a.known).map((a) => a.name);
    expect(raw).toEqual([]);
    for (const name of [
      'you (kubectl)',
      'demystify (apply)',
      'demystify (check)',
      'scheduler',
      'deployment controller',
      'replicaset controller',
      'endpointslice controller',
      'controller manager (shared informers)',
      'API server itself',
    ])
      expect([...agents.keys()], name).toContain(name);
  });

  it("shows the scheduler's watch on Pods opening", () => {
    const namer = new AgentNamer();
    const opened = events
      .map((e) => toEntry(e, namer))
      .find(
        (x) => x.what === 'open' && x.agent.name === 'scheduler' && x.event.objectRef?.resource === 'pods',
      );
    expect(opened, 'a ResponseStarted watch of pods by the scheduler').toBeDefined();
  });

  it('explains the Deployment: applied, then the deployment controller, the replicaset controller, the scheduler', () => {
    const res = explainObject(events, 'deployments', 'web', 'default');
    if (!res.ok) throw new Error(res.reason);
    expect(res.explanation.agents.slice(0, 4)).toEqual([
      'demystify (apply)',
      'deployment controller',
      'replicaset controller',
      'scheduler',
    ]);
    expect(res.explanation.agents).toContain('you (kubectl)');
  });

  it('tells the story of the scale, in order', () => {
    // From kubectl's scale request on: a late write of the first rollout (the deployment
    // controller updating the ReplicaSet) may land between the test's clock and that request,
    // and a story lists each object once, at its first write, so such a write would come first
    // (seen once in CI). What follows the answered request is ordered by cause: the
    // ReplicaSet's update, the Pod, its binding.
    const scale = events.find(
      (e) =>
        e.time >= scaledAt &&
        e.userAgent.startsWith('kubectl/') &&
        e.objectRef?.resource === 'deployments' &&
        e.objectRef.name === 'web' &&
        e.objectRef.subresource === 'scale' &&
        e.verb !== 'get',
    );
    expect(scale, 'kubectl scale in the audit log').toBeDefined();
    // The request itself, then what arrived after it was answered (nothing can react to it before).
    const window = events.filter((e) => e === scale || e.received >= scale!.time);
    const lines = storyLines(buildStory(window));
    const at = (re: RegExp): number => lines.findIndex((l) => re.test(l));
    // Status writes of the first rollout may still come in after it: they are part of the window too.
    const scaled = at(/^you \(kubectl\) scaled deployment\/web$/);
    const rs = at(/^ {2}deployment controller updated replicaset\/web-[a-z0-9]+/);
    const pod = at(/^ {4}replicaset controller created pod\/web-[a-z0-9]+-[a-z0-9]{5}$/);
    const bound = at(/^ {4}scheduler bound pod\/web-[a-z0-9]+-[a-z0-9]{5}$/);
    expect(scaled >= 0 && [rs, pod, bound].every((i) => i > scaled), lines.join('\n')).toBe(true);
    expect(rs < pod && pod < bound, lines.join('\n')).toBe(true);
  });

  it('an audit check passes on what happened, and fails on a window before it', async () => {
    const query: AuditQuery = {
      who: 'scheduler',
      verb: 'create',
      resource: 'pods',
      subresource: 'binding',
      namespace: 'default',
      name: 'web-',
      prefix: true,
      node: undefined,
      only: false,
    };
    const look = (since: number, count?: number) =>
      observerFor(
        {
          target: { kind: 'audit', query },
          fields: {},
          count: count === undefined ? undefined : { op: '==', value: count },
          holdMs: undefined,
          waiting: '',
          onFail: undefined,
          component: undefined,
          verifyTls: true,
        },
        {
          kubeconfigPath: '',
          etcd: { endpoint: '', caFile: '', certFile: '', keyFile: '' },
          cwd: cluster.dir,
          env: {},
          auditLogPath: cluster.auditLog,
          chapterStartedAt: since,
        },
      ).observe(AbortSignal.timeout(10_000));
    expect(await look(started, 3)).toMatchObject({ ok: true });
    expect(await look(scaledAt, 1)).toMatchObject({ ok: true });
    const none = await look(Date.now());
    expect(none.ok).toBe(false);
    expect(none.reason).toBe(
      'the audit log shows no scheduler create pods/binding of web-* in default since the chapter started',
    );
  });

  it('demystify wire and explain read the workspace alone; bad input gets a sentence and an exit code', async () => {
    if (!fs.existsSync(cli))
      throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
    const run = (...args: string[]) =>
      execa('node', [cli, '--workspace', cluster.dir, ...args], { reject: false, env: { NO_COLOR: '1' } });
    const wire = await run('wire', '--who', 'scheduler');
    expect(wire.exitCode).toBe(0);
    expect(wire.stdout).toMatch(
      / scheduler +create +pods\/binding +default\/web-[a-z0-9]+-[a-z0-9]{5} +201$/m,
    );
    expect(wire.stdout).toMatch(/ scheduler +watch +pods .* opened$/m);
    expect(wire.stdout).not.toMatch(/ (get|list) /);
    const explain = await run('explain', 'deployment/web');
    expect(explain.exitCode).toBe(0);
    expect(explain.stdout).toMatch(
      /Who acted, in order: demystify \(apply\), deployment controller, replicaset controller, scheduler, you \(kubectl\)/,
    );
    const noKind = await run('explain', 'web');
    expect([noKind.exitCode, noKind.stderr]).toEqual([
      2,
      'demystify: explain wants one object, kind/name (for example deployment/web), not "web"',
    ]);
    const since = await run('wire', '--since', '5x');
    expect([since.exitCode, since.stderr]).toEqual([
      2,
      'demystify: --since wants a duration such as 30s, 5m or 1h30m, not "5x"',
    ]);
    const nothing = await run('explain', 'deployment/nothing');
    expect(nothing.exitCode).toBe(1);
    expect(nothing.stderr).toMatch(/the audit log never mentions deployment\/nothing/);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'wire-empty-'));
    const off = await execa('node', [cli, '--workspace', empty, 'wire'], { reject: false });
    expect(off.exitCode).toBe(1);
    expect(off.stderr).toMatch(
      /there is no audit log at .*: the API server writes one only when started with --audit-policy-file/,
    );
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
