// Which object a request touched, and which object made it, from the audit
// trail alone. At the Metadata level the log holds no bodies, so no
// ownerReferences: the links are read off the names the controllers give
// what they make (a ReplicaSet is "<deployment>-<template hash>", its Pods
// "<replicaset>-<5 random>", a Service's EndpointSlices "<service>-<5
// random>"), and only to an owner the log shows exists. A Pod made with
// generateName is logged before the server picks its name; it gets the first
// new Pod name the log mentions after it. Pure.
import { isComplete, succeeded, type AuditEvent } from './audit-event.js';

export interface ObjectKey {
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
}

export const keyText = (k: ObjectKey): string => `${k.resource}|${k.namespace}|${k.name}`;

/** The suffix generateName adds (k8s.io/apimachinery's rand.String alphabet, 5 characters). */
const RANDOM5 = /^[a-z0-9]{5}$/;
/** A pod-template-hash: a 32-bit hash in the same alphabet, up to 10 characters. */
const TEMPLATE_HASH = /^[a-z0-9]{6,10}$/;

/** A child's name is its owner's name, a dash, and a suffix of this shape. */
const OWNER_RULES: ReadonlyArray<{ child: string; owner: string; suffix: RegExp | 'same' }> = [
  { child: 'replicasets', owner: 'deployments', suffix: TEMPLATE_HASH },
  { child: 'pods', owner: 'replicasets', suffix: RANDOM5 },
  { child: 'pods', owner: 'daemonsets', suffix: RANDOM5 },
  { child: 'pods', owner: 'jobs', suffix: RANDOM5 },
  { child: 'pods', owner: 'statefulsets', suffix: /^\d+$/ },
  { child: 'endpointslices', owner: 'services', suffix: RANDOM5 },
  // The endpoints controller names a Service's Endpoints after it.
  { child: 'endpoints', owner: 'services', suffix: 'same' },
];

/**
 * An object made with generateName whose name points to no owner the log
 * knows is matched only to an unnamed create this recent.
 */
const PICKUP_MS = 60_000;

/** What the whole log says exists, and the names of the Pods generateName made. */
export class ObjectGraph {
  private readonly known = new Set<string>();
  /** auditID of an unnamed create -> the name it got. */
  private readonly created = new Map<string, string>();

  constructor(events: readonly AuditEvent[]) {
    const firstSeen = new Map<string, number>();
    const unnamed: AuditEvent[] = [];
    for (const e of byTime(events)) {
      const r = e.objectRef;
      if (!r?.resource) continue;
      if (!r.name) {
        if (e.verb === 'create' && !r.subresource && isComplete(e) && succeeded(e)) unnamed.push(e);
        continue;
      }
      const key: ObjectKey = { resource: r.resource, namespace: r.namespace, name: r.name };
      const k = keyText(key);
      if (this.known.has(k)) continue;
      this.known.add(k);
      firstSeen.set(k, e.time);
      if (e.verb === 'create' && !r.subresource) continue; // named by its own create
      // A new name that no create named: the oldest unnamed create of that
      // resource in that namespace made it, if it came after the owner the name points to.
      const owner = this.ownerOf(key);
      const since = owner ? (firstSeen.get(keyText(owner)) ?? 0) : e.time - PICKUP_MS;
      const i = unnamed.findIndex(
        (u) =>
          u.objectRef?.resource === r.resource &&
          u.objectRef.namespace === r.namespace &&
          u.time >= since &&
          u.time <= e.time,
      );
      if (i >= 0) {
        this.created.set(unnamed[i]!.auditID, r.name);
        unnamed.splice(i, 1);
      }
    }
  }

  /** The object a request was about (a subresource belongs to its object); undefined for a collection. */
  objectOf(e: AuditEvent): ObjectKey | undefined {
    const r = e.objectRef;
    if (!r?.resource) return undefined;
    const name = r.name || this.created.get(e.auditID);
    return name ? { resource: r.resource, namespace: r.namespace, name } : undefined;
  }

  exists(k: ObjectKey): boolean {
    return this.known.has(keyText(k));
  }

  /** The object that made this one, when its name says so and the log knows it. */
  ownerOf(k: ObjectKey): ObjectKey | undefined {
    for (const rule of OWNER_RULES) {
      if (rule.child !== k.resource) continue;
      if (rule.suffix === 'same') {
        const owner = { ...k, resource: rule.owner };
        if (this.exists(owner)) return owner;
        continue;
      }
      const dash = k.name.lastIndexOf('-');
      if (dash <= 0 || !rule.suffix.test(k.name.slice(dash + 1))) continue;
      const owner = { resource: rule.owner, namespace: k.namespace, name: k.name.slice(0, dash) };
      if (this.exists(owner)) return owner;
    }
    return undefined;
  }

  /** The top of the owner chain: the object nothing in the log made. */
  rootOf(k: ObjectKey): ObjectKey {
    let root = k;
    for (let o = this.ownerOf(k), n = 0; o && n < 8; o = this.ownerOf(o), n++) root = o;
    return root;
  }

  /** How many owners up the chain goes: a Deployment 0, its ReplicaSet 1, their Pods 2. */
  depthOf(k: ObjectKey): number {
    let depth = 0;
    for (let o = this.ownerOf(k); o && depth < 8; o = this.ownerOf(o)) depth++;
    return depth;
  }

  /** Is `k` this object or made by it, directly or further down? */
  descendsFrom(k: ObjectKey, root: ObjectKey): boolean {
    for (let o: ObjectKey | undefined = k, n = 0; o && n < 9; o = this.ownerOf(o), n++)
      if (keyText(o) === keyText(root)) return true;
    return false;
  }
}

/** Events in the order they happened (the log is nearly so: concurrent requests finish out of order). */
export function byTime(events: readonly AuditEvent[]): AuditEvent[] {
  return [...events].sort((a, b) => a.time - b.time);
}
