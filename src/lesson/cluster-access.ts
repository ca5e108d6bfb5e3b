// Where the workshop keeps the cluster's credentials: the admin kubeconfig
// that the kubeconfig action writes (`$KUBECONFIG`, and what the API checks
// and manifests use) and the API server's etcd client certificate that the
// per-role pki action makes (what the etcd check and checkpoints use). Read
// from the actions' `dir:`, so a lesson that names other folders is followed.
// One folder each for the whole workshop: two actions naming different ones
// would leave `$KUBECONFIG` meaning different files in different chapters.
import { issue, type LessonIssue } from './issues.js';
import type { ActionStep, Chapter } from './model.js';

export interface ClusterAccess {
  /** Relative to the workspace; holds admin.kubeconfig. */
  readonly kubeconfigDir: string;
  /** Relative to the workspace; holds ca.pem and kube-apiserver-etcd-client{,-key}.pem. */
  readonly pkiDir: string;
}

export const DEFAULT_ACCESS: ClusterAccess = { kubeconfigDir: 'kubeconfigs', pkiDir: 'pki' };

export const ADMIN_KUBECONFIG = 'admin.kubeconfig';

export function clusterAccess(chapters: readonly Chapter[]): {
  access: ClusterAccess;
  issues: LessonIssue[];
} {
  const issues: LessonIssue[] = [];
  const pick = (what: string, fallback: string, dirOf: (s: ActionStep) => string | undefined): string => {
    let chosen: { dir: string; where: string } | undefined;
    for (const ch of chapters)
      for (const s of ch.steps) {
        const dir = s.kind === 'action' ? dirOf(s) : undefined;
        if (dir === undefined) continue;
        const where = `${ch.file}:${s.pos.line}`;
        if (!chosen) chosen = { dir, where };
        else if (chosen.dir !== dir)
          issues.push(
            issue(
              ch.file,
              s.pos.line,
              s.pos.column,
              `${what} goes to dir: ${dir} here but to dir: ${chosen.dir} at ${chosen.where}; the workshop's checks use one folder: use dir: ${chosen.dir} in both`,
            ),
          );
      }
    return chosen?.dir ?? fallback;
  };
  const access: ClusterAccess = {
    // A node's own kubeconfig (node:) writes no admin kubeconfig.
    kubeconfigDir: pick('the admin kubeconfig', DEFAULT_ACCESS.kubeconfigDir, (s) =>
      s.params.action === 'kubeconfig' && s.params.params.node === undefined
        ? s.params.params.dir
        : undefined,
    ),
    // Only the per-role plan makes the API server's etcd client certificate.
    pkiDir: pick('the per-role certificates', DEFAULT_ACCESS.pkiDir, (s) =>
      s.params.action === 'pki' && s.params.params.plan === 'per-role' ? s.params.params.dir : undefined,
    ),
  };
  return { access, issues: [...issues, ...nodeCredentialIssues(chapters)] };
}

/**
 * A node joining later signs its certificate with the CA an earlier pki step
 * made (plan: node, in that step's folder), and its kubeconfig carries that
 * certificate: each must find what it needs where it looks.
 */
function nodeCredentialIssues(chapters: readonly Chapter[]): LessonIssue[] {
  const issues: LessonIssue[] = [];
  const caDirs = new Set<string>();
  const nodeCerts = new Set<string>();
  for (const ch of chapters)
    for (const s of ch.steps) {
      if (s.kind !== 'action') continue;
      const at = (message: string): void =>
        void issues.push(issue(ch.file, s.pos.line, s.pos.column, message));
      if (s.params.action === 'pki') {
        const { plan, dir, node } = s.params.params;
        if (plan !== 'node') caDirs.add(dir);
        else if (!caDirs.has(dir))
          at(
            `plan: node signs with the CA in dir: ${dir}, and no earlier pki step makes one there${caDirs.size ? `: use dir: ${[...caDirs].join(' or ')}` : ': put a per-role pki step first'}`,
          );
        else nodeCerts.add(`${dir}\n${node ?? ''}`);
      }
      if (s.params.action === 'kubeconfig' && s.params.params.node !== undefined) {
        const { pki, node } = s.params.params;
        if (!nodeCerts.has(`${pki}\n${node}`))
          at(
            `the kubeconfig of ${node} carries its own certificate, and no earlier pki step issues it in ${pki}/: put a pki step with plan: node, node: ${node}, dir: ${pki} first`,
          );
      }
    }
  return issues;
}
