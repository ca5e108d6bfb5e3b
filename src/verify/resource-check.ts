// The resource check: get one object by name, or list by namespace and
// selector, then compare fields and count. Driven by a watch so a change is
// seen within milliseconds; progress says how far along it is ("1 of 2 Pods
// match status.phase=Running") and a known diagnosis says why not.
import type { CountSpec, ResourceRef } from '../lesson/check-model.js';
import { diagnose as defaultDiagnose, type DiagnoseContext } from './diagnose.js';
import { describeObject, pluralKind, type ClusterClient, type KubeObject, type ObjectRef } from './kube.js';
import {
  compileFields,
  describeMismatch,
  mismatches,
  type CompiledFields,
  type Scalar,
} from './object-fields.js';
import type { Observation, Observer } from './types.js';
import { WatchedObjects, watchedObserver, type WatchOptions } from './watched-objects.js';

export interface ResourceCheckOptions extends WatchOptions {
  readonly pollMs?: number;
  /** Replaceable for tests; by default the table in diagnose.ts. */
  readonly diagnose?: (obj: KubeObject, ctx: DiagnoseContext) => Promise<string | undefined>;
  /** How long one diagnosis is reused (it costs requests) (ms). */
  readonly diagnoseEveryMs?: number;
}

export function resourceObserver(
  client: ClusterClient,
  resource: ResourceRef,
  fields: Readonly<Record<string, Scalar>>,
  count: CountSpec | undefined,
  opts: ResourceCheckOptions = {},
): Observer {
  // A bad path is the lesson's mistake: every look reports it instead of throwing once.
  let compiled: CompiledFields;
  try {
    compiled = compileFields(fields);
  } catch (err) {
    const reason = (err as Error).message;
    return { pollMs: 60_000, observe: async () => ({ ok: false, reason, progress: reason }) };
  }
  // Like kubectl: no namespace means "default" (ignored for cluster-scoped kinds).
  const ref: ObjectRef = {
    apiVersion: resource.apiVersion,
    kind: resource.kind,
    namespace: resource.namespace ?? 'default',
    name: resource.name,
    labelSelector: resource.selector,
  };
  const objects = new WatchedObjects(client, ref, opts);
  const explain = diagnoser(client, opts);
  const evaluate = async (items: KubeObject[], signal: AbortSignal): Promise<Observation> => {
    const verdict = judge(ref, items, compiled, count);
    if (verdict.ok || !verdict.suspect) return verdict;
    const why = await explain(verdict.suspect, signal);
    if (!why) return verdict;
    const named = ref.name ? why : `${verdict.suspect.kind} ${verdict.suspect.metadata?.name}: ${why}`;
    return { ok: false, progress: `${verdict.progress} — ${named}`, reason: `${verdict.reason} — ${named}` };
  };
  return watchedObserver(objects, evaluate, opts.pollMs ?? 1000);
}

type Verdict = Observation & { readonly progress: string; readonly suspect?: KubeObject };

/** The pure part: objects in, verdict and progress out. */
export function judge(
  ref: ObjectRef,
  items: readonly KubeObject[],
  fields: CompiledFields,
  count: CountSpec | undefined,
): Verdict {
  const what = describeObject(ref.kind, ref.name, ref.namespace);
  if (ref.name && !count) {
    const obj = items[0];
    if (!obj) return notOk(`${what} does not exist yet`);
    const wrong = mismatches(obj, fields);
    if (!wrong.length)
      return { ok: true, progress: fields.entries.length ? `${what}: ${fields.summary}` : `${what} exists` };
    return { ...notOk(`${what}: ${wrong.map(describeMismatch).join('; ')}`), suspect: obj };
  }
  const matching = items.filter((o) => mismatches(o, fields).length === 0);
  const suspect = items.find((o) => !matching.includes(o));
  const scope = describeScope(ref);
  const tally = fields.entries.length
    ? `${matching.length} of ${items.length} ${pluralKind(ref.kind, items.length)}${scope} match ${fields.summary}`
    : `${items.length} ${pluralKind(ref.kind, items.length)}${scope}`;
  if (count) {
    const ok = compare(matching.length, count);
    const progress = `${tally}, expected ${describeCount(count)}`;
    // Too many objects is not something a diagnosis of one object explains.
    const wantsMore = matching.length < count.value;
    return ok
      ? { ok, progress: tally }
      : { ...notOk(progress), ...(wantsMore && suspect ? { suspect } : {}) };
  }
  if (!items.length) return notOk(`no ${pluralKind(ref.kind)}${scope} yet`);
  if (matching.length === items.length) return { ok: true, progress: tally };
  return { ...notOk(tally), ...(suspect ? { suspect } : {}) };
}

function notOk(sentence: string): Verdict {
  return { ok: false, progress: sentence, reason: sentence };
}

function describeScope(ref: ObjectRef): string {
  const parts: string[] = [];
  if (ref.labelSelector) parts.push(`with ${ref.labelSelector}`);
  if (ref.name) parts.push(`named ${ref.name}`);
  if (ref.namespace && ref.namespace !== 'default') parts.push(`in namespace ${ref.namespace}`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

export function compare(n: number, c: CountSpec): boolean {
  return c.op === '==' ? n === c.value : c.op === '>=' ? n >= c.value : n <= c.value;
}

export function describeCount(c: CountSpec): string {
  return c.op === '==' ? `${c.value}` : c.op === '>=' ? `at least ${c.value}` : `at most ${c.value}`;
}

/** Diagnoses cost requests; reuse one for the same object version for a short while. */
function diagnoser(
  client: ClusterClient,
  opts: ResourceCheckOptions,
): (obj: KubeObject, signal: AbortSignal) => Promise<string | undefined> {
  const run = opts.diagnose ?? defaultDiagnose;
  const ttl = opts.diagnoseEveryMs ?? 1000;
  let memo: { key: string; at: number; text: string | undefined } | undefined;
  return async (obj, signal) => {
    const key = `${obj.metadata?.uid ?? ''}@${obj.metadata?.resourceVersion ?? ''}`;
    if (memo && memo.key === key && Date.now() - memo.at < ttl) return memo.text;
    const text = await run(obj, { client, signal });
    memo = { key, at: Date.now(), text };
    return text;
  };
}
