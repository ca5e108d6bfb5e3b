// The audit check: its YAML (what lint says about a bad one, with
// positions) and its verdicts, on the recorded log of a real control plane
// and on made-up kubelet writes (the recorded run has no kubelet); and the
// {wire} attribute that opens the wire view at a step.
import { describe, expect, it } from 'vitest';
import type { AuditQuery } from '../../src/lesson/check-model.js';
import { ANY_WRITE } from '../../src/lesson/check-audit.js';
import { parseCheck } from '../../src/lesson/check-schema.js';
import { formatIssue } from '../../src/lesson/issues.js';
import { parseChapter } from '../../src/lesson/parse-chapter.js';
import { judgeAudit } from '../../src/verify/audit-check.js';
import type { AuditEvent } from '../../src/wire/audit-event.js';
import { as, auditEvents, recordedAudit, type EventSpec } from '../helpers/audit-events.js';

const recorded = recordedAudit('control-plane.log.gz');
const q = (over: Partial<AuditQuery>): AuditQuery => ({ ...ANY_WRITE, resource: 'pods', ...over });
const made = (specs: EventSpec[]): AuditEvent[] =>
  auditEvents(specs.map((s) => ({ namespace: 'default', ...s })));
const bound = (name: string): EventSpec => ({
  verb: 'create',
  resource: 'pods',
  subresource: 'binding',
  name,
  code: 201,
  ...as.scheduler,
});
const status = (name: string, node: string, extra: Partial<EventSpec> = {}): EventSpec => ({
  verb: 'patch',
  resource: 'pods',
  subresource: 'status',
  name,
  ...as.kubelet(node),
  ...extra,
});

describe('audit check YAML', () => {
  const parse = (body: string) => parseCheck('c.md', 10, body);

  it('reads who, verb, resource/subresource, namespace, a name prefix, node, only, and count', () => {
    const { check, issues } = parse(
      'audit: {who: scheduler, verb: create, resource: pods/binding, namespace: default, name: web-*, node: node-1}\ncount: ">=1"\n',
    );
    expect(issues).toEqual([]);
    expect(check?.target).toEqual({
      kind: 'audit',
      query: q({
        who: 'scheduler',
        verb: 'create',
        subresource: 'binding',
        namespace: 'default',
        name: 'web-',
        prefix: true,
        node: 'node-1',
      }),
    });
    expect(check?.waiting).toBe(
      'waiting for the audit log to show scheduler create pods/binding of web-* (running on node-1)',
    );
  });

  it('says what is wrong, where', () => {
    const messages = (body: string) =>
      parse(body).issues.map((i) => `${i.pos.line}:${i.pos.column}: ${i.message}`);
    expect(messages('audit: {who: kubelet}\n')).toEqual([
      '10:1: audit needs resource: the resource as the wire view shows it, e.g. pods or pods/binding',
    ]);
    expect(
      messages(
        'audit:\n  resource: Pod\n  verb: bind\n  name: Web\n  node: node-1x\n  only: yes\n  colour: red\n',
      ),
    ).toEqual([
      '16:3: unknown audit key "colour": use who, verb, resource, namespace, name, node, only',
      '11:3: "Pod" is not a resource as the audit log names it: plural and lower case, e.g. pods, deployments or pods/status',
      '12:3: verb is one of write, create, update, patch, delete, deletecollection, get, list, watch',
      '13:3: "Web" is not an object name: a name, or its start followed by * (web-*)',
      "14:3: node applies to pods: the node whose kubelet then wrote the Pod's status",
      '15:3: only is true or false',
    ]);
    expect(messages('audit: {resource: pods/status, only: true}\n')).toEqual([
      '10:1: only needs who: every matching write was made by whom?',
    ]);
  });
});

describe('audit check verdicts', () => {
  it('passes when the scheduler bound Pods of web, counting objects', () => {
    const query = q({ who: 'scheduler', verb: 'create', subresource: 'binding', name: 'web-', prefix: true });
    expect(judgeAudit(recorded, query, undefined)).toEqual({
      ok: true,
      progress:
        'the audit log shows scheduler create pods/binding of web-*: web-99c757c56-wt69t, web-99c757c56-gzx7s, web-99c757c56-sqcqm',
    });
    expect(judgeAudit(recorded, query, { op: '==', value: 2 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^the audit log shows 3, expected 2: /),
    });
  });

  it('counts a watch once it is open', () => {
    expect(judgeAudit(recorded, q({ who: 'scheduler', verb: 'watch' }), undefined)).toEqual({
      ok: true,
      progress: 'the audit log shows scheduler watch pods',
    });
  });

  it('matches a Pod created with generateName by the name it got', () => {
    const query = q({ who: 'replicaset', verb: 'create', name: 'web-99c757c56-sqcqm' });
    expect(judgeAudit(recorded, query, undefined).ok).toBe(true);
  });

  it('fails with what the log does show instead', () => {
    expect(judgeAudit(recorded, q({ who: 'kubelet', subresource: 'binding' }), undefined)).toEqual({
      ok: false,
      progress: '0 objects so far',
      reason:
        'the audit log shows no kubelet writing pods/binding since the chapter started; it shows it by scheduler',
    });
  });

  it('node: the Pod then ran there (that kubelet wrote its status)', () => {
    const events = made([
      bound('web-a'),
      bound('web-b'),
      status('web-a', 'node-0'),
      status('web-b', 'node-1'),
    ]);
    const query = q({
      who: 'scheduler',
      verb: 'create',
      subresource: 'binding',
      name: 'web-',
      prefix: true,
      node: 'node-1',
    });
    expect(judgeAudit(events, query, undefined)).toEqual({
      ok: true,
      progress: 'the audit log shows scheduler create pods/binding of web-*: web-b (running on node-1)',
    });
    const none = judgeAudit(events.slice(0, 3), query, undefined);
    expect(none.reason).toBe(
      'scheduler create web-a, web-b, but no kubelet node-1 wrote their status since: kubelet node-0 did',
    );
  });

  it('only: every write was made by that agent', () => {
    const query = q({ who: 'kubelet', subresource: 'status', name: 'web-a', only: true });
    expect(
      judgeAudit(made([status('web-a', 'node-0'), status('web-a', 'node-0')]), query, undefined).ok,
    ).toBe(true);
    const meddled = made([status('web-a', 'node-0'), status('web-a', 'node-0', as.kubectl)]);
    expect(judgeAudit(meddled, query, undefined)).toMatchObject({
      ok: false,
      reason:
        'kubelet writing pods/status of web-a was written by you (kubectl) too (web-a), not only by kubelet',
    });
    expect(judgeAudit([], query, undefined).ok).toBe(false);
  });
});

describe('the wire attribute', () => {
  const FM = '---\nid: demo\ntitle: Demo\n---\n';
  const parse = (body: string) => parseChapter('demo.md', FM + body);

  it('opens the wire view at a step, for all components or some', () => {
    const { chapter, issues } = parse(
      [
        '```sh {wire}',
        'kubectl scale deployment web --replicas=3',
        '```',
        '```sh {pane=kube-scheduler wire="scheduler,kubelet node-1"}',
        'kube-scheduler --config=s.yaml',
        '```',
        '```sh',
        'true',
        '```',
      ].join('\n'),
    );
    expect(issues).toEqual([]);
    expect(chapter!.steps.map((s) => s.wire)).toEqual([[], ['scheduler', 'kubelet node-1'], undefined]);
  });

  it('refuses a word the wire view cannot filter by, and a step it does not belong on', () => {
    const { issues } = parse(
      ['```sh {wire="Scheduler!"}', 'true', '```', '```yaml {file=a.yaml wire}', 'a: 1', '```'].join('\n'),
    );
    expect(issues.map(formatIssue)).toEqual([
      'demo.md:5:13: wire= names the components to show, as the wire view names them: wire=scheduler, wire="kubelet node-1", wire=replicaset-controller,scheduler',
      'demo.md:8:22: unknown attribute "wire" for a file step: allowed are id, file, mode',
    ]);
  });
});
