// Objects as people write them ("deployment/web", "rs/web-6f", "pods") and as
// the audit log names them (the plural resource of the URL). Pure.

/** kubectl's short names and singular kinds, to the plural resource. */
const ALIASES: Readonly<Record<string, string>> = {
  po: 'pods',
  deploy: 'deployments',
  rs: 'replicasets',
  svc: 'services',
  ep: 'endpoints',
  endpoints: 'endpoints',
  no: 'nodes',
  ns: 'namespaces',
  cm: 'configmaps',
  ev: 'events',
  ing: 'ingresses',
  ingress: 'ingresses',
  sa: 'serviceaccounts',
  ds: 'daemonsets',
  sts: 'statefulsets',
  netpol: 'networkpolicies',
  networkpolicy: 'networkpolicies',
  ingressclass: 'ingressclasses',
  endpointslice: 'endpointslices',
};

/** The plural resource for a kind, a short name or a resource: "Deployment" -> "deployments". */
export function resourceFor(word: string): string {
  const w = word.trim().toLowerCase();
  const alias = ALIASES[w];
  if (alias) return alias;
  if (w.endsWith('s')) return w;
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ies`;
  if (/(x|ch|sh)$/.test(w)) return `${w}es`;
  return `${w}s`;
}

/** The singular for sentences: "deployments" -> "deployment", "endpoints" stays. */
export function singular(resource: string): string {
  if (resource === 'endpoints') return resource;
  if (resource.endsWith('ies')) return `${resource.slice(0, -3)}y`;
  if (/(sses|xes|ches|shes)$/.test(resource)) return resource.slice(0, -2);
  return resource.endsWith('s') ? resource.slice(0, -1) : resource;
}

/** One object, or a family of them by name prefix ("web-*"), or every object of a resource. */
export interface ObjectPattern {
  readonly resource: string;
  /** Exact name; with `prefix`, the start of the name. */
  readonly name: string | undefined;
  readonly prefix: boolean;
  readonly namespace: string | undefined;
}

/**
 * Parses "deployment/web", "pods/web-*", "pods", with an optional namespace
 * ("default/deployment/web" is not a form: namespaces come separately).
 */
export function parseObjectPattern(
  text: string,
  namespace?: string,
): ObjectPattern | { readonly error: string } {
  const t = text.trim();
  const m = /^([A-Za-z][\w.-]*)(?:\/([a-z0-9][a-z0-9.-]*\*?|\*))?$/.exec(t);
  if (!m?.[1])
    return {
      error: `"${text}" is not an object: write kind/name (deployment/web), kind/prefix* (pod/web-*) or a kind (pods)`,
    };
  const resource = resourceFor(m[1].split('.')[0] ?? m[1]);
  const raw = m[2];
  const prefix = raw?.endsWith('*') ?? false;
  const name = raw === undefined || raw === '*' ? undefined : prefix ? raw.slice(0, -1) : raw;
  return { resource, name, prefix: prefix && raw !== '*', namespace };
}

export function nameMatches(pattern: ObjectPattern, name: string): boolean {
  if (pattern.name === undefined) return true;
  return pattern.prefix ? name.startsWith(pattern.name) : name === pattern.name;
}

/** "deployment/web" for sentences. */
export function objectLabel(resource: string, name: string): string {
  return `${singular(resource)}/${name}`;
}
