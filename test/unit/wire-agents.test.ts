// Agent naming: on the recorded log of a real control plane (every identity
// in it has a readable name, none is shown raw), and on the identities of the
// components that run later in the workshop (kubelets, kube-proxy, CoreDNS,
// Traefik), as the API server records them.
import { describe, expect, it } from 'vitest';
import { agentMatches, nameAgent } from '../../src/wire/agents.js';
import { AgentNamer } from '../../src/wire/wire-entry.js';
import { recordedAudit } from '../helpers/audit-events.js';

const K8S_UA = (bin: string, part = ''): string => `${bin}/v1.37.2 (linux/amd64) kubernetes/unknown${part}`;
const sa = (name: string): string => `system:serviceaccount:kube-system:${name}`;
const name = (username: string, userAgent: string, groups: string[] = []): string =>
  nameAgent({ username, groups }, userAgent).name;

describe('agent names', () => {
  it('every agent of a real control plane (recorded) has a readable name', () => {
    const namer = new AgentNamer();
    const agents = [...new Set(recordedAudit('control-plane.log.gz').map((e) => namer.of(e)))];
    expect(agents.filter((a) => !a.known)).toEqual([]);
    expect(new Set(agents.map((a) => a.name))).toEqual(
      new Set([
        'API server itself',
        'controller manager',
        'controller manager (shared informers)',
        'controller manager (metadata informers)',
        'controller manager (controller discovery)',
        'scheduler',
        'you',
        'you (kubectl)',
        'demystify (check)',
        'demystify (apply)',
        'deployment controller',
        'replicaset controller',
        'endpointslice controller',
        'endpoints controller',
        'node-lifecycle controller',
        'ttl controller',
        'namespace controller',
        'garbage collector',
        'resourcequota controller',
        'service-account controller',
        'root-CA publisher (kube-root-ca.crt)',
        'clusterrole-aggregation controller',
        'service-cidrs controller',
        'legacy token cleaner',
        'cluster-trust-bundle publisher',
      ]),
    );
  });

  it('names the components of the later chapters', () => {
    expect(name('system:node:node-0', K8S_UA('kubelet'), ['system:nodes'])).toBe('kubelet node-0');
    expect(name('system:node:node-1', K8S_UA('kubelet'), ['system:nodes'])).toBe('kubelet node-1');
    expect(name('system:kube-proxy', K8S_UA('kube-proxy'))).toBe('kube-proxy');
    // CoreDNS and Traefik read the API with the admin kubeconfig: their program names them.
    expect(name('admin', 'coredns/1.15.0 (linux/amd64) kubernetes/unknown')).toBe('CoreDNS');
    expect(name('admin', 'traefik/3.6.12 (linux/amd64) kubernetes/ingress')).toBe('Traefik');
    expect(name(sa('coredns'), 'coredns/1.15.0')).toBe('CoreDNS');
  });

  it('says whose credentials a hand-run tool used, and names anonymous requests', () => {
    expect(name('admin', 'curl/8.14.1')).toBe('you (curl)');
    expect(name('system:node:node-1', K8S_UA('kubectl'), ['system:nodes'])).toBe(
      'you (kubectl as kubelet node-1)',
    );
    expect(name('system:anonymous', 'curl/8.14.1', ['system:unauthenticated'])).toBe('you (curl, anonymous)');
    // A user of the lesson's own making (an RBAC exercise): whose rights the request had matters.
    expect(name('jane', K8S_UA('kubectl'), ['system:authenticated'])).toBe('you (kubectl as jane)');
    expect(name('system:anonymous', '')).toBe('anonymous (no user agent)');
  });

  it("names demystify's own requests by their purpose", () => {
    const a = nameAgent({ username: 'admin', groups: [] }, 'demystify/0.1.0 (readiness probe)');
    expect(a).toEqual({
      name: 'demystify (readiness probe)',
      component: 'demystify',
      known: true,
      own: true,
    });
  });

  it('shows an unknown agent as it is', () => {
    expect(nameAgent({ username: 'jane', groups: ['dev'] }, 'python-requests/2.32')).toEqual({
      name: 'jane (python-requests)',
      component: 'jane',
      known: false,
      own: false,
    });
    expect(name(sa('my-operator').replace('kube-system', 'apps'), 'operator/1.0')).toBe(
      'system:serviceaccount:apps:my-operator (operator)',
    );
  });

  it('filter words pick agents by component or name', () => {
    const kubelet1 = nameAgent({ username: 'system:node:node-1', groups: [] }, K8S_UA('kubelet'));
    expect(agentMatches(kubelet1, 'kubelet')).toBe(true);
    expect(agentMatches(kubelet1, 'kubelet node-1')).toBe(true);
    expect(agentMatches(kubelet1, 'kubelet node-0')).toBe(false);
    const rs = nameAgent(
      { username: sa('replicaset-controller'), groups: [] },
      K8S_UA('kube-controller-manager'),
    );
    expect(agentMatches(rs, 'replicaset')).toBe(true);
    expect(agentMatches(rs, 'replicaset-controller')).toBe(true);
    expect(agentMatches(rs, 'replicaset controller')).toBe(true);
    expect(agentMatches(rs, 'deployment')).toBe(false);
  });
});
