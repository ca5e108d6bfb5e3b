// What the wire view shows: by default the writes and watches of the
// components (reads, lease renewals, events and demystify's own requests
// hidden), or everything; narrowed to some components and to an object.
// Pure.
import { agentMatches } from './agents.js';
import { nameMatches, type ObjectPattern } from './object-names.js';
import { hiddenAs, type WireEntry } from './wire-entry.js';

export interface WireFilter {
  /** Show every request, hidden kinds included. */
  readonly all: boolean;
  /** Components to show ("scheduler", "kubelet", "kubelet node-1"); empty: all of them. */
  readonly who: readonly string[];
  readonly object: ObjectPattern | undefined;
}

export const DEFAULT_FILTER: WireFilter = { all: false, who: [], object: undefined };

export function shows(entry: WireEntry, filter: WireFilter): boolean {
  if (!filter.all && hiddenAs(entry)) return false;
  if (filter.who.length && !filter.who.some((w) => agentMatches(entry.agent, w))) return false;
  const p = filter.object;
  if (!p) return true;
  const r = entry.event.objectRef;
  if (!r || r.resource !== p.resource) return false;
  if (p.namespace !== undefined && r.namespace !== p.namespace) return false;
  // A list or watch of the whole collection concerns the object too.
  if (p.name !== undefined && r.name === '' && entry.event.verb !== 'create') return true;
  return nameMatches(p, r.name);
}

/** A sentence for the status line: what the view shows now. */
export function describeFilter(filter: WireFilter): string {
  const parts = [filter.all ? 'every request' : 'writes and watches'];
  if (filter.who.length) parts.push(`of ${filter.who.join(', ')}`);
  const p = filter.object;
  if (p) parts.push(`on ${p.resource}${p.name !== undefined ? `/${p.name}${p.prefix ? '*' : ''}` : ''}`);
  return parts.join(' ');
}
