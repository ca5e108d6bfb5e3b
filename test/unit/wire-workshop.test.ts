// The wire view on the audit log of a headless run of the whole workshop,
// chapters 00-14 as numbered when it was recorded, 00-16 now
// (test/fixtures/audit/workshop.log.gz, chapter 3's API server auditing):
// every agent, CoreDNS, Traefik and both nodes' kubelets included, has a
// readable name, and the first Deployment's story names the deployment controller, the replicaset
// controller, the scheduler and the kubelet, in that order.
import { describe, expect, it } from 'vitest';
import { explainObject } from '../../src/wire/explain.js';
import { AgentNamer } from '../../src/wire/wire-entry.js';
import { recordedAudit } from '../helpers/audit-events.js';

const events = recordedAudit('workshop.log.gz');

describe('the wire view on the whole workshop', () => {
  it('names every agent; none is shown raw', () => {
    const namer = new AgentNamer();
    const agents = new Map(events.map((e) => [namer.of(e).name, namer.of(e)]));
    expect([...agents.values()].filter((a) => !a.known)).toEqual([]);
    for (const name of [
      'kubelet node-0',
      'kube-proxy',
      'scheduler',
      'demystify (readiness probe)',
      'you (curl, anonymous)',
    ])
      expect([...agents.keys()]).toContain(name);
  });

  it('explains the first Deployment: deployment controller, replicaset controller, scheduler, kubelet, in that order', () => {
    const res = explainObject(events, 'deployments', 'web', undefined);
    if (!res.ok) throw new Error(res.reason);
    const order = ['deployment controller', 'replicaset controller', 'scheduler', 'kubelet node-0'];
    const at = order.map((a) => res.explanation.agents.indexOf(a));
    expect(
      at.every((i) => i >= 0),
      res.explanation.agents.join(', '),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(res.explanation.agents[0]).toBe('demystify (apply)');
  });

  it('follows each Pod of web from its ReplicaSet to the kubelet that runs it', () => {
    const res = explainObject(events, 'deployments', 'web', 'default');
    if (!res.ok) throw new Error(res.reason);
    const caused = res.explanation.caused;
    const created = caused.find((b) => b.agent === 'replicaset controller' && b.deed === 'created')!;
    const bound = caused.find((b) => b.agent === 'scheduler' && b.deed === 'bound')!;
    const ran = caused.find((b) => b.agent === 'kubelet node-0' && b.deed === 'wrote the status of')!;
    // Every Pod the scheduler bound and the kubelet ran was one the ReplicaSet controller created.
    const names = (b: typeof created) => new Set(b.objects.map((o) => o.name));
    for (const pod of names(bound)) expect(names(created)).toContain(pod);
    for (const pod of names(ran)) expect(names(bound)).toContain(pod);
    expect(bound.objects.length).toBeGreaterThanOrEqual(2);
  });
});
