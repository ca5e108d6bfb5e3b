// An audit event as the wire view shows it: who (named once per identity),
// what kind of line (a request, a watch opening, a watch closing), and
// whether the default view hides it (reads, lease renewals, events,
// demystify's own requests). Pure.
import { isRead, type AuditEvent } from './audit-event.js';
import { nameAgent, type Agent } from './agents.js';

export interface WireEntry {
  readonly event: AuditEvent;
  readonly agent: Agent;
  /** A watch (or another long request) opening, one closing, or an ordinary request. */
  readonly what: 'request' | 'open' | 'close';
}

/** Why the default view leaves a line out; undefined when it shows it. */
export type HiddenAs = 'read' | 'lease' | 'event' | 'own';

/**
 * Names agents with a cache: a busy cluster has a dozen identities and
 * thousands of requests, and naming is the costliest part of a line.
 */
export class AgentNamer {
  private readonly cache = new Map<string, Agent>();

  of(e: AuditEvent): Agent {
    const user = e.impersonatedUser ?? e.user;
    const key = `${user.username}\u0000${e.userAgent}`;
    let agent = this.cache.get(key);
    if (!agent) {
      agent = nameAgent(user, e.userAgent);
      // Bounded: a client that changes its user agent per request must not grow this forever.
      if (this.cache.size > 1000) this.cache.clear();
      this.cache.set(key, agent);
    }
    return agent;
  }
}

export function toEntry(e: AuditEvent, namer: AgentNamer): WireEntry {
  const what = e.stage === 'ResponseStarted' ? 'open' : e.verb === 'watch' ? 'close' : 'request';
  return { event: e, agent: namer.of(e), what };
}

export function hiddenAs(entry: WireEntry): HiddenAs | undefined {
  const e = entry.event;
  if (entry.agent.own) return 'own';
  const resource = e.objectRef?.resource;
  if (resource === 'events') return 'event';
  // A node's or a component's heartbeat: the lease is renewed every few seconds.
  if (resource === 'leases' && e.verb !== 'create' && e.verb !== 'delete') return 'lease';
  if (entry.what !== 'request') return undefined;
  // A refused read is worth seeing: it is how RBAC and the Node authorizer say no.
  if (isRead(e) && e.code !== 401 && e.code !== 403) return 'read';
  return undefined;
}
