import { describe, expect, it } from 'vitest';
import { diagnose, DIAGNOSES } from '../../src/verify/diagnose.js';
import type { KubeObject } from '../../src/verify/kube.js';
import { deployment, FakeCluster, pod } from './verify-fake-cluster.js';

const owner = (o: KubeObject) => ({
  ownerReferences: [{ kind: o.kind, name: o.metadata?.name, uid: o.metadata?.uid }],
});
const replicaSet = (name: string, of: KubeObject, status: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name,
    namespace: 'default',
    uid: `uid-${name}`,
    creationTimestamp: '2026-01-01T00:00:00Z',
    ...owner(of),
  },
  spec: { replicas: 2 },
  status,
});

async function explain(obj: KubeObject, cluster = new FakeCluster()): Promise<string | undefined> {
  return diagnose(obj, { client: cluster });
}

describe('known diagnoses', () => {
  it('has one entry per kind it knows, each with an id', () => {
    expect(DIAGNOSES.map((d) => `${d.kind}:${d.id}`)).toEqual([
      'Deployment:deployment-replicasets',
      'ReplicaSet:replicaset-pods',
      'Pod:pod-status',
      'Node:node-ready',
    ]);
  });

  it('a Deployment without a ReplicaSet points at kube-controller-manager', async () => {
    expect(await explain(deployment('web'))).toBe(
      'the Deployment exists but no ReplicaSet: is kube-controller-manager running?',
    );
  });

  it('a ReplicaSet that cannot create Pods says why', async () => {
    const c = new FakeCluster();
    const d = c.put(deployment('web'));
    c.put(
      replicaSet('web-abc', d, {
        conditions: [
          {
            type: 'ReplicaFailure',
            status: 'True',
            reason: 'FailedCreate',
            message: 'pods "web-abc-" is forbidden: error looking up service account default/default',
          },
        ],
      }),
    );
    expect(await explain(d, c)).toBe(
      'ReplicaSet web-abc: cannot create Pods: FailedCreate: pods "web-abc-" is forbidden: error looking up service account default/default',
    );
  });

  it('follows Deployment -> ReplicaSet -> Pod down to the unscheduled Pod', async () => {
    const c = new FakeCluster();
    const d = c.put(deployment('web'));
    const rs = c.put(replicaSet('web-abc', d));
    c.put(pod('web-abc-1', { phase: 'Pending' }, { metadata: owner(rs) }));
    expect(await explain(d, c)).toBe(
      'ReplicaSet web-abc: Pod web-abc-1: not scheduled: is kube-scheduler running?',
    );
  });

  it('a ReplicaSet with no Pods points at kube-controller-manager', async () => {
    const c = new FakeCluster();
    const rs = c.put(replicaSet('web-abc', deployment('web')));
    expect(await explain(rs, c)).toBe(
      'the ReplicaSet exists but has no Pods: is kube-controller-manager running?',
    );
  });

  it('an unschedulable Pod quotes the scheduler', async () => {
    const p = pod('web-1', {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: 'no nodes available to schedule pods',
        },
      ],
    });
    expect(await explain(p)).toBe('not scheduled: Unschedulable: no nodes available to schedule pods');
  });

  it('a Pod bound to a node the kubelet ignores names the node', async () => {
    const p = pod(
      'web-1',
      { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] },
      { spec: { nodeName: 'worker-1' } },
    );
    expect(await explain(p)).toBe(
      'assigned to node worker-1, but its kubelet has not reported on the Pod: is the kubelet on worker-1 running?',
    );
  });

  it('a Pod stuck creating its container quotes the latest warning event', async () => {
    const c = new FakeCluster();
    const p = pod(
      'web-1',
      {
        phase: 'Pending',
        conditions: [
          { type: 'PodScheduled', status: 'True' },
          { type: 'Initialized', status: 'True' },
        ],
        containerStatuses: [
          { name: 'app', ready: false, state: { waiting: { reason: 'ContainerCreating' } } },
        ],
      },
      { spec: { nodeName: 'worker-1' } },
    );
    const event = (name: string, when: string, reason: string, message: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web-1', uid: 'uid-web-1' },
      type: 'Warning',
      reason,
      message,
      lastTimestamp: when,
    });
    c.put(event('e1', '2026-01-01T00:00:01Z', 'FailedMount', 'old news'));
    c.put(
      event(
        'e2',
        '2026-01-01T00:00:05Z',
        'FailedCreatePodSandBox',
        'plugin type="bridge" failed: cni plugin not initialized',
      ),
    );
    expect(await explain(p, c)).toBe(
      'container app is not created yet: FailedCreatePodSandBox: plugin type="bridge" failed: cni plugin not initialized',
    );
  });

  it('a crashing container gives its last exit status', async () => {
    const p = pod(
      'web-1',
      {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } },
            lastState: { terminated: { exitCode: 127, reason: 'Error' } },
          },
        ],
      },
      { spec: { nodeName: 'worker-1' } },
    );
    expect(await explain(p)).toBe(
      'container app keeps crashing (CrashLoopBackOff, last exit status 127, Error)',
    );
  });

  it('an image that cannot be pulled quotes the kubelet', async () => {
    const p = pod(
      'web-1',
      {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'True' }],
        containerStatuses: [
          {
            name: 'app',
            state: { waiting: { reason: 'ErrImagePull', message: 'failed to resolve reference "nginx"' } },
          },
        ],
      },
      { spec: { nodeName: 'worker-1' } },
    );
    expect(await explain(p)).toBe(
      'container app is waiting: ErrImagePull: failed to resolve reference "nginx"',
    );
  });

  it('a node that is not Ready quotes its Ready condition', async () => {
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'worker-1' },
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'KubeletNotReady',
            message:
              'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
          },
        ],
      },
    };
    expect(await explain(node)).toMatch(
      /^KubeletNotReady: container runtime network not ready: .*cni plugin not initialized$/,
    );
  });

  it('says nothing when it knows nothing, or when a lookup fails', async () => {
    expect(await explain({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })).toBeUndefined();
    const down = new FakeCluster();
    down.down = true;
    expect(await explain(deployment('web'), down)).toBeUndefined();
    const runningPod = pod(
      'web-1',
      {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }],
      },
      { spec: { nodeName: 'n' } },
    );
    expect(await explain(runningPod)).toBeUndefined();
  });
});
