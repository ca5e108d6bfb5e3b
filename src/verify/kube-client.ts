// The real ClusterClient: a kubeconfig file, @kubernetes/client-node for
// discovery, reads and watches, node:https for non-resource paths (/readyz
// answers text, not JSON). Every failure becomes a ClusterError sentence.
import fs from 'node:fs';
import https from 'node:https';
import {
  KubeConfig,
  setHeaderMiddleware,
  Watch,
  type ApiConstructor,
  type ApiType,
  type RequestContext,
} from '@kubernetes/client-node';
import { demystifyUserAgent } from '../wire/user-agent.js';
import {
  ClusterError,
  type ClusterClient,
  type KubeObject,
  type ObjectList,
  type ObjectRef,
  type RawResponse,
  type WatchEvent,
} from './kube.js';
import { KubeRest } from './kube-rest.js';

/**
 * A client for the cluster a kubeconfig file points at. The file is read now;
 * a missing or broken file is a ClusterError (the lesson may not have made it yet).
 */
export function connectCluster(kubeconfigPath: string, opts: TlsChoice = {}): ClusterClient {
  const kc = loadKubeConfig(kubeconfigPath, opts);
  return new KubeConfigClient(kc, kc.getCurrentCluster()?.server ?? '');
}

export interface TlsChoice {
  /**
   * Default true: the server's certificate is verified even when the file
   * says `insecure-skip-tls-verify` (a check skips it only when the lesson
   * says so itself). False skips verification.
   */
  readonly verifyTls?: boolean;
  /** How our requests introduce themselves (the wire view names them by it); default: a check's. */
  readonly userAgent?: string;
}

/**
 * A KubeConfig whose every request carries our user agent: API clients get
 * it through a middleware placed after the library's own, watches (which
 * apply only the authentication step) through that step.
 */
class AgentKubeConfig extends KubeConfig {
  constructor(readonly userAgent: string) {
    super();
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    context.setHeaderParam('User-Agent', this.userAgent);
  }

  override makeApiClient<T extends ApiType>(apiClientType: ApiConstructor<T>): T {
    const api = super.makeApiClient(apiClientType);
    // Every generated client and KubernetesObjectApi keep their Configuration here.
    const config = (api as { configuration?: { middleware?: unknown[] } }).configuration;
    config?.middleware?.push(setHeaderMiddleware('User-Agent', this.userAgent));
    return api;
  }
}

/** A kubeconfig with a current cluster, or a ClusterError saying what is wrong with the file. */
export function loadKubeConfig(kubeconfigPath: string, opts: TlsChoice = {}): KubeConfig {
  if (!fs.existsSync(kubeconfigPath)) {
    throw new ClusterError(
      `the kubeconfig ${kubeconfigPath} does not exist yet: has the step that writes it run?`,
    );
  }
  const userAgent = opts.userAgent ?? demystifyUserAgent('check');
  const kc = new AgentKubeConfig(userAgent);
  try {
    kc.loadFromFile(kubeconfigPath);
  } catch (err) {
    throw new ClusterError(`the kubeconfig ${kubeconfigPath} cannot be read: ${(err as Error).message}`);
  }
  const current = kc.getCurrentCluster();
  if (!current)
    throw new ClusterError(`the kubeconfig ${kubeconfigPath} has no current context with a cluster`);
  const skip = opts.verifyTls === false;
  if (current.skipTLSVerify === skip) return kc;
  const chosen = new AgentKubeConfig(userAgent);
  chosen.loadFromOptions({
    clusters: kc.clusters.map((c) => (c.name === current.name ? { ...c, skipTLSVerify: skip } : c)),
    users: kc.users,
    contexts: kc.contexts,
    currentContext: kc.currentContext,
  });
  return chosen;
}

class KubeConfigClient implements ClusterClient {
  readonly server: string;
  private readonly rest: KubeRest;
  private readonly watcher: Watch;
  private tlsOptions: Promise<https.RequestOptions> | undefined;

  constructor(
    private readonly kc: KubeConfig,
    private readonly serverUrl: string,
  ) {
    this.rest = KubeRest.forConfig(kc);
    this.server = this.rest.server;
    this.watcher = new Watch(kc);
  }

  async get(
    ref: ObjectRef & { readonly name: string },
    signal?: AbortSignal,
  ): Promise<KubeObject | undefined> {
    // Resolve the path first: an unknown kind must not read as "does not exist".
    const path = await this.rest.pathFor({ ...ref, namespace: ref.namespace ?? 'default' });
    try {
      return (await this.rest.getJson(path, undefined, signal)) as KubeObject;
    } catch (err) {
      if (err instanceof ClusterError && err.status === 404) return undefined;
      throw err;
    }
  }

  async list(ref: ObjectRef, signal?: AbortSignal): Promise<ObjectList> {
    const path = await this.rest.pathFor({ ...ref, name: undefined });
    const body = (await this.rest.getJson(path, selectors(ref), signal)) as {
      items?: KubeObject[];
      metadata?: { resourceVersion?: string };
    };
    // List items come without apiVersion/kind; diagnoses and messages want them.
    const items = (body.items ?? []).map((o) => ({ apiVersion: ref.apiVersion, kind: ref.kind, ...o }));
    return { items, resourceVersion: body.metadata?.resourceVersion ?? '' };
  }

  async watch(
    ref: ObjectRef,
    resourceVersion: string,
    onEvent: (e: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const path = await this.rest.pathFor({ ...ref, name: undefined });
    if (signal.aborted) return;
    const query = { ...selectors(ref), resourceVersion, allowWatchBookmarks: true };
    return new Promise<void>((resolve, reject) => {
      let controller: AbortController | undefined;
      let opened = false;
      let finished = false;
      let pendingSettle: (() => void) | undefined;
      const finish = (err?: unknown): void => {
        if (finished) return;
        finished = true;
        signal.removeEventListener('abort', onAbort);
        controller?.abort();
        const settle = (): void => (err && !signal.aborted ? reject(this.rest.explain(err)) : resolve());
        // Until the library hands us its controller the request cannot be
        // destroyed: settle only once it has been, so nothing stays open.
        if (opened) settle();
        else pendingSettle = settle;
      };
      const onAbort = (): void => finish();
      signal.addEventListener('abort', onAbort, { once: true });
      this.watcher
        .watch(
          path,
          query,
          (type: string, obj: unknown) => onEvent(toEvent(type, obj, ref)),
          (err: unknown) => finish(err ?? undefined),
        )
        .then(
          (c) => {
            controller = c;
            opened = true;
            if (finished) {
              c.abort();
              pendingSettle?.();
            }
          },
          (err: unknown) => {
            opened = true;
            finish(err);
            pendingSettle?.();
          },
        );
    });
  }

  async raw(path: string, signal?: AbortSignal): Promise<RawResponse> {
    this.tlsOptions ??= (async () => {
      const opts: https.RequestOptions = {};
      await this.kc.applyToHTTPSOptions(opts);
      // A fresh connection per look: after an API server restart a pooled
      // socket would fail with a reset instead of the server's real answer.
      return {
        ca: opts.ca,
        cert: opts.cert,
        key: opts.key,
        rejectUnauthorized: opts.rejectUnauthorized,
        agent: false,
        headers: {
          'User-Agent': (this.kc as Partial<AgentKubeConfig>).userAgent ?? demystifyUserAgent('check'),
        },
      };
    })();
    const tls = await this.tlsOptions;
    const url = new URL(path, this.serverUrl);
    return new Promise<RawResponse>((resolve, reject) => {
      const req = https.request(url, { ...tls, method: 'GET', signal, timeout: 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (err) => reject(this.rest.explain(err)));
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', (err) => reject(this.rest.explain(err)));
      req.end();
    });
  }
}

function selectors(ref: ObjectRef): Record<string, string | undefined> {
  const fields = [ref.fieldSelector, ref.name ? `metadata.name=${ref.name}` : undefined]
    .filter(Boolean)
    .join(',');
  return { labelSelector: ref.labelSelector || undefined, fieldSelector: fields || undefined };
}

function toEvent(type: string, obj: unknown, ref: ObjectRef): WatchEvent {
  const o = (obj ?? {}) as KubeObject & { code?: number; message?: string };
  switch (type) {
    case 'ADDED':
    case 'MODIFIED':
    case 'DELETED':
      return { type, object: { apiVersion: ref.apiVersion, kind: ref.kind, ...o } };
    case 'BOOKMARK':
      return { type, resourceVersion: o.metadata?.resourceVersion ?? '' };
    default:
      return {
        type: 'ERROR',
        code: typeof o.code === 'number' ? o.code : undefined,
        message: o.message ?? `unexpected watch event ${type}`,
      };
  }
}
