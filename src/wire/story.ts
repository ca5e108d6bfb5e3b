// "What just happened": the writes of a stretch of the audit trail as a short
// story, in order, grouped by who made them, each line indented under the
// object that made its object (a Deployment, its ReplicaSet, their Pods).
// Derived from the audit trail only. Pure.
import { isComplete, succeeded, type AuditEvent } from './audit-event.js';
import { AgentNamer } from './wire-entry.js';
import { byTime, keyText, ObjectGraph, type ObjectKey } from './object-graph.js';
import { objectLabel, singular } from './object-names.js';

/** One line of a story: an agent did one thing to one or more objects of a kind. */
export interface Beat {
  readonly agent: string;
  /** "created", "bound", "wrote the status of", "updated", "deleted". */
  readonly deed: string;
  readonly resource: string;
  readonly objects: readonly ObjectKey[];
  /** How many requests (a status written five times is one beat). */
  readonly count: number;
  readonly first: number;
  readonly last: number;
  /** Owner chain depth of its objects (0: nothing in the log made them). */
  readonly depth: number;
  /** The object at the top of its objects' owner chain, or its kind when it has no object. */
  readonly root: string;
}

const WRITES = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
/**
 * Writes that are noise in a story: heartbeats, events, and reviews that
 * create nothing (a kubelet asking whether a caller may read its logs).
 */
const QUIET = new Set([
  'leases',
  'events',
  'tokenreviews',
  'subjectaccessreviews',
  'selfsubjectaccessreviews',
  'selfsubjectreviews',
  'localsubjectaccessreviews',
  'selfsubjectrulesreviews',
]);

/** A write that changed something, worth a story. */
export function isStoryWrite(e: AuditEvent): boolean {
  const r = e.objectRef;
  if (!r?.resource || !WRITES.has(e.verb) || !isComplete(e) || !succeeded(e)) return false;
  if (QUIET.has(r.resource)) return false;
  // A kubelet asking for a Pod's service-account token changes no object.
  return !(r.resource === 'serviceaccounts' && r.subresource === 'token');
}

export function deedOf(e: AuditEvent): string {
  const sub = e.objectRef?.subresource ?? '';
  if (e.verb === 'delete' || e.verb === 'deletecollection') return 'deleted';
  if (sub === 'binding') return 'bound';
  if (sub === 'eviction') return 'evicted';
  if (sub === 'status') return 'wrote the status of';
  if (sub === 'scale') return 'scaled';
  if (sub) return `wrote ${sub} of`;
  // Server-side apply (a patch) and an update can create: the API server then answers 201.
  return e.verb === 'create' || e.code === 201 ? 'created' : 'updated';
}

/** The story of these events (any order; reads and noise are left out). */
export function buildStory(
  events: readonly AuditEvent[],
  graph: ObjectGraph = new ObjectGraph(events),
  namer = new AgentNamer(),
): Beat[] {
  const groups = new Map<string, { beat: Omit<Beat, 'objects'>; objects: Map<string, ObjectKey> }>();
  for (const e of byTime(events)) {
    if (!isStoryWrite(e)) continue;
    const object = graph.objectOf(e);
    const agent = namer.of(e).name;
    const deed = deedOf(e);
    const resource = e.objectRef?.resource ?? '';
    const owner = object ? graph.ownerOf(object) : undefined;
    // One beat per agent, deed and kind of object under one owner ("created 2 pods of
    // replicaset/web-6f"), or with none ("created 40 serviceaccounts").
    const key = [agent, deed, resource, owner ? keyText(owner) : ''].join('\u0000');
    let g = groups.get(key);
    if (!g) {
      g = {
        beat: {
          agent,
          deed,
          resource,
          count: 0,
          first: e.time,
          last: e.time,
          depth: object ? graph.depthOf(object) : 0,
          root: object ? keyText(graph.rootOf(object)) : resource,
        },
        objects: new Map(),
      };
      groups.set(key, g);
    }
    g.beat = { ...g.beat, count: g.beat.count + 1, last: e.time };
    if (object) g.objects.set(keyText(object), object);
  }
  return [...groups.values()]
    .map((g) => ({ ...g.beat, objects: [...g.objects.values()] }))
    .sort((a, b) => a.first - b.first);
}

/** "replicaset controller created 2 pods of replicaset/web-6f: web-6f-a, web-6f-b". */
export function beatSentence(b: Beat, graph?: ObjectGraph): string {
  const n = b.objects.length;
  const times = b.count > Math.max(1, n) ? ` (${b.count} times)` : '';
  if (n === 0)
    return `${b.agent} ${b.deed} ${b.count} ${b.count === 1 ? singular(b.resource) : b.resource} (the API server chose the ${b.count === 1 ? 'name' : 'names'}; the log does not show ${b.count === 1 ? 'it' : 'them'})`;
  const first = b.objects[0]!;
  if (n === 1) return `${b.agent} ${b.deed} ${objectLabel(first.resource, first.name)}${times}`;
  const owner = graph?.ownerOf(first);
  const of = owner ? ` of ${objectLabel(owner.resource, owner.name)}` : '';
  // Objects of several namespaces are told apart by theirs.
  const spread = new Set(b.objects.map((o) => o.namespace)).size > 1;
  const names = b.objects.map((o) => (spread && o.namespace ? `${o.namespace}/${o.name}` : o.name));
  const shown = names.length > 4 ? [...names.slice(0, 3), `and ${names.length - 3} more`] : names;
  return `${b.agent} ${b.deed} ${n} ${b.resource}${of}: ${shown.join(', ')}${times}`;
}

/** The agents of a story in the order they first acted. */
export function agentsInOrder(beats: readonly Beat[]): string[] {
  return [...new Set(beats.map((b) => b.agent))];
}

/**
 * The story as lines: each family of objects (a Deployment, its ReplicaSet,
 * their Pods) together, families in the order they first moved, and within
 * one in the order things happened, indented by depth.
 */
export function storyLines(beats: readonly Beat[], graph?: ObjectGraph): string[] {
  const families = new Map<string, Beat[]>();
  for (const b of beats) families.set(b.root, [...(families.get(b.root) ?? []), b]);
  return [...families.values()].flatMap((family) => {
    const base = Math.min(...family.map((b) => b.depth));
    return family.map((b) => `${'  '.repeat(Math.min(b.depth - base, 6))}${beatSentence(b, graph)}`);
  });
}
