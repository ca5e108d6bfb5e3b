// One line per request: time, who, verb, resource/subresource,
// namespace/name, status code. A watch gets a line when it opens and one when
// it closes. Pure: the clock's rendering is passed in.
import type { AuditEvent } from './audit-event.js';
import type { WireEntry } from './wire-entry.js';

export interface LineStyle {
  /** Renders a time; default: local HH:MM:SS.mmm. */
  readonly time?: (ms: number) => string;
}

/** Local wall-clock time with milliseconds: requests a few ms apart still read in order. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** Column widths: the longest usual agent name ("endpointslice controller") fits. */
const WHO = 26;
const VERB = 7;
const RESOURCE = 22;

export function formatEntry(entry: WireEntry, style: LineStyle = {}): string {
  const e = entry.event;
  const time = (style.time ?? clockTime)(e.time);
  const who = pad(entry.agent.name, WHO);
  const verb = pad(e.verb, VERB);
  const resource = pad(resourceText(e), RESOURCE);
  const target = objectText(e) + selectorText(e);
  return `${time}  ${who} ${verb} ${resource} ${target}  ${outcomeText(entry)}`.trimEnd();
}

/** "pods/binding", "deployments", or the path of a URL that is not a resource ("/readyz"). */
export function resourceText(e: AuditEvent): string {
  const r = e.objectRef;
  if (!r?.resource) return e.requestURI.split('?')[0] ?? e.requestURI;
  return r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
}

/** "default/web", "node-0", "default/(name not chosen yet)", "in default", "in all namespaces". */
export function objectText(e: AuditEvent): string {
  const r = e.objectRef;
  if (!r?.resource) return '';
  if (r.name) return r.namespace ? `${r.namespace}/${r.name}` : r.name;
  // A review (tokenreviews, subjectaccessreviews...) is a question, never stored: it has no object.
  if (r.resource.endsWith('reviews')) return '';
  // A create without a name is a generateName: the server picks it, and Metadata-level
  // auditing logs the request before it does.
  if (e.verb === 'create') return r.namespace ? `${r.namespace}/(new name)` : '(new name)';
  return r.namespace ? `in ${r.namespace}` : 'in all namespaces';
}

/** A list's or watch's selectors, which say what a component cares about: "spec.nodeName=node-0". */
function selectorText(e: AuditEvent): string {
  if (e.verb !== 'list' && e.verb !== 'watch') return '';
  const q = e.requestURI.indexOf('?');
  if (q < 0) return '';
  const params = new URLSearchParams(e.requestURI.slice(q + 1));
  const parts = [params.get('fieldSelector'), params.get('labelSelector')].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function outcomeText(entry: WireEntry): string {
  const e = entry.event;
  if (entry.what === 'open') return 'opened';
  const code = e.code === undefined ? '' : String(e.code);
  if (entry.what === 'close') return `closed after ${duration(e.time - e.received)}${code ? ` ${code}` : ''}`;
  return e.message && e.code !== undefined && e.code >= 400 ? `${code} ${shorten(e.message, 80)}` : code;
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60
    ? `${m}m${String(s % 60).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function shorten(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
