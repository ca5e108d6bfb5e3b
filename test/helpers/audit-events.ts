// Audit events for tests, shaped as the API server writes them (audit.k8s.io/v1,
// Metadata level): one JSON line each; and the recorded logs of real runs.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseAuditLine, type AuditEvent } from '../../src/wire/audit-event.js';
export interface EventSpec {
  readonly verb: string;
  readonly user?: string;
  readonly groups?: readonly string[];
  readonly userAgent?: string;
  readonly resource?: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly apiGroup?: string;
  readonly code?: number;
  readonly stage?: string;
  /** ms since the epoch */
  readonly time?: number;
  readonly received?: number;
  readonly uri?: string;
  readonly id?: string;
}

let n = 0;

export function auditLine(s: EventSpec): string {
  const time = s.time ?? Date.UTC(2026, 11, 7, 18, 0, 0);
  const objectRef = s.resource
    ? {
        resource: s.resource,
        ...(s.namespace ? { namespace: s.namespace } : {}),
        ...(s.name ? { name: s.name } : {}),
        ...(s.apiGroup ? { apiGroup: s.apiGroup } : {}),
        apiVersion: 'v1',
        ...(s.subresource ? { subresource: s.subresource } : {}),
      }
    : undefined;
  return JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: s.id ?? `id-${++n}`,
    stage: s.stage ?? 'ResponseComplete',
    requestURI: s.uri ?? `/api/v1/${s.resource ?? ''}`,
    verb: s.verb,
    user: { username: s.user ?? 'admin', groups: s.groups ?? ['system:masters', 'system:authenticated'] },
    sourceIPs: ['127.0.0.1'],
    userAgent: s.userAgent ?? 'kubectl/v1.37.2 (linux/amd64) kubernetes/abcdef0',
    ...(objectRef ? { objectRef } : {}),
    responseStatus: { metadata: {}, code: s.code ?? 200 },
    requestReceivedTimestamp: new Date(s.received ?? time).toISOString(),
    stageTimestamp: new Date(time).toISOString(),
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
  });
}

/** A recorded audit log from test/fixtures/audit (gzipped JSON lines), parsed. */
export function recordedAudit(name: string): AuditEvent[] {
  const text = zlib.gunzipSync(fs.readFileSync(path.join('test/fixtures/audit', name))).toString('utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const parsed = parseAuditLine(l);
      if (parsed.kind !== 'event') throw new Error(`${name}: ${parsed.reason}`);
      return parsed.event;
    });
}

/** Events from specs, one second apart, as parsed from their lines. */
export function auditEvents(specs: readonly EventSpec[]): AuditEvent[] {
  return specs.map((s, i) => {
    const p = parseAuditLine(auditLine({ time: Date.UTC(2026, 11, 7, 18, 0, i), ...s }));
    if (p.kind !== 'event') throw new Error(p.reason);
    return p.event;
  });
}

const K8S = (bin: string): string => `${bin}/v1.37.2 (linux/amd64) kubernetes/unknown`;
/** Who made a request, as the components' certificates and service accounts say. */
export const as = {
  kubelet: (node: string) => ({ user: `system:node:${node}`, userAgent: K8S('kubelet') }),
  controller: (name: string) => ({
    user: `system:serviceaccount:kube-system:${name}`,
    userAgent: K8S('kube-controller-manager'),
  }),
  scheduler: { user: 'system:kube-scheduler', userAgent: K8S('kube-scheduler') },
  kubectl: { user: 'admin', userAgent: K8S('kubectl') },
};
