// The cluster-facing parts of a session: checks against the API server and
// etcd, manifest apply, and the built-in certificate, kubeconfig and image
// actions. The checks use the admin kubeconfig and the API server's etcd
// client certificate, where the certificates chapter puts them.
import path from 'node:path';
import { applyManifest } from '../cluster/apply.js';
import { observerFor } from '../verify/observers.js';
import { imagesAction, kubeconfigAction, pkiAction } from './actions.js';
import type { EtcdClientFiles } from './checkpoint/etcd-snapshot.js';
import type { ClusterHooks } from './session.js';

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
      const res = await applyManifest(vars.KUBECONFIG ?? '', manifest, { namespaceDefault: 'default' });
      return res.ok ? { ok: true, detail: res.detail } : { ok: false, reason: res.reason };
    },
    actions: { pki: pkiAction, kubeconfig: kubeconfigAction, images: imagesAction },
  };
}
