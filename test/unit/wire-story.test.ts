// The story builder and `explain` on the recorded audit log of a real control
// plane (test/fixtures/audit/control-plane.log.gz: a Deployment web of 2
// applied by demystify, then scaled to 3 with kubectl; a controller manager
// and a scheduler; a Node object without a kubelet), and on small made-up
// logs for what a short run does not show.
import { describe, expect, it } from 'vitest';
import { explainObject, explanationLines } from '../../src/wire/explain.js';
import { ObjectGraph } from '../../src/wire/object-graph.js';
import { buildStory, storyLines } from '../../src/wire/story.js';
import { as, auditEvents, recordedAudit } from '../helpers/audit-events.js';

const recorded = recordedAudit('control-plane.log.gz');
const t0 = recorded[0]!.time;
const rel = (ms: number): string => `+${((ms - t0) / 1000).toFixed(1)}s`;

describe('the story of a stretch of the audit trail', () => {
  it('tells the Deployment family together, in order, indented by owner, reads and noise left out', () => {
    const lines = storyLines(buildStory(recorded), new ObjectGraph(recorded));
    const start = lines.indexOf('demystify (apply) created deployment/web');
    expect(lines.slice(start, start + 8)).toEqual([
      'demystify (apply) created deployment/web',
      '  deployment controller created replicaset/web-99c757c56',
      'deployment controller wrote the status of deployment/web (6 times)',
      '    replicaset controller created 3 pods of replicaset/web-99c757c56: web-99c757c56-wt69t, web-99c757c56-gzx7s, web-99c757c56-sqcqm',
      '    scheduler bound 3 pods of replicaset/web-99c757c56: web-99c757c56-wt69t, web-99c757c56-gzx7s, web-99c757c56-sqcqm',
      '  replicaset controller wrote the status of replicaset/web-99c757c56 (4 times)',
      'you (kubectl) scaled deployment/web',
      '  deployment controller updated replicaset/web-99c757c56',
    ]);
    expect(lines).toContain('demystify (apply) created service/web');
    expect(lines).toContain('  endpoints controller created endpoints/web');
    // Heartbeats, events, reads and token requests are not part of a story.
    const beats = buildStory(recorded);
    expect(beats.filter((b) => ['leases', 'events', 'tokenreviews'].includes(b.resource))).toEqual([]);
    expect(beats.filter((b) => b.deed.includes('token'))).toEqual([]);
    expect(new Set(beats.map((b) => b.deed))).toEqual(
      new Set(['created', 'updated', 'wrote the status of', 'bound', 'scaled']),
    );
  });

  it('names the Pods the ReplicaSet controller created with generateName (logged before they had names)', () => {
    const unnamed = recorded.filter(
      (e) => e.verb === 'create' && e.objectRef?.resource === 'pods' && !e.objectRef.name,
    );
    expect(unnamed).toHaveLength(3);
    const graph = new ObjectGraph(recorded);
    expect(unnamed.map((e) => graph.objectOf(e)?.name)).toEqual([
      'web-99c757c56-wt69t',
      'web-99c757c56-gzx7s',
      'web-99c757c56-sqcqm',
    ]);
  });

  it('explains deployment/web: who made it, who changed it, what it caused, who acted in order', () => {
    const res = explainObject(recorded, 'deployments', 'web', undefined);
    if (!res.ok) throw new Error(res.reason);
    expect(explanationLines(res.explanation, rel)).toEqual([
      'deployment/web in namespace default, from the audit log:',
      '  +5.4s  demystify (apply) created deployment/web',
      '  +11.8s  deployment controller wrote the status of deployment/web (6 times), the last at +12.7s',
      '  +12.6s  you (kubectl) scaled deployment/web',
      'What it caused:',
      '  +11.6s  deployment controller created replicaset/web-99c757c56',
      '  +11.9s    replicaset controller created 3 pods of replicaset/web-99c757c56: web-99c757c56-wt69t, web-99c757c56-gzx7s, web-99c757c56-sqcqm, the last at +12.6s',
      '  +12.0s    scheduler bound 3 pods of replicaset/web-99c757c56: web-99c757c56-wt69t, web-99c757c56-gzx7s, web-99c757c56-sqcqm, the last at +12.6s',
      '  +12.1s  replicaset controller wrote the status of replicaset/web-99c757c56 (4 times), the last at +12.7s',
      '  +12.6s  deployment controller updated replicaset/web-99c757c56',
      'Who acted, in order: demystify (apply), deployment controller, replicaset controller, scheduler, you (kubectl)',
    ]);
  });

  it('says so when the log never mentions the object', () => {
    expect(explainObject(recorded, 'deployments', 'api', 'demo')).toEqual({
      ok: false,
      reason:
        'the audit log never mentions deployment/api in namespace demo: check the kind, the name and the namespace (-n), and that auditing was on when it was made',
    });
  });

  it('follows a Pod to the kubelet that runs it, and a Service to its EndpointSlice', () => {
    const ns = { namespace: 'default' };
    const events = auditEvents([
      { verb: 'create', resource: 'deployments', name: 'web', ...ns, code: 201 },
      { verb: 'create', resource: 'services', name: 'web', ...ns, code: 201 },
      {
        verb: 'create',
        resource: 'replicasets',
        name: 'web-6f9c7d5b8',
        ...ns,
        code: 201,
        ...as.controller('deployment-controller'),
      },
      { verb: 'create', resource: 'pods', ...ns, code: 201, ...as.controller('replicaset-controller') },
      {
        verb: 'create',
        resource: 'pods',
        subresource: 'binding',
        name: 'web-6f9c7d5b8-x2x4z',
        ...ns,
        code: 201,
        ...as.scheduler,
      },
      {
        verb: 'patch',
        resource: 'pods',
        subresource: 'status',
        name: 'web-6f9c7d5b8-x2x4z',
        ...ns,
        ...as.kubelet('node-1'),
      },
      {
        verb: 'create',
        resource: 'endpointslices',
        name: 'web-abcde',
        ...ns,
        code: 201,
        ...as.controller('endpointslice-controller'),
      },
      {
        verb: 'patch',
        resource: 'pods',
        subresource: 'status',
        name: 'web-6f9c7d5b8-x2x4z',
        ...ns,
        ...as.kubelet('node-1'),
      },
      {
        verb: 'update',
        resource: 'leases',
        name: 'node-1',
        namespace: 'kube-node-lease',
        ...as.kubelet('node-1'),
      },
    ]);
    expect(storyLines(buildStory(events), new ObjectGraph(events))).toEqual([
      'you (kubectl) created deployment/web',
      '  deployment controller created replicaset/web-6f9c7d5b8',
      '    replicaset controller created pod/web-6f9c7d5b8-x2x4z',
      '    scheduler bound pod/web-6f9c7d5b8-x2x4z',
      '    kubelet node-1 wrote the status of pod/web-6f9c7d5b8-x2x4z (2 times)',
      'you (kubectl) created service/web',
      '  endpointslice controller created endpointslice/web-abcde',
    ]);
  });
});
