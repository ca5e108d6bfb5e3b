// The cluster-facing parts of a session: checks against the API server and
// etcd, manifest apply, and the built-in certificate, kubeconfig and image
// actions. The checks use the admin kubeconfig and the API server's etcd
// client certificate, where the certificates chapter puts them.
// The Kubernetes client, the certificate code and the image builder are
// loaded when a step first needs them, not when the workshop starts.
import path from 'node:path';
import type { ActionName } from '../lesson/model.js';
import { observerFor } from '../verify/observers.js';
import type { EtcdClientFiles } from './checkpoint/etcd-snapshot.js';
import type { ActionRunner } from './run-step.js';
import type { ClusterHooks } from './session.js';

/** A built-in action whose module is imported on its first run. */
function lazyAction(name: 'pkiAction' | 'kubeconfigAction' | 'imagesAction'): ActionRunner {
  return async (params, ctx) => (await import('./actions.js'))[name](params, ctx);
}

const ACTIONS: Readonly<Record<ActionName, ActionRunner>> = {
  pki: lazyAction('pkiAction'),
  kubeconfig: lazyAction('kubeconfigAction'),
  images: lazyAction('imagesAction'),
};

/** The API server's etcd client certificate, where the certificates chapter puts it: checks and checkpoints use it. */
export function etcdClientFiles(workspace: string): EtcdClientFiles {
  const pki = path.join(workspace, 'pki');
  return {
    caFile: path.join(pki, 'ca.pem'),
    certFile: path.join(pki, 'kube-apiserver-etcd-client.pem'),
    keyFile: path.join(pki, 'kube-apiserver-etcd-client-key.pem'),
  };
}

export function clusterHooks(): ClusterHooks {
  return {
    observerFor: (spec, { vars, env, cwd }) => {
      return observerFor(spec, {
        kubeconfigPath: vars.KUBECONFIG ?? path.join(cwd, 'kubeconfigs', 'admin.kubeconfig'),
        etcd: { endpoint: 'https://127.0.0.1:2379', ...etcdClientFiles(vars.WORKSPACE ?? cwd) },
        cwd,
        env,
      });
    },
    apply: async (manifest, vars) => {
      const { applyManifest } = await import('../cluster/apply.js');
      const res = await applyManifest(vars.KUBECONFIG ?? '', manifest, { namespaceDefault: 'default' });
      return res.ok ? { ok: true, detail: res.detail } : { ok: false, reason: res.reason };
    },
    actions: ACTIONS,
  };
}
