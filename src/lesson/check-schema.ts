// Parses a ```yaml {check} body into a CheckSpec. Exactly one target key:
//
//   resource: {apiVersion, kind, namespace?, name? | selector?}
//   api: readyz | livez
//   etcd: health
//   node: <name> | any
//   command: <shell command>       (with exit: <status>, default 0)
//   audit: {who?, verb?, resource, namespace?, name?, node?, only?}
//
// Modifiers: on (command), fields, count, hold, waiting, fail, component,
// insecure-skip-tls-verify.
import { parseDuration } from './duration.js';
import { describeFieldPathError, readFieldPath } from './field-path.js';
import { issue, type LessonIssue } from './issues.js';
import { auditWaiting, parseAudit } from './check-audit.js';
import type { CheckSpec, CheckTarget, CountSpec, ResourceRef } from './check-model.js';
import { NODE_NAME } from './model.js';
import { isRecord, loadMapping, textPosition, keyPosition, type KeyIssue } from './yaml-body.js';

export const TARGETS = ['resource', 'api', 'etcd', 'node', 'command', 'audit'] as const;
export const MODIFIERS = [
  'exit',
  'on',
  'fields',
  'count',
  'hold',
  'waiting',
  'fail',
  'component',
  'insecure-skip-tls-verify',
  'keep',
] as const;
/** The targets reached through the admin kubeconfig, whose TLS a check may (say it will) not verify. */
const KUBECONFIG_TARGETS: readonly CheckTarget['kind'][] = ['resource', 'api', 'node'];
const RESOURCE_KEYS = ['apiVersion', 'kind', 'namespace', 'name', 'selector'];

export function parseCheck(
  file: string,
  bodyLine: number,
  body: string,
): { check: CheckSpec | undefined; issues: LessonIssue[] } {
  const { doc, at, issues } = loadMapping(file, bodyLine, body, {
    keys: [...TARGETS, ...MODIFIERS],
    notMapping: `a check is a YAML mapping with one of: ${TARGETS.join(', ')}`,
    unknown: (key) =>
      `unknown check key "${key}": a check has one of ${TARGETS.join(', ')} and may add ${MODIFIERS.join(', ')}`,
  });
  if (!doc) return { check: undefined, issues };
  const targets = TARGETS.filter((t) => t in doc);
  if (targets.length !== 1) {
    issues.push(
      targets.length === 0
        ? issue(
            file,
            bodyLine,
            1,
            `unknown verification kind: a check needs exactly one of ${TARGETS.join(', ')}`,
          )
        : at(
            targets[1] ?? '',
            `a check has one target, but this one has ${targets.join(' and ')}: split it in two`,
          ),
    );
    return { check: undefined, issues };
  }
  const target = parseTarget(targets[0] ?? 'resource', doc, at, issues);
  const fields: Record<string, string | number | boolean | null> = {};
  if (doc.fields !== undefined) {
    if (!isRecord(doc.fields))
      issues.push(at('fields', 'fields maps dotted paths to values, e.g. status.phase: Running'));
    else
      for (const [k, v] of Object.entries(doc.fields)) {
        const path = readFieldPath(k);
        if (!path.ok) {
          const written = textPosition(bodyLine, body, k);
          const p = written ?? keyPosition(bodyLine, body, 'fields');
          issues.push(
            issue(
              file,
              p.line,
              p.column + (written ? path.at : 0),
              `${describeFieldPathError(k, path)}; a path is dotted names with [0] (an index), [type=Ready] (the element whose type is Ready) or ["a.b"] (a key with dots), e.g. status.conditions[type=Ready].status`,
            ),
          );
        } else if (v === null || ['string', 'number', 'boolean'].includes(typeof v))
          fields[k] = v as string | number | boolean | null;
        else
          issues.push(
            at(k, `the expected value of "${k}" must be a plain value (text, number, true/false, null)`),
          );
      }
  }
  const count = doc.count === undefined ? undefined : parseCount(doc.count);
  if (doc.count !== undefined && !count)
    issues.push(at('count', 'count is a number or a comparison such as ">=1" or "<=3"'));
  if (count && target.kind === 'resource' && target.resource.name) {
    issues.push(at('count', 'count applies to a list: drop name (or use selector) to count objects'));
  }
  const holdMs = doc.hold === undefined ? undefined : parseDuration(String(doc.hold));
  if (doc.hold !== undefined && holdMs === undefined)
    issues.push(at('hold', 'hold is a duration such as 10s or 1m'));
  for (const key of ['waiting', 'fail', 'component'] as const) {
    if (doc[key] !== undefined && typeof doc[key] !== 'string') issues.push(at(key, `${key} must be text`));
  }
  if (doc.exit !== undefined && target.kind !== 'command')
    issues.push(at('exit', 'exit only applies to a command check'));
  if (doc.on !== undefined && target.kind !== 'command')
    issues.push(at('on', 'on only applies to a command check: it names the node the command runs on'));
  const insecure = doc['insecure-skip-tls-verify'];
  if (insecure !== undefined && typeof insecure !== 'boolean')
    issues.push(at('insecure-skip-tls-verify', 'insecure-skip-tls-verify is true or false'));
  else if (insecure === true && !KUBECONFIG_TARGETS.includes(target.kind))
    issues.push(
      at(
        'insecure-skip-tls-verify',
        `insecure-skip-tls-verify applies to ${KUBECONFIG_TARGETS.join(', ')} checks (through the admin kubeconfig); remove it here`,
      ),
    );
  const keep = doc.keep;
  if (keep !== undefined && typeof keep !== 'boolean') issues.push(at('keep', 'keep is true or false'));
  else if (keep === true && holdMs !== undefined)
    issues.push(
      at('keep', 'a check with hold says "nothing happens yet": that cannot stay true, so it cannot be kept'),
    );
  else if (keep === true && target.kind === 'audit')
    issues.push(at('keep', 'an audit check is about what happened in its chapter: it cannot be kept'));
  if (issues.length) return { check: undefined, issues };
  return {
    check: {
      target,
      fields,
      count,
      holdMs,
      waiting: typeof doc.waiting === 'string' ? doc.waiting : defaultWaiting(target, count),
      onFail: typeof doc.fail === 'string' ? doc.fail : undefined,
      component: typeof doc.component === 'string' ? doc.component : undefined,
      verifyTls: insecure !== true,
      ...(typeof keep === 'boolean' ? { keep } : {}),
    },
    issues,
  };
}

function parseTarget(
  kind: (typeof TARGETS)[number],
  doc: Record<string, unknown>,
  at: KeyIssue,
  issues: LessonIssue[],
): CheckTarget {
  const v = doc[kind];
  switch (kind) {
    case 'api':
      if (v !== 'readyz' && v !== 'livez') issues.push(at('api', 'api is readyz or livez'));
      return { kind: 'api', endpoint: v === 'livez' ? 'livez' : 'readyz' };
    case 'etcd':
      if (v !== 'health') issues.push(at('etcd', 'etcd is health (the only etcd check so far)'));
      return { kind: 'etcd', endpoint: 'health' };
    case 'node':
      if (typeof v !== 'string' || v === '')
        issues.push(at('node', 'node is a node name, or "any" for the first node'));
      return { kind: 'node', name: v === 'any' || typeof v !== 'string' ? undefined : v };
    case 'command': {
      if (typeof v !== 'string' || v.trim() === '')
        issues.push(at('command', 'command is the shell command to run'));
      const exit = doc.exit ?? 0;
      if (!Number.isInteger(exit) || (exit as number) < 0 || (exit as number) > 255) {
        issues.push(at('exit', 'exit is the expected exit status, 0-255'));
      }
      return {
        kind: 'command',
        command: typeof v === 'string' ? v : '',
        exitCode: Number(exit),
        on: parseOn(doc, at, issues),
      };
    }
    case 'resource':
      return { kind: 'resource', resource: parseResource(v, at, issues) };
    case 'audit':
      return { kind: 'audit', query: parseAudit(v, at, issues) };
  }
}

/** `on: node-0`: the node a command (a check's, a question's) runs on, as root. */
export function parseOn(
  doc: Record<string, unknown>,
  at: KeyIssue,
  issues: LessonIssue[],
): string | undefined {
  const on = doc.on;
  if (on !== undefined && (typeof on !== 'string' || !NODE_NAME.test(on)))
    issues.push(at('on', 'on names the node the command runs on, e.g. on: node-0'));
  return typeof on === 'string' ? on : undefined;
}

function parseResource(v: unknown, at: KeyIssue, issues: LessonIssue[]): ResourceRef {
  const empty = { apiVersion: 'v1', kind: 'Pod', namespace: undefined, name: undefined, selector: undefined };
  if (!isRecord(v)) {
    issues.push(at('resource', 'resource is a mapping: apiVersion, kind, and namespace, name or selector'));
    return empty;
  }
  for (const key of Object.keys(v)) {
    if (!RESOURCE_KEYS.includes(key))
      issues.push(at(key, `unknown resource key "${key}": use ${RESOURCE_KEYS.join(', ')}`));
  }
  for (const key of RESOURCE_KEYS) {
    if (v[key] !== undefined && typeof v[key] !== 'string')
      issues.push(at(key, `resource ${key} must be text`));
  }
  if (typeof v.apiVersion !== 'string')
    issues.push(at('resource', 'resource needs apiVersion, e.g. apps/v1'));
  if (typeof v.kind !== 'string') issues.push(at('resource', 'resource needs kind, e.g. Deployment'));
  if (v.name !== undefined && v.selector !== undefined)
    issues.push(at('selector', 'give name or selector, not both'));
  const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
  return {
    apiVersion: str(v.apiVersion) ?? 'v1',
    kind: str(v.kind) ?? 'Pod',
    namespace: str(v.namespace),
    name: str(v.name),
    selector: str(v.selector),
  };
}

function parseCount(v: unknown): CountSpec | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return { op: '==', value: v };
  const m = typeof v === 'string' ? /^\s*(>=|<=|==)?\s*(\d+)\s*$/.exec(v) : null;
  if (!m) return undefined;
  return { op: (m[1] as CountSpec['op'] | undefined) ?? '==', value: Number(m[2]) };
}

function defaultWaiting(t: CheckTarget, count: CountSpec | undefined): string {
  switch (t.kind) {
    case 'api':
      return `waiting for the API server's /${t.endpoint} to answer ok`;
    case 'etcd':
      return 'waiting for etcd to report healthy';
    case 'node':
      return `waiting for node ${t.name ?? '(any)'} to be Ready`;
    case 'command':
      return `waiting for \`${t.command}\` to exit with status ${t.exitCode}`;
    case 'audit':
      return auditWaiting(t.query);
    case 'resource': {
      const r = t.resource;
      if (r.name) return `waiting for ${r.kind} ${r.name}`;
      return `waiting for ${count ? `${count.op === '==' ? '' : count.op}${count.value} ` : ''}${r.kind} objects`;
    }
  }
}
