// The node check: a node (or any node) whose Ready condition is True. While
// it is not, progress carries the kubelet's own explanation, e.g.
// "KubeletNotReady: container runtime network not ready: ... cni plugin not
// initialized", which is what the learner needs to fix next.
import type { ClusterClient, KubeObject } from './kube.js';
import type { Observation, Observer } from './types.js';
import { WatchedObjects, watchedObserver, type WatchOptions } from './watched-objects.js';

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

export function nodeObserver(
  client: ClusterClient,
  name: string | undefined,
  opts: WatchOptions & { pollMs?: number } = {},
): Observer {
  const objects = new WatchedObjects(client, { apiVersion: 'v1', kind: 'Node', name }, opts);
  return watchedObserver(objects, async (nodes) => judgeNodes(name, nodes), opts.pollMs ?? 1000);
}

/** The pure part: nodes in, verdict out. */
export function judgeNodes(name: string | undefined, nodes: readonly KubeObject[]): Observation {
  if (!nodes.length) {
    const sentence = name
      ? `node ${name} has not registered yet: is its kubelet running, with a kubeconfig for this API server?`
      : 'no node has registered yet: is the kubelet running, with a kubeconfig for this API server?';
    return { ok: false, progress: sentence, reason: sentence };
  }
  const ready = nodes.find((n) => readyCondition(n)?.status === 'True');
  if (ready) return { ok: true, progress: `node ${ready.metadata?.name} is Ready` };
  const first = nodes[0] as KubeObject;
  const sentence = `node ${first.metadata?.name} is not Ready: ${explainNotReady(first)}`;
  return { ok: false, progress: sentence, reason: sentence };
}

function readyCondition(n: KubeObject): Condition | undefined {
  const conditions = ((n.status as { conditions?: Condition[] } | undefined)?.conditions ??
    []) as Condition[];
  return conditions.find((c) => c.type === 'Ready');
}

export function explainNotReady(n: KubeObject): string {
  const c = readyCondition(n);
  if (!c) return 'its kubelet has not reported a Ready condition yet';
  const why = [c.reason, c.message].filter(Boolean).join(': ') || `Ready is ${c.status}`;
  // Unknown means the kubelet stopped posting status: the node controller says so, not the kubelet.
  return c.status === 'Unknown' ? `${why} (is the kubelet still running?)` : why;
}
