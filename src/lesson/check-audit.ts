// The `audit:` check target: a question to the API server's audit log, in
// the words the wire view shows (who, verb, resource/subresource,
// namespace/name). Parsed and linted here; judged in src/verify/audit-check.ts.
import type { AuditQuery } from './check-model.js';
import type { LessonIssue } from './issues.js';
import { isRecord } from './yaml-body.js';

const AUDIT_KEYS = ['who', 'verb', 'resource', 'namespace', 'name', 'node', 'only'];
export const AUDIT_VERBS = [
  'write',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'get',
  'list',
  'watch',
];
const RESOURCE = /^[a-z][a-z0-9.-]*(\/[a-z]+)?$/;
const NAME = /^[a-z0-9][a-z0-9.-]*\*?$/;

/** Any write to anything by anyone: what a query narrows. */
export const ANY_WRITE: AuditQuery = {
  who: undefined,
  verb: 'write',
  resource: '',
  subresource: '',
  namespace: undefined,
  name: undefined,
  prefix: false,
  node: undefined,
  only: false,
};

export function parseAudit(
  v: unknown,
  at: (key: string, message: string) => LessonIssue,
  issues: LessonIssue[],
): AuditQuery {
  const empty = ANY_WRITE;
  if (!isRecord(v)) {
    issues.push(
      at('audit', 'audit is a mapping: resource, and who, verb, namespace, name, node, only as needed'),
    );
    return empty;
  }
  for (const key of Object.keys(v))
    if (!AUDIT_KEYS.includes(key))
      issues.push(at(key, `unknown audit key "${key}": use ${AUDIT_KEYS.join(', ')}`));
  for (const key of ['who', 'verb', 'resource', 'namespace', 'name', 'node'])
    if (v[key] !== undefined && typeof v[key] !== 'string') issues.push(at(key, `audit ${key} must be text`));
  const text = (k: string): string | undefined =>
    typeof v[k] === 'string' ? (v[k] as string).trim() : undefined;
  const resource = text('resource');
  if (resource === undefined)
    issues.push(
      at('audit', 'audit needs resource: the resource as the wire view shows it, e.g. pods or pods/binding'),
    );
  else if (!RESOURCE.test(resource))
    issues.push(
      at(
        'resource',
        `"${resource}" is not a resource as the audit log names it: plural and lower case, e.g. pods, deployments or pods/status`,
      ),
    );
  const verb = text('verb') ?? 'write';
  if (!AUDIT_VERBS.includes(verb)) issues.push(at('verb', `verb is one of ${AUDIT_VERBS.join(', ')}`));
  const name = text('name');
  if (name !== undefined && !NAME.test(name))
    issues.push(at('name', `"${name}" is not an object name: a name, or its start followed by * (web-*)`));
  const [res = '', sub = ''] = (resource ?? '').split('/');
  const node = text('node');
  if (node !== undefined && res !== 'pods')
    issues.push(at('node', "node applies to pods: the node whose kubelet then wrote the Pod's status"));
  if (v.only !== undefined && typeof v.only !== 'boolean') issues.push(at('only', 'only is true or false'));
  const who = text('who');
  if (v.only === true && !who)
    issues.push(at('only', 'only needs who: every matching write was made by whom?'));
  if (who === '')
    issues.push(at('who', 'who names an agent as the wire view does: scheduler, kubelet, you...'));
  return {
    who: who || undefined,
    verb,
    resource: res,
    subresource: sub,
    namespace: text('namespace'),
    name: name?.replace(/\*$/, ''),
    prefix: name?.endsWith('*') ?? false,
    node,
    only: v.only === true,
  };
}

/** "waiting for the audit log to show scheduler create pods/binding of web-*". */
export function auditWaiting(q: AuditQuery): string {
  const what = q.verb === 'write' ? 'write' : q.verb;
  const object = q.name !== undefined ? ` of ${q.name}${q.prefix ? '*' : ''}` : '';
  const resource = q.subresource ? `${q.resource}/${q.subresource}` : q.resource;
  const node = q.node ? ` (running on ${q.node})` : '';
  const who = q.who ? `${q.only ? 'only ' : ''}${q.who} ` : 'a ';
  return `waiting for the audit log to show ${who}${what} ${resource}${object}${node}`;
}
