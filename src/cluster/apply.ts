// `kubectl apply -f` for lesson manifests, without kubectl: every object is
// sent with server-side apply (field manager "demystify"), and reported the
// way kubectl reports it ("deployment.apps/web created"). Failures are
// sentences naming the object, never stack traces.
import * as yaml from 'js-yaml';
import { HttpMethod } from '@kubernetes/client-node';
import { yamlSchema } from '../lesson/yaml-body.js';
import { ClusterError, type KubeObject } from '../verify/kube.js';
import { loadKubeConfig } from '../verify/kube-client.js';
import { KubeRest } from '../verify/kube-rest.js';
import { demystifyUserAgent } from '../wire/user-agent.js';

export type ApplyAction = 'created' | 'configured' | 'unchanged';

export interface AppliedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly action: ApplyAction;
  /** As kubectl prints it: "deployment.apps/web created". */
  readonly line: string;
}

export type ApplyResult =
  | { readonly ok: true; readonly detail: string; readonly applied: readonly AppliedObject[] }
  | { readonly ok: false; readonly reason: string; readonly applied: readonly AppliedObject[] };

export interface ApplyOptions {
  /** For namespaced objects that name none (kubectl uses the context's, usually "default"). */
  readonly namespaceDefault?: string;
  readonly fieldManager?: string;
  readonly signal?: AbortSignal;
}

/** Applies every object in a multi-document YAML text, in order; stops at the first failure. */
export async function applyManifest(
  kubeconfigPath: string,
  yamlText: string,
  opts: ApplyOptions = {},
): Promise<ApplyResult> {
  const applied: AppliedObject[] = [];
  const fail = (reason: string): ApplyResult => ({ ok: false, reason, applied });
  const parsed = parseManifest(yamlText);
  if (typeof parsed === 'string') return fail(parsed);
  if (!parsed.length) return fail('the manifest has no objects in it');
  let rest: KubeRest;
  try {
    rest = KubeRest.forConfig(loadKubeConfig(kubeconfigPath, { userAgent: demystifyUserAgent('apply') }));
  } catch (err) {
    return fail((err as Error).message);
  }
  for (const obj of parsed) {
    try {
      applied.push(await stoppable(applyOne(rest, obj, opts), opts.signal));
    } catch (err) {
      const e = err instanceof ClusterError ? err : rest.explain(err);
      return fail(`${obj.kind} ${obj.metadata.name}: ${explainApplyError(e)}`);
    }
  }
  return { ok: true, detail: applied.map((a) => a.line).join('\n'), applied };
}

/** Discovery takes no signal in the library: a stopped apply still ends at once. */
function stoppable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  // A request left behind by a stop still fails later (its socket closes):
  // that failure has nobody to tell, so it must not become an unhandled rejection.
  work.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const stop = (): void => reject(new ClusterError('the apply was stopped before it finished'));
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

type ManifestObject = KubeObject & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
};

/** YAML text -> objects (Lists flattened), or a sentence saying what is wrong. */
export function parseManifest(text: string): ManifestObject[] | string {
  let docs: unknown[];
  try {
    docs = yaml.loadAll(text, { schema: yamlSchema });
  } catch (err) {
    // js-yaml 5: an error may carry no position.
    if (err instanceof yaml.YAMLException && err.mark) {
      return `the manifest is not valid YAML (line ${err.mark.line + 1}, column ${err.mark.column + 1}): ${err.reason}`;
    }
    if (err instanceof yaml.YAMLException) return `the manifest is not valid YAML: ${err.reason}`;
    return `the manifest is not valid YAML: ${(err as Error).message}`;
  }
  const out: ManifestObject[] = [];
  const visit = (doc: unknown, where: string): string | undefined => {
    if (doc === null || doc === undefined) return undefined; // an empty document between two "---"
    if (typeof doc !== 'object' || Array.isArray(doc))
      return `${where} is not a mapping with apiVersion, kind and metadata`;
    const o = doc as Record<string, unknown>;
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
      for (const [i, item] of o.items.entries()) {
        const bad = visit(item, `item ${i + 1} of ${where}`);
        if (bad) return bad;
      }
      return undefined;
    }
    const meta = o.metadata as Record<string, unknown> | undefined;
    if (typeof o.apiVersion !== 'string' || !o.apiVersion)
      return `${where} has no apiVersion (for example apps/v1)`;
    if (typeof o.kind !== 'string' || !o.kind) return `${where} has no kind (for example Deployment)`;
    if (!meta || typeof meta.name !== 'string' || !meta.name) {
      return `${where} (${o.kind}) has no metadata.name: applying needs a name (generateName only works with create)`;
    }
    out.push(o as ManifestObject);
    return undefined;
  };
  for (const [i, doc] of docs.entries()) {
    const bad = visit(doc, docs.length > 1 ? `document ${i + 1}` : 'the manifest');
    if (bad) return bad;
  }
  return out;
}

async function applyOne(rest: KubeRest, obj: ManifestObject, opts: ApplyOptions): Promise<AppliedObject> {
  const namespaced = await rest.isNamespaced(obj.apiVersion, obj.kind);
  const namespace = namespaced ? (obj.metadata.namespace ?? opts.namespaceDefault ?? 'default') : undefined;
  const body = namespaced ? { ...obj, metadata: { ...obj.metadata, namespace } } : obj;
  const path = await rest.pathFor({
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    namespace,
    name: obj.metadata.name,
  });
  const before = (await rest.getJson(path, undefined, opts.signal).catch((err: unknown) => {
    if (err instanceof ClusterError && err.status === 404) return undefined;
    throw err;
  })) as KubeObject | undefined;
  const after = (await rest.requestJson(HttpMethod.PATCH, path, {
    // JSON is YAML, so the apply content type takes it as is. Strict field
    // validation turns a misspelt field into an error instead of silently dropping it.
    contentType: 'application/apply-patch+yaml',
    body: JSON.stringify(body),
    query: { fieldManager: opts.fieldManager ?? 'demystify', force: 'true', fieldValidation: 'Strict' },
    signal: opts.signal,
  })) as KubeObject;
  const action: ApplyAction = !before ? 'created' : sameObject(before, after) ? 'unchanged' : 'configured';
  const group = obj.apiVersion.includes('/') ? `.${obj.apiVersion.split('/')[0]}` : '';
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name,
    namespace,
    action,
    line: `${obj.kind.toLowerCase()}${group}/${obj.metadata.name} ${action}`,
  };
}

/**
 * A no-op apply leaves the resourceVersion alone, except the first apply to an
 * object without field ownership (e.g. a Namespace), which only records owners
 * in managedFields: that is "unchanged" too.
 */
function sameObject(before: KubeObject, after: KubeObject): boolean {
  if (before.metadata?.resourceVersion === after.metadata?.resourceVersion) return true;
  const strip = (o: KubeObject): string => {
    const { managedFields: _m, resourceVersion: _r, ...metadata } = o.metadata ?? {};
    return JSON.stringify({ ...o, metadata });
  };
  return strip(before) === strip(after);
}

function explainApplyError(e: ClusterError): string {
  // Server-side apply reports a misspelt field as a 500 about its schema.
  const unknownField = /\.([\w.[\]-]+): field not declared in schema/.exec(e.message);
  if (unknownField)
    return `the API server knows no field ${unknownField[1]}: check its spelling and indentation`;
  const missingNs = /namespaces? "([^"]+)" not found/.exec(e.message);
  if (missingNs)
    return `namespace ${missingNs[1]} does not exist: create it first, or put a Namespace before this object in the manifest`;
  return e.message;
}
