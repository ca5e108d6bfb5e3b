// An in-memory ClusterClient for unit tests: objects, resourceVersions,
// watches that see every change, and switches for the failures checks must
// survive (server down, watches refused or broken).
import {
  ClusterError,
  objectKey,
  type ClusterClient,
  type KubeObject,
  type ObjectList,
  type ObjectRef,
  type RawResponse,
  type WatchEvent,
} from '../../src/verify/kube.js';

interface Watcher {
  ref: ObjectRef;
  onEvent: (e: WatchEvent) => void;
  end: (err?: Error) => void;
}

export class FakeCluster implements ClusterClient {
  readonly server = '127.0.0.1:6443';
  private readonly objects = new Map<string, KubeObject>();
  private readonly watchers = new Set<Watcher>();
  private rv = 100;
  /** Every call fails as if nothing listened on the port. */
  down = false;
  /** New watches fail at once (the client must fall back to polling). */
  refuseWatches = false;
  calls = { get: 0, list: 0, watch: 0, raw: 0 };
  rawAnswer: (path: string) => RawResponse = () => ({ status: 200, body: 'ok' });

  get openWatches(): number {
    return this.watchers.size;
  }

  put(obj: KubeObject): KubeObject {
    const key = storeKey(obj);
    const existed = this.objects.has(key);
    const stored: KubeObject = {
      ...obj,
      metadata: { uid: `uid-${obj.metadata?.name}`, ...obj.metadata, resourceVersion: String(++this.rv) },
    };
    this.objects.set(key, stored);
    this.emit({ type: existed ? 'MODIFIED' : 'ADDED', object: stored });
    return stored;
  }

  remove(obj: KubeObject): void {
    const key = storeKey(obj);
    const stored = this.objects.get(key);
    if (!stored) return;
    this.objects.delete(key);
    this.emit({ type: 'DELETED', object: stored });
  }

  /** Ends every open watch with an error, as a dropped connection would. */
  breakWatches(message = 'connection reset'): void {
    for (const w of [...this.watchers]) w.end(new ClusterError(message));
  }

  /** Sends a watch ERROR event (e.g. 410 Gone) to every open watch. */
  sendWatchError(code: number, message: string): void {
    for (const w of [...this.watchers]) w.onEvent({ type: 'ERROR', code, message });
  }

  async get(ref: ObjectRef & { name: string }): Promise<KubeObject | undefined> {
    this.calls.get++;
    this.check();
    return this.matching(ref)[0];
  }

  async list(ref: ObjectRef): Promise<ObjectList> {
    this.calls.list++;
    this.check();
    return { items: this.matching(ref), resourceVersion: String(this.rv) };
  }

  watch(ref: ObjectRef, _rv: string, onEvent: (e: WatchEvent) => void, signal: AbortSignal): Promise<void> {
    this.calls.watch++;
    this.check();
    if (this.refuseWatches) return Promise.reject(new ClusterError('watch refused'));
    return new Promise<void>((resolve, reject) => {
      const w: Watcher = {
        ref,
        onEvent,
        end: (err) => {
          this.watchers.delete(w);
          signal.removeEventListener('abort', onAbort);
          if (err) reject(err);
          else resolve();
        },
      };
      const onAbort = (): void => w.end();
      this.watchers.add(w);
      if (signal.aborted) w.end();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  async raw(path: string): Promise<RawResponse> {
    this.calls.raw++;
    this.check();
    return this.rawAnswer(path);
  }

  private check(): void {
    if (this.down)
      throw new ClusterError('nothing is listening on 127.0.0.1:6443: is kube-apiserver running?');
  }

  private emit(e: WatchEvent & { object: KubeObject }): void {
    // Watch callbacks arrive asynchronously in the real client too.
    for (const w of this.watchers) if (matches(w.ref, e.object)) queueMicrotask(() => w.onEvent(e));
  }

  private matching(ref: ObjectRef): KubeObject[] {
    return [...this.objects.values()]
      .filter((o) => matches(ref, o))
      .sort((a, b) => objectKey(a).localeCompare(objectKey(b)));
  }
}

const CLUSTER_SCOPED = new Set(['Node', 'Namespace', 'ClusterRole', 'ClusterRoleBinding']);

function storeKey(o: KubeObject): string {
  return `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
}

function matches(ref: ObjectRef, o: KubeObject): boolean {
  if (o.apiVersion !== ref.apiVersion || o.kind !== ref.kind) return false;
  if (
    !CLUSTER_SCOPED.has(ref.kind) &&
    ref.namespace &&
    (o.metadata?.namespace ?? 'default') !== ref.namespace
  )
    return false;
  if (ref.name && o.metadata?.name !== ref.name) return false;
  for (const term of (ref.labelSelector ?? '').split(',').filter(Boolean)) {
    const [k, v] = term.split('=');
    if (o.metadata?.labels?.[k ?? ''] !== v) return false;
  }
  for (const term of (ref.fieldSelector ?? '').split(',').filter(Boolean)) {
    const [path, v] = term.split('=');
    const actual = (path ?? '')
      .split('.')
      .reduce<unknown>(
        (cur, k) => (cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined),
        o,
      );
    if (String(actual) !== v) return false;
  }
  return true;
}

export const deployment = (name: string, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { replicas: 2 },
  ...extra,
});

export const pod = (
  name: string,
  status: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'default',
    uid: `uid-${name}`,
    labels: { app: 'web' },
    ...(extra.metadata as object),
  },
  spec: { containers: [{ name: 'app', image: 'busybox' }], ...(extra.spec as object) },
  status,
});
