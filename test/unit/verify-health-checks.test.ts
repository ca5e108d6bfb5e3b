import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckSpec, CheckTarget } from '../../src/lesson/check-model.js';
import { apiObserver, judgeHealth } from '../../src/verify/api-check.js';
import { etcdObserver, judgeEtcdHealth } from '../../src/verify/etcd-check.js';
import { connectCluster } from '../../src/verify/kube-client.js';
import { describeConnectionError } from '../../src/verify/net-errors.js';
import { judgeNodes, nodeObserver } from '../../src/verify/node-check.js';
import { observerFor } from '../../src/verify/observers.js';
import { runCheck } from '../../src/verify/run-check.js';
import { FakeCluster } from './verify-fake-cluster.js';

const signal = new AbortController().signal;

describe('API server health', () => {
  it('ok on 200, and names the failing checks otherwise', () => {
    expect(judgeHealth('readyz', { status: 200, body: 'ok' })).toEqual({
      ok: true,
      progress: '/readyz is ok',
    });
    const body =
      '[+]ping ok\n[-]etcd failed: reason withheld\n[-]poststarthook/rbac/bootstrap-roles failed: reason withheld\nreadyz check failed\n';
    expect(judgeHealth('readyz', { status: 500, body }).reason).toBe(
      '/readyz is not ok yet (failing: etcd, poststarthook/rbac/bootstrap-roles): is etcd running, and reachable at --etcd-servers with the --etcd-* certificates?'.replace(
        /^/,
        'the API server answers but ',
      ),
    );
    expect(judgeHealth('livez', { status: 401, body: '' }).reason).toMatch(
      /client certificate \(401\).*--client-ca-file/,
    );
  });

  it('a refused connection is a reason while polling fast, not a back-off', async () => {
    const cluster = new FakeCluster();
    cluster.down = true;
    const observer = apiObserver(cluster, 'readyz');
    expect(observer.pollMs).toBe(100);
    expect(await observer.observe(signal)).toMatchObject({
      ok: false,
      reason: 'nothing is listening on 127.0.0.1:6443: is kube-apiserver running?',
    });
    cluster.down = false;
    expect(await observer.observe(signal)).toMatchObject({ ok: true });
    expect(cluster.calls.raw).toBe(2);
  });
});

describe('etcd health', () => {
  it('healthy only when etcd says {"health":"true"}', () => {
    expect(judgeEtcdHealth(200, '{"health":"true","reason":""}')).toEqual({
      ok: true,
      progress: 'etcd is healthy',
    });
    expect(judgeEtcdHealth(503, '{"health":"false","reason":"RAFT NO LEADER"}').reason).toBe(
      'etcd answers but is not healthy: RAFT NO LEADER',
    );
    expect(judgeEtcdHealth(404, '404 page not found').reason).toBe(
      'etcd answers but is not healthy: 404 page not found',
    );
  });

  it('says which certificate file is missing', async () => {
    const dir = os.tmpdir();
    const o = etcdObserver({
      endpoint: 'https://127.0.0.1:2379',
      caFile: path.join(dir, 'nope-ca.pem'),
      certFile: 'x',
      keyFile: 'y',
    });
    expect((await o.observe(signal)).reason).toBe(
      `the etcd CA certificate ${path.join(dir, 'nope-ca.pem')} does not exist yet: has the certificates step run?`,
    );
  });

  it('a certificate file that is not PEM is one sentence, not a stack', async () => {
    const port = await closedPort();
    const self = new URL(import.meta.url).pathname;
    const o = etcdObserver({
      endpoint: `https://127.0.0.1:${port}`,
      caFile: self,
      certFile: self,
      keyFile: self,
    });
    const r = await o.observe(signal);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/^the etcd certificate files are not a usable PEM certificate and key /);
    expect(r.reason).not.toMatch(/\n\s+at /);
  });
});

describe('connection errors as sentences', () => {
  const at = { address: '127.0.0.1:6443', component: 'kube-apiserver', caSource: 'the kubeconfig' };
  it.each([
    [{ code: 'ECONNREFUSED' }, 'nothing is listening on 127.0.0.1:6443: is kube-apiserver running?'],
    [
      new Error('request to https://127.0.0.1:6443/api failed, reason: connect ECONNREFUSED 127.0.0.1:6443'),
      'nothing is listening on 127.0.0.1:6443: is kube-apiserver running?',
    ],
    [
      { cause: { code: 'ECONNREFUSED' } },
      'nothing is listening on 127.0.0.1:6443: is kube-apiserver running?',
    ],
    [
      { code: 'SELF_SIGNED_CERT_IN_CHAIN' },
      "kube-apiserver's serving certificate is not signed by the CA in the kubeconfig (SELF_SIGNED_CERT_IN_CHAIN): was it issued by the same CA?",
    ],
    [
      { code: 'ERR_TLS_CERT_ALTNAME_INVALID' },
      "kube-apiserver's serving certificate does not name 127.0.0.1: add it to the certificate's subject alternative names",
    ],
    [
      { code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', message: 'alert certificate required' },
      'kube-apiserver at 127.0.0.1:6443 rejected our client certificate: was it signed by the CA kube-apiserver trusts?',
    ],
  ])('%o', (err, sentence) => {
    expect(describeConnectionError(err, at)).toBe(sentence);
  });
  it('leaves other errors alone', () => {
    expect(describeConnectionError(new Error('boom'), at)).toBeUndefined();
  });
});

describe('node Ready', () => {
  const node = (name: string, ready: Record<string, string> | undefined) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    status: { conditions: ready ? [{ type: 'Ready', ...ready }] : [] },
  });

  it('passes when any (or the named) node is Ready, quoting the kubelet otherwise', () => {
    expect(judgeNodes(undefined, [])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^no node has registered yet/),
    });
    expect(judgeNodes('worker-1', [])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^node worker-1 has not registered yet/),
    });
    const notReady = node('worker-1', {
      status: 'False',
      reason: 'KubeletNotReady',
      message:
        'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
    });
    expect(judgeNodes('worker-1', [notReady]).progress).toBe(
      'node worker-1 is not Ready: KubeletNotReady: container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
    );
    expect(judgeNodes(undefined, [notReady, node('worker-2', { status: 'True' })])).toEqual({
      ok: true,
      progress: 'node worker-2 is Ready',
    });
    expect(
      judgeNodes('w', [
        node('w', {
          status: 'Unknown',
          reason: 'NodeStatusUnknown',
          message: 'Kubelet stopped posting node status.',
        }),
      ]).reason,
    ).toBe(
      'node w is not Ready: NodeStatusUnknown: Kubelet stopped posting node status. (is the kubelet still running?)',
    );
  });

  it('is watch-driven through the fake', async () => {
    const cluster = new FakeCluster();
    const result = runCheck(nodeObserver(cluster, 'worker-1', { pollMs: 60_000 }), {
      waiting: 'node',
      timeoutMs: 5000,
    });
    await new Promise((r) => setTimeout(r, 20));
    cluster.put(
      node('worker-1', { status: 'False', reason: 'KubeletNotReady', message: 'PLEG is not healthy' }),
    );
    await new Promise((r) => setTimeout(r, 20));
    cluster.put(node('worker-1', { status: 'True', reason: 'KubeletReady' }));
    expect(await result).toEqual({ kind: 'passed', detail: 'node worker-1 is Ready' });
  });
});

describe('observerFor', () => {
  const spec = (target: CheckTarget, extra: Partial<CheckSpec> = {}): CheckSpec => ({
    target,
    fields: {},
    count: undefined,
    holdMs: undefined,
    verifyTls: true,
    waiting: 'w',
    onFail: undefined,
    component: undefined,
    ...extra,
  });
  const deps = (client?: FakeCluster) => ({
    kubeconfigPath: path.join(os.tmpdir(), 'demystify-no-such-kubeconfig'),
    etcd: {
      endpoint: 'https://127.0.0.1:1',
      caFile: '/nope/ca.pem',
      certFile: '/nope/c.pem',
      keyFile: '/nope/k.pem',
    },
    cwd: os.tmpdir(),
    env: { PATH: process.env.PATH ?? '' },
    ...(client ? { client } : {}),
  });

  it('routes each target to its observer', async () => {
    const cluster = new FakeCluster();
    cluster.put({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'default' },
      data: { k: 'v' },
    });
    const resource = observerFor(
      spec(
        {
          kind: 'resource',
          resource: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            namespace: undefined,
            name: 'c',
            selector: undefined,
          },
        },
        { fields: { 'data.k': 'v' } },
      ),
      deps(cluster),
    );
    expect(await resource.observe(signal)).toEqual({ ok: true, progress: 'ConfigMap c: data.k=v' });
    expect(
      (await observerFor(spec({ kind: 'api', endpoint: 'livez' }), deps(cluster)).observe(signal)).ok,
    ).toBe(true);
    expect(cluster.calls.raw).toBe(1);
    expect(
      (await observerFor(spec({ kind: 'etcd', endpoint: 'health' }), deps()).observe(signal)).reason,
    ).toMatch(/\/nope\/ca.pem does not exist yet/);
    expect(
      await observerFor(spec({ kind: 'command', command: 'exit 3', exitCode: 3 }), deps()).observe(signal),
    ).toEqual({ ok: true });
  });

  it('a kubeconfig that does not exist yet is the reason, and is looked for again', async () => {
    const o = observerFor(spec({ kind: 'api', endpoint: 'readyz' }), deps());
    const r = await o.observe(signal);
    expect(r.reason).toBe(
      `the kubeconfig ${deps().kubeconfigPath} does not exist yet: has the step that writes it run?`,
    );
    expect(() => connectCluster(deps().kubeconfigPath)).toThrow(/does not exist yet/);
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}
