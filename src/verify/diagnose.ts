// Known reasons why an object is not where a check wants it, as sentences a
// learner can act on. In a cluster built by hand the usual cause is a
// component that is not running yet: a Deployment without ReplicaSets means no
// kube-controller-manager, a Pod without a node means no kube-scheduler.
// Best effort: a diagnosis that cannot look something up says nothing.
import type { ClusterClient, KubeObject } from './kube.js';
import { explainNotReady } from './node-check.js';

export interface DiagnoseContext {
  readonly client: ClusterClient;
  readonly signal?: AbortSignal | undefined;
}

export interface Diagnosis {
  /** For tests and logs. */
  readonly id: string;
  readonly kind: string;
  /** A sentence when this explains `obj`, otherwise undefined. */
  explain(obj: KubeObject, ctx: DiagnoseContext): Promise<string | undefined>;
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}
interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: unknown;
  terminated?: { exitCode?: number; reason?: string; message?: string };
}
interface ContainerStatus {
  name?: string;
  ready?: boolean;
  state?: ContainerState;
  lastState?: ContainerState;
}

const at = (o: KubeObject, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (cur, k) => (cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined),
    o,
  );
const conditions = (o: KubeObject): Condition[] =>
  (at(o, 'status', 'conditions') as Condition[] | undefined) ?? [];
const condition = (o: KubeObject, type: string): Condition | undefined =>
  conditions(o).find((c) => c.type === type);
const explainCondition = (c: Condition): string =>
  [c.reason, c.message].filter(Boolean).join(': ') || `${c.type} is ${c.status}`;

async function owned(
  ctx: DiagnoseContext,
  owner: KubeObject,
  apiVersion: string,
  kind: string,
): Promise<KubeObject[]> {
  const { items } = await ctx.client.list(
    { apiVersion, kind, namespace: owner.metadata?.namespace },
    ctx.signal,
  );
  const uid = owner.metadata?.uid;
  return items.filter((o) => o.metadata?.ownerReferences?.some((r) => r.uid === uid));
}

const newestFirst = (a: KubeObject, b: KubeObject): number =>
  String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? ''));

function podIsReady(p: KubeObject): boolean {
  return condition(p, 'Ready')?.status === 'True' || at(p, 'status', 'phase') === 'Succeeded';
}

/** The most recent Warning event about an object, e.g. FailedCreatePodSandBox from the kubelet. */
async function lastWarning(ctx: DiagnoseContext, obj: KubeObject): Promise<string | undefined> {
  const uid = obj.metadata?.uid;
  if (!uid) return undefined;
  const { items } = await ctx.client.list(
    {
      apiVersion: 'v1',
      kind: 'Event',
      namespace: obj.metadata?.namespace,
      fieldSelector: `involvedObject.uid=${uid}`,
    },
    ctx.signal,
  );
  const when = (e: KubeObject): string =>
    String(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '');
  const warning = items.filter((e) => e.type === 'Warning').sort((a, b) => when(b).localeCompare(when(a)))[0];
  return warning ? [warning.reason, warning.message].filter(Boolean).join(': ') : undefined;
}

async function explainContainer(
  c: ContainerStatus,
  pod: KubeObject,
  ctx: DiagnoseContext,
): Promise<string | undefined> {
  const name = `container ${c.name ?? '?'}`;
  const waiting = c.state?.waiting;
  if (waiting?.reason === 'CrashLoopBackOff') {
    const last = c.lastState?.terminated;
    return `${name} keeps crashing (CrashLoopBackOff${last?.exitCode !== undefined ? `, last exit status ${last.exitCode}` : ''}${last?.reason ? `, ${last.reason}` : ''})`;
  }
  if (waiting?.reason === 'ContainerCreating' || waiting?.reason === 'PodInitializing') {
    const warning = await lastWarning(ctx, pod);
    return warning ? `${name} is not created yet: ${warning}` : `${name} is being created`;
  }
  if (waiting) return `${name} is waiting: ${[waiting.reason, waiting.message].filter(Boolean).join(': ')}`;
  const done = c.state?.terminated;
  if (done && done.exitCode !== 0)
    return `${name} exited with status ${done.exitCode ?? '?'}${done.reason ? ` (${done.reason})` : ''}`;
  if (c.state?.running && !c.ready)
    return `${name} is running but not ready yet: has its readiness probe passed?`;
  return undefined;
}

export const DIAGNOSES: readonly Diagnosis[] = [
  {
    id: 'deployment-replicasets',
    kind: 'Deployment',
    async explain(d, ctx) {
      const sets = (await owned(ctx, d, 'apps/v1', 'ReplicaSet')).sort(newestFirst);
      const rs = sets[0];
      if (!rs) return 'the Deployment exists but no ReplicaSet: is kube-controller-manager running?';
      const inner = await diagnose(rs, ctx);
      return inner ? `ReplicaSet ${rs.metadata?.name}: ${inner}` : undefined;
    },
  },
  {
    id: 'replicaset-pods',
    kind: 'ReplicaSet',
    async explain(rs, ctx) {
      const failure = condition(rs, 'ReplicaFailure');
      if (failure?.status === 'True') return `cannot create Pods: ${explainCondition(failure)}`;
      const pods = await owned(ctx, rs, 'v1', 'Pod');
      if (!pods.length) {
        return Number(at(rs, 'spec', 'replicas') ?? 1) > 0
          ? 'the ReplicaSet exists but has no Pods: is kube-controller-manager running?'
          : undefined;
      }
      const stuck = pods.find((p) => !podIsReady(p));
      const inner = stuck && (await diagnose(stuck, ctx));
      return inner ? `Pod ${stuck.metadata?.name}: ${inner}` : undefined;
    },
  },
  {
    id: 'pod-status',
    kind: 'Pod',
    async explain(p, ctx) {
      const phase = at(p, 'status', 'phase');
      if (phase === 'Failed')
        return `the Pod failed: ${[at(p, 'status', 'reason'), at(p, 'status', 'message')].filter(Boolean).join(': ') || 'no reason given'}`;
      const node = at(p, 'spec', 'nodeName') as string | undefined;
      if (!node) {
        const scheduled = condition(p, 'PodScheduled');
        return scheduled?.status === 'False'
          ? `not scheduled: ${explainCondition(scheduled)}`
          : 'not scheduled: is kube-scheduler running?';
      }
      const statuses = [
        ...((at(p, 'status', 'initContainerStatuses') as ContainerStatus[] | undefined) ?? []),
        ...((at(p, 'status', 'containerStatuses') as ContainerStatus[] | undefined) ?? []),
      ];
      if (!statuses.length && conditions(p).every((c) => c.type === 'PodScheduled')) {
        const warning = await lastWarning(ctx, p);
        return (
          warning ??
          `assigned to node ${node}, but its kubelet has not reported on the Pod: is the kubelet on ${node} running?`
        );
      }
      for (const c of statuses) {
        const why = await explainContainer(c, p, ctx);
        if (why) return why;
      }
      return undefined;
    },
  },
  {
    id: 'node-ready',
    kind: 'Node',
    async explain(n) {
      return condition(n, 'Ready')?.status === 'True' ? undefined : explainNotReady(n);
    },
  },
];

/** The first known diagnosis that explains `obj`, if any. Never throws. */
export async function diagnose(
  obj: KubeObject,
  ctx: DiagnoseContext,
  table: readonly Diagnosis[] = DIAGNOSES,
): Promise<string | undefined> {
  for (const d of table) {
    if (d.kind !== obj.kind) continue;
    try {
      const why = await d.explain(obj, ctx);
      if (why) return why;
    } catch {
      // A lookup failed (permissions, server going away): say nothing rather than guess.
    }
  }
  return undefined;
}
