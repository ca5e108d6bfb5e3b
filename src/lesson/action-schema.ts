// Parameters of the built-in actions, checked at lint time:
//
//   ```yaml {action=pki}            ```yaml {action=kubeconfig}
//   plan: per-role                  pki: pki
//   dir: pki                        dir: kubeconfigs
//   regenerate: false               server: https://127.0.0.1:6443
//                                   credentials: per-role
//
//   A node that joins later gets its own kubelet certificate and kubeconfig:
//   ```yaml {action=pki}            ```yaml {action=kubeconfig}
//   plan: node                      node: node-1
//   node: node-1
//
//   ```yaml {action=images}        ```yaml {action=node}
//   dir: images                     name: node-0
import { issue, type LessonIssue } from './issues.js';
import { NODE_NAME, type ActionName } from './model.js';
import { isRecord, keyPosition } from './yaml-body.js';

export interface PkiParams {
  readonly plan: 'classic-admin' | 'per-role' | 'node';
  /** Relative to the workspace. */
  readonly dir: string;
  readonly regenerate: boolean;
  /** plan: node only: the node whose kubelet certificate is issued, signed by the CA already in `dir`. */
  readonly node?: string;
}

export interface KubeconfigParams {
  readonly pki: string;
  readonly dir: string;
  readonly server: string;
  readonly credentials: 'per-role' | 'classic';
  /** Only this node's kubelet kubeconfig (kubelet-<node>.kubeconfig), from its own certificate. */
  readonly node?: string;
}

/** Builds the pause and web images from a static busybox, for machines with no registry. */
export interface ImagesParams {
  readonly dir: string;
}

/** Makes a node: a machine of its own (namespaces), with a root shell in a pane named after it. */
export interface NodeParams {
  readonly name: string;
}

export type ActionParams =
  | { readonly action: 'pki'; readonly params: PkiParams }
  | { readonly action: 'kubeconfig'; readonly params: KubeconfigParams }
  | { readonly action: 'images'; readonly params: ImagesParams }
  | { readonly action: 'node'; readonly params: NodeParams };

const KEYS: Record<ActionName, readonly string[]> = {
  pki: ['plan', 'dir', 'regenerate', 'node'],
  kubeconfig: ['pki', 'dir', 'server', 'credentials', 'node'],
  images: ['dir'],
  node: ['name'],
};

export function parseActionParams(
  file: string,
  bodyLine: number,
  body: string,
  action: ActionName,
  doc: unknown,
): { params: ActionParams | undefined; issues: LessonIssue[] } {
  const issues: LessonIssue[] = [];
  const at = (key: string, message: string): LessonIssue => {
    const p = keyPosition(bodyLine, body, key);
    return issue(file, p.line, p.column, message);
  };
  const d = doc ?? {};
  if (!isRecord(d))
    return {
      params: undefined,
      issues: [
        issue(file, bodyLine, 1, `the ${action} action takes a YAML mapping: ${KEYS[action].join(', ')}`),
      ],
    };
  for (const k of Object.keys(d)) {
    if (!KEYS[action].includes(k))
      issues.push(at(k, `unknown ${action} parameter "${k}": use ${KEYS[action].join(', ')}`));
  }
  const text = (k: string, fallback: string): string => {
    const v = d[k] ?? fallback;
    if (typeof v !== 'string' || v === '') issues.push(at(k, `${k} must be text`));
    else if (k !== 'server' && (v.startsWith('/') || v.split('/').includes('..')))
      issues.push(at(k, `${k} is a folder inside the workspace (no leading / or ..)`));
    return String(v);
  };
  const oneOf = <T extends string>(k: string, values: readonly T[], fallback: T): T => {
    const v = d[k] ?? fallback;
    if (!(values as readonly unknown[]).includes(v)) issues.push(at(k, `${k} is ${values.join(' or ')}`));
    return v as T;
  };
  /** `node:` names a node, node-0 to node-9; `alone` says whether the action may have one. */
  const nodeParam = (alone: string | undefined): { node?: string } => {
    if (d.node === undefined) return {};
    if (alone !== undefined) issues.push(at('node', alone));
    else if (typeof d.node !== 'string' || !NODE_NAME.test(d.node))
      issues.push(at('node', "node is the node's name, node-0 to node-9"));
    return { node: String(d.node) };
  };
  let params: ActionParams;
  if (action === 'pki') {
    if (d.regenerate !== undefined && typeof d.regenerate !== 'boolean')
      issues.push(at('regenerate', 'regenerate is true or false'));
    const plan = oneOf('plan', ['classic-admin', 'per-role', 'node'], 'per-role');
    const node = nodeParam(
      plan === 'node' ? undefined : `node: goes with plan: node (a node's own kubelet certificate)`,
    );
    if (plan === 'node' && node.node === undefined)
      issues.push(at('plan', "plan: node issues one node's kubelet certificate: name it, e.g. node: node-1"));
    params = {
      action,
      params: { plan, dir: text('dir', 'pki'), regenerate: d.regenerate === true, ...node },
    };
  } else if (action === 'images') {
    params = { action, params: { dir: text('dir', 'images') } };
  } else if (action === 'node') {
    const name = d.name;
    if (typeof name !== 'string' || !NODE_NAME.test(name))
      issues.push(at('name', "name is the node's name, node-0 to node-9 (its number decides its address)"));
    params = { action, params: { name: String(name) } };
  } else {
    const server = text('server', 'https://127.0.0.1:6443');
    if (!/^https:\/\/\S+$/.test(server)) issues.push(at('server', 'server is an https:// URL'));
    const credentials = oneOf('credentials', ['per-role', 'classic'], 'per-role');
    const node = nodeParam(
      credentials === 'classic'
        ? "node: writes a node's kubeconfig with its own certificate, which credentials: classic does not have"
        : undefined,
    );
    params = {
      action,
      params: { pki: text('pki', 'pki'), dir: text('dir', 'kubeconfigs'), server, credentials, ...node },
    };
  }
  return { params: issues.length ? undefined : params, issues };
}
