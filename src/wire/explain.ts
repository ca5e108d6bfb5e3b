// The story of one object from the audit trail: who created it, who changed
// it, and what it caused (the writes to the objects it made, and to theirs).
// What `demystify explain deployment/web` prints. Pure.
import type { AuditEvent } from './audit-event.js';
import { keyText, ObjectGraph, type ObjectKey } from './object-graph.js';
import { objectLabel } from './object-names.js';
import { agentsInOrder, beatSentence, buildStory, isStoryWrite, type Beat } from './story.js';
import { AgentNamer } from './wire-entry.js';
import { clockTime } from './wire-line.js';

export interface Explanation {
  readonly object: ObjectKey;
  /** Writes to the object itself (its status too). */
  readonly own: readonly Beat[];
  /** Writes to what it made, and what those made. */
  readonly caused: readonly Beat[];
  /** Everyone who acted, in the order they first did. */
  readonly agents: readonly string[];
  readonly graph: ObjectGraph;
}

export type ExplainResult =
  { readonly ok: true; readonly explanation: Explanation } | { readonly ok: false; readonly reason: string };

/**
 * Explains an object. `namespace` undefined means "default", or no namespace
 * for a kind that has none (nodes, namespaces): whichever the log knows.
 */
export function explainObject(
  events: readonly AuditEvent[],
  resource: string,
  name: string,
  namespace: string | undefined,
): ExplainResult {
  const graph = new ObjectGraph(events);
  const candidates = namespace === undefined ? ['default', ''] : [namespace];
  const object = candidates.map((ns) => ({ resource, namespace: ns, name })).find((k) => graph.exists(k));
  if (!object) {
    const where = namespace === undefined ? '' : ` in namespace ${namespace}`;
    return {
      ok: false,
      reason: `the audit log never mentions ${objectLabel(resource, name)}${where}: check the kind, the name and the namespace (-n), and that auditing was on when it was made`,
    };
  }
  const namer = new AgentNamer();
  const target = keyText(object);
  const own: AuditEvent[] = [];
  const caused: AuditEvent[] = [];
  for (const e of events) {
    if (!isStoryWrite(e)) continue;
    const k = graph.objectOf(e);
    if (!k) continue;
    if (keyText(k) === target) own.push(e);
    else if (graph.descendsFrom(k, object)) caused.push(e);
  }
  const ownBeats = buildStory(own, graph, namer);
  const causedBeats = buildStory(caused, graph, namer);
  const agents = agentsInOrder([...ownBeats, ...causedBeats].sort((a, b) => a.first - b.first));
  return { ok: true, explanation: { object, own: ownBeats, caused: causedBeats, agents, graph } };
}

export function explanationLines(x: Explanation, time: (ms: number) => string = clockTime): string[] {
  const { object, graph } = x;
  const where = object.namespace ? ` in namespace ${object.namespace}` : '';
  const out = [`${objectLabel(object.resource, object.name)}${where}, from the audit log:`];
  const line = (b: Beat, indent: number): string => {
    const until = b.last > b.first ? `, the last at ${time(b.last)}` : '';
    return `  ${time(b.first)}  ${'  '.repeat(indent)}${beatSentence(b, graph)}${until}`;
  };
  if (!x.own.length)
    out.push('  no write to it is in the log (made before auditing was on, or the log was rotated away)');
  for (const b of x.own) out.push(line(b, 0));
  if (x.caused.length) {
    out.push('What it caused:');
    const base = graph.depthOf(object) + 1;
    for (const b of x.caused) out.push(line(b, Math.max(0, Math.min(b.depth - base, 6))));
  }
  out.push(`Who acted, in order: ${x.agents.join(', ') || 'nobody the log shows'}`);
  return out;
}
