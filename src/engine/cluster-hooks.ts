// The cluster-facing parts of a session: checks against the API server and
// etcd, manifest apply, and the built-in certificate, kubeconfig and image
// actions. The checks use the admin kubeconfig and the API server's etcd
// client certificate, in the folders the workshop's actions write them to
// (see src/lesson/cluster-access.ts).
import path from 'node:path';
import { applyManifest } from '../cluster/apply.js';
import { DEFAULT_ACCESS, type ClusterAccess } from '../lesson/cluster-access.js';
import { observerFor } from '../verify/observers.js';
import { imagesAction, kubeconfigAction, pkiAction } from './actions.js';
import type { EtcdClientFiles } from './checkpoint/etcd-snapshot.js';
import type { ClusterHooks } from './session.js';

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
    observerFor: (spec, { vars, env, cwd }) => {
      const workspace = vars.WORKSPACE ?? cwd;
      return observerFor(spec, {
        // KUBECONFIG is the one in the access folder (see context.ts); the learner may not redefine it.
        kubeconfigPath: vars.KUBECONFIG ?? path.join(workspace, access.kubeconfigDir, 'admin.kubeconfig'),
        etcd: { endpoint: 'https://127.0.0.1:2379', ...etcdClientFiles(workspace, access) },
        cwd,
        env,
      });
    },
    apply: async (manifest, vars, opts) => {
      const res = await applyManifest(vars.KUBECONFIG ?? '', manifest, {
        namespaceDefault: 'default',
        signal: opts.signal,
      });
      return res.ok ? { ok: true, detail: res.detail } : { ok: false, reason: res.reason };
    },
    actions: { pki: pkiAction, kubeconfig: kubeconfigAction, images: imagesAction },
  };
}
