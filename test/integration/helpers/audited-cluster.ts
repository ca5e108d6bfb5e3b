// A real control plane that keeps an audit log as the workshop's chapter 3
// teaches (Metadata level, Secrets never above it, no RequestReceived
// stage), with the controller manager (one service account per controller)
// and the scheduler as their own users: what the wire view reads.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { issueClientCert, writeAdminKubeconfig } from '../../helpers/test-pki.js';
import { binaryPath, launch, startControlPlane, stopChild, type ControlPlane } from './control-plane.js';

export const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: Metadata
    resources:
      - group: ""
        resources: [secrets]
  - level: Metadata
`;

export interface AuditedCluster extends ControlPlane {
  /** <dir>/audit/audit.log: a workspace's layout, so `demystify wire --workspace <dir>` reads it. */
  readonly auditLog: string;
  /** Starts kube-controller-manager and kube-scheduler (each as its own user). */
  startControlLoops(): Promise<void>;
}

export async function startAuditedCluster(): Promise<AuditedCluster> {
  const cp = await startControlPlane({
    apiserverArgs: (dir) => {
      fs.mkdirSync(path.join(dir, 'audit'), { mode: 0o700 });
      fs.writeFileSync(path.join(dir, 'audit-policy.yaml'), AUDIT_POLICY);
      return [
        `--audit-policy-file=${path.join(dir, 'audit-policy.yaml')}`,
        `--audit-log-path=${path.join(dir, 'audit', 'audit.log')}`,
        '--audit-log-maxsize=10',
        '--audit-log-maxbackup=2',
      ];
    },
  });
  const loops: ChildProcess[] = [];
  const kubeconfigFor = (name: string, cn: string): string => {
    const file = path.join(cp.dir, `${name}.kubeconfig`);
    writeAdminKubeconfig(file, cp.server, cp.pki, { client: issueClientCert(cp.pki, name, cn) });
    return file;
  };
  return {
    ...cp,
    auditLog: path.join(cp.dir, 'audit', 'audit.log'),
    async startControlLoops() {
      const kcm = kubeconfigFor('kcm', 'system:kube-controller-manager');
      const sched = kubeconfigFor('scheduler', 'system:kube-scheduler');
      fs.writeFileSync(
        path.join(cp.dir, 'scheduler.yaml'),
        `apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nclientConnection:\n  kubeconfig: ${sched}\nleaderElection:\n  leaderElect: false\n`,
      );
      loops.push(
        launch(
          binaryPath('kube-controller-manager'),
          [
            `--kubeconfig=${kcm}`,
            '--bind-address=127.0.0.1',
            '--secure-port=0',
            `--service-account-private-key-file=${cp.pki.saKey}`,
            `--root-ca-file=${cp.pki.caCert}`,
            '--service-cluster-ip-range=10.32.0.0/24',
            '--use-service-account-credentials',
            '--leader-elect=false',
          ],
          path.join(cp.dir, 'kube-controller-manager.log'),
        ),
        launch(
          binaryPath('kube-scheduler'),
          [`--config=${path.join(cp.dir, 'scheduler.yaml')}`, '--bind-address=127.0.0.1', '--secure-port=0'],
          path.join(cp.dir, 'kube-scheduler.log'),
        ),
      );
    },
    async stop() {
      for (const c of loops) await stopChild(c);
      await cp.stop();
    },
  };
}
