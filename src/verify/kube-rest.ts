// REST calls for any apiVersion/kind through @kubernetes/client-node 2.x:
// KubernetesObjectApi resolves a kind to its plural resource by discovery
// (cached per apiVersion); we add the URL building and raw JSON requests it
// keeps protected. Raw JSON rather than the library's typed models because
// typed models drop fields they do not know (a newer server's status fields)
// and turn timestamps into Dates, while watch events arrive as plain JSON.
import {
  ApiException,
  HttpMethod,
  KubernetesObjectApi,
  type KubeConfig,
  type KubernetesObject,
  type ResponseContext,
} from '@kubernetes/client-node';
import { ClusterError } from './kube.js';
import { addressOf, describeConnectionError } from './net-errors.js';

/** Marks our own requests, whose answers stay plain JSON. */
const RAW_JSON = 'demystify/raw-json';

export interface ResourcePathRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string | undefined;
  readonly name?: string | undefined;
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly contentType?: string;
  readonly signal?: AbortSignal | undefined;
}

export class KubeRest extends KubernetesObjectApi {
  /** Where the API server is, for sentences; set by `forConfig`. */
  server = '';

  static forConfig(kc: KubeConfig): KubeRest {
    const api = kc.makeApiClient(KubeRest);
    api.setDefaultNamespace(kc);
    api.server = addressOf(kc.getCurrentCluster()?.server ?? '');
    return api;
  }

  /** Whether objects of this kind live in a namespace (discovery, cached). */
  async isNamespaced(apiVersion: string, kind: string): Promise<boolean> {
    return (await this.discover(apiVersion, kind)).namespaced;
  }

  /**
   * The collection path (no name) or object path. Built here rather than with
   * the library's specUriPath, which lower-cases the whole path and so breaks
   * names such as an RBAC role "Admin".
   */
  async pathFor(ref: ResourcePathRef): Promise<string> {
    const resource = await this.discover(ref.apiVersion, ref.kind);
    const parts = [this.apiVersionPath(ref.apiVersion)];
    if (resource.namespaced && ref.namespace) parts.push('namespaces', encodeURIComponent(ref.namespace));
    parts.push(resource.name);
    if (ref.name) parts.push(encodeURIComponent(ref.name));
    return parts.join('/');
  }

  /** One request; JSON back, or a ClusterError whose message is a sentence. */
  async requestJson(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<unknown> {
    const ctx = this.configuration.baseServer.makeRequestContext(path, method);
    ctx.setHeaderParam('Accept', 'application/json');
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) ctx.setQueryParam(k, v);
    if (opts.body !== undefined) {
      ctx.setHeaderParam('Content-Type', opts.contentType ?? 'application/json');
      ctx.setBody(opts.body);
    }
    if (opts.signal) ctx.setSignal(opts.signal);
    try {
      return await this.requestPromise(ctx, RAW_JSON);
    } catch (err) {
      throw this.explain(err);
    }
  }

  /**
   * The library would turn even an untyped answer's metadata into typed
   * models (timestamps as Dates); for our requests keep the server's JSON.
   */
  protected override async processResponse<T extends KubernetesObject>(
    response: ResponseContext,
    type?: string,
  ): Promise<T> {
    if (type !== RAW_JSON) return super.processResponse<T>(response, type);
    const text = await response.body.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text for the error message
    }
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) return body as T;
    throw new ApiException(response.httpStatusCode, 'Unsuccessful HTTP Request', body, response.headers);
  }

  async getJson(path: string, query?: RequestOptions['query'], signal?: AbortSignal): Promise<unknown> {
    return this.requestJson(HttpMethod.GET, path, { query, signal });
  }

  private async discover(apiVersion: string, kind: string): Promise<{ name: string; namespaced: boolean }> {
    let found;
    try {
      found = await this.resource(apiVersion, kind);
    } catch (err) {
      const e = this.explain(err);
      if (e.status === 404)
        throw new ClusterError(
          `the API server does not serve apiVersion ${apiVersion}: check the spelling (for example apps/v1, v1)`,
          404,
        );
      throw e;
    }
    if (!found)
      throw new ClusterError(
        `the API server knows no kind ${kind} in ${apiVersion}: check the spelling and capitals (for example Deployment in apps/v1)`,
        404,
      );
    return found;
  }

  /** Any failure from the library as a ClusterError with a sentence. */
  explain(err: unknown): ClusterError {
    if (err instanceof ClusterError) return err;
    if (err instanceof ApiException) return apiError(err.code, err.body, this.server);
    const status = (err as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number') return apiError(status, undefined, this.server);
    const sentence = describeConnectionError(err, {
      address: this.server,
      component: 'kube-apiserver',
      caSource: 'the kubeconfig',
    });
    if (sentence) return new ClusterError(sentence);
    if ((err as Error).name === 'AbortError') return new ClusterError('the request was stopped');
    return new ClusterError(
      `talking to the API server at ${this.server} failed: ${(err as Error).message ?? String(err)}`,
    );
  }
}

/** A sentence for an HTTP error status, using the Status object's message when there is one. */
export function apiError(code: number, body: unknown, server: string): ClusterError {
  const message = statusMessage(body);
  switch (code) {
    case 401:
      return new ClusterError(
        `the API server at ${server} did not accept our credentials (401 Unauthorized): is the kubeconfig's client certificate signed by the CA given to --client-ca-file?`,
        401,
      );
    case 403:
      return new ClusterError(`the API server refused (403 Forbidden)${message ? `: ${message}` : ''}`, 403);
    case 404:
      return new ClusterError(message ? `not found: ${message}` : 'not found (404)', 404);
    case 409:
      return new ClusterError(`conflict (409)${message ? `: ${message}` : ''}`, 409);
    case 422:
      return new ClusterError(`the API server rejected it as invalid${message ? `: ${message}` : ''}`, 422);
    case 429:
    case 503:
      return new ClusterError(
        `the API server at ${server} is not ready to serve (${code})${message ? `: ${message}` : ''}`,
        code,
      );
    default:
      return new ClusterError(`the API server answered ${code}${message ? `: ${message}` : ''}`, code);
  }
}

function statusMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    try {
      return statusMessage(JSON.parse(body));
    } catch {
      return body.trim().slice(0, 300) || undefined;
    }
  }
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
    return (body as { message: string }).message;
  }
  return undefined;
}
