import { describe, expect, it } from 'vitest';
import type { CountSpec, ResourceRef } from '../../src/lesson/check-model.js';
import type { ObjectRef } from '../../src/verify/kube.js';
import { compileFields } from '../../src/verify/object-fields.js';
import { judge, resourceObserver } from '../../src/verify/resource-check.js';
import { runCheck } from '../../src/verify/run-check.js';
import type { CheckStatus } from '../../src/verify/types.js';
import { deployment, FakeCluster, pod } from './verify-fake-cluster.js';

const pods: ObjectRef = { apiVersion: 'v1', kind: 'Pod', namespace: 'default', labelSelector: 'app=web' };
const web: ObjectRef = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' };
const running = compileFields({ 'status.phase': 'Running' });
const none = compileFields({});
const count = (op: CountSpec['op'], value: number): CountSpec => ({ op, value });

describe('judge: objects in, verdict and progress out', () => {
  it('a get of a missing object says it does not exist yet', () => {
    expect(judge(web, [], none, undefined)).toMatchObject({
      ok: false,
      reason: 'Deployment web does not exist yet',
    });
    expect(judge({ ...web, namespace: 'demo' }, [], none, undefined).reason).toBe(
      'Deployment web in namespace demo does not exist yet',
    );
  });

  it('a get compares fields and lists every mismatch', () => {
    const fields = compileFields({ 'status.readyReplicas': 2, 'spec.replicas': 2 });
    const v = judge(web, [deployment('web')], fields, undefined);
    expect(v).toMatchObject({
      ok: false,
      reason: 'Deployment web: status.readyReplicas is not set, expected 2',
    });
    expect(v.suspect?.metadata?.name).toBe('web');
    expect(
      judge(web, [deployment('web', { status: { readyReplicas: 2 } })], fields, undefined),
    ).toMatchObject({ ok: true });
    expect(judge(web, [deployment('web')], none, undefined)).toEqual({
      ok: true,
      progress: 'Deployment web exists',
    });
  });

  it('a list counts how many match', () => {
    const items = [pod('a', { phase: 'Running' }), pod('b', { phase: 'Pending' })];
    expect(judge(pods, items, running, undefined)).toMatchObject({
      ok: false,
      progress: '1 of 2 Pods with app=web match status.phase=Running',
    });
    expect(judge(pods, [items[0]!], running, undefined)).toMatchObject({
      ok: true,
      progress: '1 of 1 Pod with app=web match status.phase=Running',
    });
    expect(judge(pods, [], running, undefined)).toMatchObject({
      ok: false,
      reason: 'no Pods with app=web yet',
    });
  });

  it('count compares with ==, >= and <=', () => {
    const items = [
      pod('a', { phase: 'Running' }),
      pod('b', { phase: 'Running' }),
      pod('c', { phase: 'Pending' }),
    ];
    expect(judge(pods, items, running, count('==', 2)).ok).toBe(true);
    expect(judge(pods, items, running, count('>=', 3))).toMatchObject({
      ok: false,
      reason: '2 of 3 Pods with app=web match status.phase=Running, expected at least 3',
    });
    expect(judge(pods, items, none, count('<=', 2))).toMatchObject({
      ok: false,
      reason: '3 Pods with app=web, expected at most 2',
    });
    const rs: ObjectRef = { apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: 'default' };
    expect(judge(rs, [], none, count('==', 0))).toEqual({ ok: true, progress: '0 ReplicaSets' });
  });

  it('suspects an object only when more are needed', () => {
    const items = [pod('a', { phase: 'Pending' })];
    expect(judge(pods, items, running, count('>=', 1)).suspect?.metadata?.name).toBe('a');
    expect(judge(pods, items, none, count('==', 0)).suspect).toBeUndefined();
  });
});

const resource = (r: Partial<ResourceRef>): ResourceRef => ({
  apiVersion: 'v1',
  kind: 'Pod',
  namespace: undefined,
  name: undefined,
  selector: undefined,
  ...r,
});

describe('resourceObserver driven by runCheck', () => {
  it('notices a change through the watch, long before the next poll', async () => {
    const cluster = new FakeCluster();
    const observer = resourceObserver(
      cluster,
      resource({ kind: 'ConfigMap', name: 'settings' }),
      {},
      undefined,
      { pollMs: 60_000 },
    );
    const updates: CheckStatus[] = [];
    const result = runCheck(observer, {
      waiting: 'waiting for settings',
      timeoutMs: 10_000,
      onUpdate: (s) => updates.push(s),
    });
    await until(() => cluster.openWatches === 1);
    const created = Date.now();
    cluster.put({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'default' },
    });
    expect(await result).toEqual({ kind: 'passed', detail: 'ConfigMap settings exists' });
    // Through the watch: the next poll is a minute away (the speed itself is bench/'s to measure).
    expect(Date.now() - created).toBeLessThan(10_000);
    expect(
      updates.some((u) => u.kind === 'pending' && u.progress === 'ConfigMap settings does not exist yet'),
    ).toBe(true);
    await until(() => cluster.openWatches === 0);
  });

  it('falls back to polling while watches fail, and still passes', async () => {
    const cluster = new FakeCluster();
    cluster.refuseWatches = true;
    const observer = resourceObserver(
      cluster,
      resource({ selector: 'app=web' }),
      { 'status.phase': 'Running' },
      undefined,
      { pollMs: 20 },
    );
    const result = runCheck(observer, { waiting: 'pods', timeoutMs: 5000 });
    await new Promise((r) => setTimeout(r, 60));
    cluster.put(pod('web-1', { phase: 'Running' }));
    expect(await result).toMatchObject({ kind: 'passed' });
    expect(cluster.calls.list).toBeGreaterThan(2);
  });

  it('re-lists after the watch breaks or the server says 410 Gone', async () => {
    const cluster = new FakeCluster();
    const observer = resourceObserver(
      cluster,
      resource({ selector: 'app=web' }),
      {},
      { op: '>=', value: 2 },
      { pollMs: 60_000, retryMs: 5 },
    );
    const result = runCheck(observer, { waiting: 'pods', timeoutMs: 5000 });
    await until(() => cluster.openWatches === 1);
    cluster.sendWatchError(410, 'too old resource version');
    await until(() => cluster.calls.watch === 2 && cluster.openWatches === 1);
    cluster.put(pod('web-1', { phase: 'Running' }));
    cluster.breakWatches();
    await until(() => cluster.calls.watch === 3 && cluster.openWatches === 1);
    cluster.put(pod('web-2', { phase: 'Running' }));
    expect(await result).toMatchObject({ kind: 'passed', detail: '2 Pods with app=web' });
  });

  it('a stays-true check fails as soon as an object appears during the hold', async () => {
    const cluster = new FakeCluster();
    const observer = resourceObserver(
      cluster,
      resource({ apiVersion: 'apps/v1', kind: 'ReplicaSet' }),
      {},
      { op: '==', value: 0 },
      { pollMs: 60_000 },
    );
    const result = runCheck(observer, { waiting: 'no ReplicaSets', timeoutMs: 10_000, holdMs: 3000 });
    await until(() => cluster.openWatches === 1);
    const t = Date.now();
    cluster.put({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-1', namespace: 'default' },
    });
    const r = await result;
    expect(r.kind).toBe('failed');
    expect(r.kind === 'failed' && r.reason).toMatch(
      /^it held for .*, then stopped: 1 ReplicaSet, expected 0$/,
    );
    // At once, not at the end of the 3 s hold (nor at the poll, a minute away).
    expect(Date.now() - t).toBeLessThan(1_500);
  });

  it('explains a stuck object with a known diagnosis, in progress and in the failure', async () => {
    const cluster = new FakeCluster();
    cluster.put(deployment('web'));
    const observer = resourceObserver(
      cluster,
      resource({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }),
      { 'status.readyReplicas': 2 },
      undefined,
    );
    const updates: CheckStatus[] = [];
    const r = await runCheck(observer, { waiting: 'web', timeoutMs: 300, onUpdate: (s) => updates.push(s) });
    const sentence =
      'Deployment web: status.readyReplicas is not set, expected 2 — the Deployment exists but no ReplicaSet: is kube-controller-manager running?';
    expect(updates).toContainEqual({ kind: 'pending', waiting: 'web', progress: sentence });
    expect(r).toEqual({ kind: 'failed', reason: `not true after 300 ms: ${sentence}` });
  });

  it('reports a server that is down in one sentence, and aborting leaves no watch open', async () => {
    const cluster = new FakeCluster();
    cluster.down = true;
    const observer = resourceObserver(cluster, resource({ kind: 'ConfigMap', name: 'x' }), {}, undefined, {
      pollMs: 10,
    });
    const r1 = await runCheck(observer, { waiting: 'x', timeoutMs: 100 });
    expect(r1).toEqual({
      kind: 'failed',
      reason: 'not true after 100 ms: nothing is listening on 127.0.0.1:6443: is kube-apiserver running?',
    });

    cluster.down = false;
    const stop = new AbortController();
    const pending = runCheck(
      resourceObserver(cluster, resource({ kind: 'ConfigMap', name: 'x' }), {}, undefined),
      { waiting: 'x', timeoutMs: 10_000, signal: stop.signal },
    );
    await until(() => cluster.openWatches === 1);
    stop.abort();
    expect(await pending).toEqual({ kind: 'failed', reason: 'the check was stopped before it finished' });
    await until(() => cluster.openWatches === 0);
  });

  it('a malformed field path is a reason, not an exception', async () => {
    const observer = resourceObserver(
      new FakeCluster(),
      resource({ name: 'x' }),
      { 'status..phase': 'Running' },
      undefined,
    );
    expect(await observer.observe(new AbortController().signal)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/field path "status..phase" is not valid/),
    });
  });
});

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}
