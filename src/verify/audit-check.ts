// The audit check: asks the API server's audit log who did what since the
// chapter started ("the scheduler bound a Pod of web to node-1", "only the
// kubelet wrote this Pod's status"). The observer follows the log as it
// grows (only what is new each look); judging is pure.
import type { AuditQuery, CountSpec } from '../lesson/check-model.js';
import { isComplete, succeeded, type AuditEvent } from '../wire/audit-event.js';
import { noAuditLogSentence } from '../wire/audit-files.js';
import { AuditTail } from '../wire/audit-tail.js';
import { agentMatches } from '../wire/agents.js';
import { ObjectGraph } from '../wire/object-graph.js';
import { AgentNamer } from '../wire/wire-entry.js';
import type { Observation, Observer } from './types.js';

export interface AuditAccess {
  readonly logPath: string;
  /** Only requests from this time on count (ms): when the chapter started. */
  readonly since: number | undefined;
}

const WRITES = ['create', 'update', 'patch', 'delete', 'deletecollection'];

export function auditObserver(q: AuditQuery, count: CountSpec | undefined, access: AuditAccess): Observer {
  const tail = new AuditTail(access.logPath, { since: access.since });
  const events: AuditEvent[] = [];
  let missing = false;
  let closing = false;
  return {
    pollMs: 300,
    async observe(signal): Promise<Observation> {
      // The check ends with its signal: the log file is closed then, not left to the garbage collector.
      if (!closing) signal.addEventListener('abort', () => void tail.close(), { once: true });
      closing = true;
      do
        for (const item of await tail.poll()) {
          if (item.kind === 'notice') missing = item.text === noAuditLogSentence(access.logPath);
          // Only its resource matters: the Pods' names and their status writes.
          else if (item.event.objectRef?.resource === q.resource) {
            events.push(item.event);
            missing = false;
          }
        }
      while (tail.more);
      if (missing && !events.length) {
        const reason = noAuditLogSentence(access.logPath);
        return { ok: false, progress: reason, reason };
      }
      return judgeAudit(events, q, count);
    },
  };
}

/** The pure part: the audit events since the chapter started in, verdict out. */
export function judgeAudit(
  events: readonly AuditEvent[],
  q: AuditQuery,
  count: CountSpec | undefined,
  namer = new AgentNamer(),
): Observation {
  const graph = new ObjectGraph(events);
  const nameOf = (e: AuditEvent): string | undefined => graph.objectOf(e)?.name;
  const candidates = events.filter((e) => {
    const r = e.objectRef;
    // A watch counts once it is open: it completes only when it closes.
    if (!r || !(isComplete(e) || e.verb === 'watch') || !succeeded(e)) return false;
    if (q.verb === 'write' ? !WRITES.includes(e.verb) : e.verb !== q.verb) return false;
    if (r.resource !== q.resource || r.subresource !== q.subresource) return false;
    if (q.namespace !== undefined && r.namespace !== q.namespace) return false;
    if (q.name === undefined) return true;
    const name = nameOf(e) ?? '';
    return q.prefix ? name.startsWith(q.name) : name === q.name;
  });
  const what = describe(q);
  const agent = (e: AuditEvent): string => namer.of(e).name;
  const byWho = (e: AuditEvent): boolean =>
    !q.who ||
    agentMatches(namer.of(e), q.who) ||
    namer.of(e).name.toLowerCase().includes(q.who.toLowerCase());
  if (q.only) {
    const other = candidates.find((e) => !byWho(e));
    if (other) {
      const reason = `${what} was written by ${agent(other)} too (${nameOf(other) ?? 'a new object'}), not only by ${q.who}`;
      return { ok: false, progress: reason, reason };
    }
  }
  let matches = candidates.filter(byWho);
  let runsOn = '';
  if (q.node) {
    const before = matches;
    matches = matches.filter((m) => statusWrittenBy(events, q.node!, nameOf(m), m, namer));
    if (before.length && !matches.length) {
      const reason = `${q.who ?? 'someone'} ${verbText(q)} ${names(before, nameOf)}, but no kubelet ${q.node} wrote ${before.length > 1 ? 'their' : 'its'} status since: ${wroteStatus(events, before, nameOf, namer)}`;
      return { ok: false, progress: reason, reason };
    }
    runsOn = ` (running on ${q.node})`;
  }
  const distinct = new Set(matches.map((m, i) => nameOf(m) ?? `#${i}`));
  const n = distinct.size;
  const enough = count ? compare(n, count) : n >= 1;
  // Names where the log has them (a watch of a collection, or a create the server named, has none).
  const named = [...distinct].filter((d) => !d.startsWith('#'));
  const shown = named.length ? `: ${named.join(', ')}` : '';
  const progress = `${n} ${n === 1 ? 'object' : 'objects'} so far${shown}${runsOn}`;
  if (enough) return { ok: true, progress: `the audit log shows ${what}${shown}${runsOn}` };
  const others = candidates.filter((e) => !byWho(e));
  const seen = others.length ? `; it shows it by ${[...new Set(others.map(agent))].join(', ')}` : '';
  const reason = n
    ? `the audit log shows ${n}, ${count ? `expected ${count.op === '==' ? '' : count.op}${count.value}` : ''}: ${what}${shown}`
    : `the audit log shows no ${what} since the chapter started${seen}`;
  return { ok: false, progress, reason };
}

/** Did kubelet `node` write this Pod's status after `m`? */
function statusWrittenBy(
  events: readonly AuditEvent[],
  node: string,
  pod: string | undefined,
  m: AuditEvent,
  namer: AgentNamer,
): boolean {
  if (!pod) return false;
  return events.some(
    (e) =>
      e.time >= m.time &&
      e.objectRef?.subresource === 'status' &&
      e.objectRef.name === pod &&
      e.objectRef.namespace === m.objectRef?.namespace &&
      succeeded(e) &&
      namer.of(e).node === node,
  );
}

function wroteStatus(
  events: readonly AuditEvent[],
  pods: readonly AuditEvent[],
  nameOf: (e: AuditEvent) => string | undefined,
  namer: AgentNamer,
): string {
  const podNames = new Set(pods.map(nameOf));
  const writers = events
    .filter((e) => e.objectRef?.subresource === 'status' && podNames.has(e.objectRef.name) && succeeded(e))
    .map((e) => namer.of(e).name);
  return writers.length ? `${[...new Set(writers)].join(', ')} did` : 'no kubelet has yet';
}

function describe(q: AuditQuery): string {
  const who = q.who ? `${q.who} ` : '';
  const object = q.name !== undefined ? ` of ${q.name}${q.prefix ? '*' : ''}` : '';
  const ns = q.namespace ? ` in ${q.namespace}` : '';
  return `${who}${verbText(q)} ${q.subresource ? `${q.resource}/${q.subresource}` : q.resource}${object}${ns}`;
}

function verbText(q: AuditQuery): string {
  return q.verb === 'write' ? 'writing' : q.verb;
}

function names(events: readonly AuditEvent[], nameOf: (e: AuditEvent) => string | undefined): string {
  return [...new Set(events.map((e) => nameOf(e) ?? 'a new object'))].join(', ');
}

function compare(n: number, c: CountSpec): boolean {
  return c.op === '==' ? n === c.value : c.op === '>=' ? n >= c.value : n <= c.value;
}
