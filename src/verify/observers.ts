// One entry point from a lesson's check to the Observer that runs it.
import type { CheckSpec } from '../lesson/check-model.js';
import { apiObserver } from './api-check.js';
import { auditObserver } from './audit-check.js';
import { commandObserver } from './command-check.js';
import { etcdObserver, type EtcdAccess } from './etcd-check.js';
import { lazyClient, type ClusterClient } from './kube.js';
import { nodeObserver } from './node-check.js';
import { resourceObserver } from './resource-check.js';
import type { Observer } from './types.js';

export type { EtcdAccess } from './etcd-check.js';

export interface ObserverDeps {
  /** The admin kubeconfig the checks use; it may not exist yet when a check starts. */
  readonly kubeconfigPath: string;
  readonly etcd: EtcdAccess;
  /** Where command checks run, and with which environment. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Replaces the kubeconfig-based client (tests, or one client shared by many checks). */
  readonly client?: ClusterClient;
  /** The API server's audit log, for audit checks ($WORKSPACE/audit/audit.log). */
  readonly auditLogPath?: string;
  /** When the chapter started: an audit check counts only requests from then on. */
  readonly chapterStartedAt?: number | undefined;
}

export function observerFor(spec: CheckSpec, deps: ObserverDeps): Observer {
  const cluster = (): ClusterClient =>
    deps.client ??
    // @kubernetes/client-node is loaded when the first check looks at the cluster.
    lazyClient(
      async () =>
        (await import('./kube-client.js')).connectCluster(deps.kubeconfigPath, { verifyTls: spec.verifyTls }),
      'the API server',
    );
  const t = spec.target;
  switch (t.kind) {
    case 'resource':
      return resourceObserver(cluster(), t.resource, spec.fields, spec.count);
    case 'api':
      return apiObserver(cluster(), t.endpoint);
    case 'etcd':
      return etcdObserver(deps.etcd);
    case 'node':
      return nodeObserver(cluster(), t.name);
    case 'command':
      return commandObserver(t.command, t.exitCode, deps.cwd, deps.env);
    case 'audit':
      return auditObserver(t.query, spec.count, {
        logPath: deps.auditLogPath ?? `${deps.cwd}/audit/audit.log`,
        since: deps.chapterStartedAt,
      });
  }
}
