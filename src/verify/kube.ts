// The cluster boundary the checks talk to: four verbs over plain JSON objects.
// Small on purpose (like k9s's internal/client/types.go) so unit tests use an
// in-memory fake and only kube-client.ts knows about @kubernetes/client-node.

/** An object as the API server sends it: plain JSON, no client-side typing. */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly resourceVersion?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly ownerReferences?: ReadonlyArray<{
      readonly kind?: string;
      readonly name?: string;
      readonly uid?: string;
    }>;
    readonly creationTimestamp?: string;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** Which objects: one by name, or a list by namespace and selectors. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  /** Ignored for cluster-scoped kinds. */
  readonly namespace?: string | undefined;
  readonly name?: string | undefined;
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
}

export interface ObjectList {
  readonly items: readonly KubeObject[];
  /** Where a watch continues from so that nothing between list and watch is missed. */
  readonly resourceVersion: string;
}

export type WatchEvent =
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED'; readonly object: KubeObject }
  | { readonly type: 'BOOKMARK'; readonly resourceVersion: string }
  /** The server ended the watch with a Status (410 Gone: list again). */
  | { readonly type: 'ERROR'; readonly code: number | undefined; readonly message: string };

export interface RawResponse {
  readonly status: number;
  readonly body: string;
}

export interface ClusterClient {
  /** The API server, e.g. "127.0.0.1:6443", for sentences like "nothing is listening on ...". */
  readonly server: string;
  /** One object by name; `undefined` when it does not exist. */
  get(ref: ObjectRef & { readonly name: string }, signal?: AbortSignal): Promise<KubeObject | undefined>;
  list(ref: ObjectRef, signal?: AbortSignal): Promise<ObjectList>;
  /**
   * Streams changes after `resourceVersion` until the server closes the watch
   * (resolves), it fails (rejects with a sentence), or `signal` aborts
   * (resolves; the request is destroyed, nothing stays open).
   */
  watch(
    ref: ObjectRef,
    resourceVersion: string,
    onEvent: (e: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<void>;
  /** A GET on a non-resource path such as /readyz?verbose. Any HTTP status resolves. */
  raw(path: string, signal?: AbortSignal): Promise<RawResponse>;
}

/** A failure worth showing as-is: the message is a sentence a learner can act on. */
export class ClusterError extends Error {
  override name = 'ClusterError';
  constructor(
    message: string,
    /** HTTP status when the server answered, undefined when it could not be reached. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** "Deployment web", "Deployment web in namespace demo": how sentences name an object. */
export function describeObject(
  kind: string,
  name: string | undefined,
  namespace: string | undefined,
): string {
  const ns = namespace && namespace !== 'default' ? ` in namespace ${namespace}` : '';
  return `${kind}${name ? ` ${name}` : ''}${ns}`;
}

export function objectKey(o: KubeObject): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

/** English plural of a kind for progress lines: Pods, Ingresses, NetworkPolicies. */
export function pluralKind(kind: string, n = 2): string {
  if (n === 1 || kind.endsWith('Endpoints')) return kind;
  if (/(s|x|ch|sh)$/.test(kind)) return `${kind}es`;
  if (/[^aeiou]y$/.test(kind)) return `${kind.slice(0, -1)}ies`;
  return `${kind}s`;
}

/**
 * A client made on first use, and made again until that works: a check may
 * start before the lesson has written the kubeconfig, and must then keep
 * saying why (through the factory's ClusterError) instead of failing once.
 */
export function lazyClient(
  make: () => ClusterClient | Promise<ClusterClient>,
  server: string,
): ClusterClient {
  let client: ClusterClient | undefined;
  let making: Promise<ClusterClient> | undefined;
  const c = async (): Promise<ClusterClient> => {
    if (client) return client;
    // A failed attempt (no kubeconfig yet) is tried again at the next call.
    making ??= Promise.resolve()
      .then(make)
      .finally(() => (making = undefined));
    return (client = await making);
  };
  return {
    get server() {
      return client?.server ?? server;
    },
    get: async (ref, signal) => (await c()).get(ref, signal),
    list: async (ref, signal) => (await c()).list(ref, signal),
    watch: async (ref, rv, onEvent, signal) => (await c()).watch(ref, rv, onEvent, signal),
    raw: async (path, signal) => (await c()).raw(path, signal),
  };
}
