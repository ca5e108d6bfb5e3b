// Verification blocks: what a ```yaml {check} fence declares.
// Exactly one target (resource, api, etcd, node, command, audit) plus modifiers.

export interface ResourceRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string | undefined;
  /** Get one object by name... */
  readonly name: string | undefined;
  /** ...or list objects, optionally by label selector. */
  readonly selector: string | undefined;
}

/** How many objects must match; `undefined` for a get. */
export type CountSpec = { readonly op: '==' | '>=' | '<='; readonly value: number };

/**
 * A question to the API server's audit log: did this agent make this request
 * (since the chapter started)? "The scheduler bound a Pod of web",
 * "only the kubelet wrote this Pod's status".
 */
export interface AuditQuery {
  /** Who made it, as the wire view names agents: "scheduler", "kubelet", "kubelet node-1", "you". */
  readonly who: string | undefined;
  /** An audit verb (create, update, patch, delete, get, list, watch), or "write": any of the first four. */
  readonly verb: string;
  readonly resource: string;
  readonly subresource: string;
  readonly namespace: string | undefined;
  /** A name, or the start of one when `prefix`. */
  readonly name: string | undefined;
  readonly prefix: boolean;
  /** Pods only: the kubelet of this node then wrote the Pod's status (it runs there). */
  readonly node: string | undefined;
  /** Every matching write was made by `who` (and there was at least one). */
  readonly only: boolean;
}

export type CheckTarget =
  | { readonly kind: 'resource'; readonly resource: ResourceRef }
  | { readonly kind: 'api'; readonly endpoint: 'readyz' | 'livez' }
  | { readonly kind: 'etcd'; readonly endpoint: 'health' }
  | { readonly kind: 'node'; readonly name: string | undefined }
  | {
      readonly kind: 'command';
      readonly command: string;
      readonly exitCode: number;
      /** Run as root inside this node instead of as the learner on the host (`on: node-0`). */
      readonly on?: string | undefined;
    }
  | { readonly kind: 'audit'; readonly query: AuditQuery };

export interface CheckSpec {
  readonly target: CheckTarget;
  /** Dotted field paths and the values they must have, e.g. `status.phase: Running`. */
  readonly fields: Readonly<Record<string, string | number | boolean | null>>;
  readonly count: CountSpec | undefined;
  /** The condition must stay true this long (negative checks: "nothing happens yet"). */
  readonly holdMs: number | undefined;
  /** Shown while waiting, e.g. "waiting for 2 Pods to be Running". */
  readonly waiting: string;
  /** Added to the failure reason: what the learner can do. */
  readonly onFail: string | undefined;
  /** The component whose log tail explains a failure. */
  readonly component: string | undefined;
  /**
   * False only when the check says `insecure-skip-tls-verify: true`: then the
   * API server's certificate is not verified, and the screen says so.
   */
  readonly verifyTls: boolean;
  /**
   * Once its chapter is passed, demystify keeps watching the check and says
   * when it turns false ("what broke since"). Undefined: kept when it is an
   * api, etcd or node check (the cluster's health), not otherwise.
   */
  readonly keep?: boolean;
}
