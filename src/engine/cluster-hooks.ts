// The cluster-facing parts of a session: checks against the API server and
// etcd, manifest apply, and the built-in certificate and kubeconfig actions.
import type { ClusterHooks } from './session.js';

export function clusterHooks(): ClusterHooks {
  return {
    observerFor: (spec) => ({
      pollMs: 1000,
      observe: () => Promise.resolve({ ok: false, reason: `${spec.target.kind} checks are not wired yet` }),
    }),
    apply: () => Promise.resolve({ ok: false, reason: 'apply is not wired yet' }),
    actions: {},
  };
}
