// The cluster-facing parts of a session: checks against the API server and
// etcd, manifest apply, and the built-in certificate, kubeconfig and image
// actions. The checks use the admin kubeconfig and the API server's etcd
// client certificate, in the folders the workshop's actions write them to
// (see src/lesson/cluster-access.ts). The Kubernetes client, the certificate
// code and the image builder are loaded when a step first needs them, not
// when the workshop starts.
import path from 'node:path';
import { DEFAULT_ACCESS, type ClusterAccess } from '../lesson/cluster-access.js';
import type { ActionName } from '../lesson/model.js';
import { observerFor } from '../verify/observers.js';
import { auditLogPath } from '../wire/audit-files.js';
import type { EtcdClientFiles } from './checkpoint/etcd-snapshot.js';
import type { ActionRunner } from './run-step.js';
import type { ClusterHooks } from './session.js';

/** A built-in action whose module is imported on its first run. */
function lazyAction(name: 'pkiAction' | 'kubeconfigAction' | 'imagesAction'): ActionRunner {
  return async (params, ctx) => (await import('./actions.js'))[name](params, ctx);
}

/** The actions this layer runs (a node is the engine's own: see nodes.ts). */
const ACTIONS: Readonly<Partial<Record<ActionName, ActionRunner>>> = {
  pki: lazyAction('pkiAction'),
  kubeconfig: lazyAction('kubeconfigAction'),
  images: lazyAction('imagesAction'),
};

/** The API server's etcd client certificate, where the pki action put it: checks and checkpoints use it. */
export function etcdClientFiles(workspace: string, access: ClusterAccess = DEFAULT_ACCESS): EtcdClientFiles {
  const pki = path.join(workspace, access.pkiDir);
  return {
    caFile: path.join(pki, 'ca.pem'),
    certFile: path.join(pki, 'kube-apiserver-etcd-client.pem'),
    keyFile: path.join(pki, 'kube-apiserver-etcd-client-key.pem'),
  };
}

export function clusterHooks(access: ClusterAccess = DEFAULT_ACCESS): ClusterHooks {
  return {
    observerFor: (spec, { vars, env, cwd, chapterStartedAt }) => {
      const workspace = vars.WORKSPACE ?? cwd;
      return observerFor(spec, {
        auditLogPath: auditLogPath(workspace),
        chapterStartedAt,
        // KUBECONFIG is the one in the access folder (see context.ts); the learner may not redefine it.
        kubeconfigPath: vars.KUBECONFIG ?? path.join(workspace, access.kubeconfigDir, 'admin.kubeconfig'),
        etcd: { endpoint: 'https://127.0.0.1:2379', ...etcdClientFiles(workspace, access) },
        cwd,
        env,
      });
    },
    apply: async (manifest, vars, opts) => {
      const { applyManifest } = await import('../cluster/apply.js');
      const res = await applyManifest(vars.KUBECONFIG ?? '', manifest, {
        namespaceDefault: 'default',
        signal: opts.signal,
      });
      return res.ok ? { ok: true, detail: res.detail } : { ok: false, reason: res.reason };
    },
    actions: ACTIONS,
  };
}
