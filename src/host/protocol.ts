// What demystify and its root helper say to each other: one JSON object per
// line over the helper's stdin and stdout. The helper only ever talks to the
// demystify that started it (a pipe, not a socket), and ends, undoing all it
// made, when that pipe closes.
import type { NetworkPlan, NodePlan } from './plan.js';

/** Where a root process runs: on the host, or inside one of the session's nodes. */
export type Target = { readonly kind: 'host' } | { readonly kind: 'node'; readonly node: string };

export interface SpawnRequest {
  readonly target: Target;
  /** Our name for the process, unique in the session: its exit event carries it. */
  readonly proc: string;
  /** The pty slave (/dev/pts/N) demystify opened: stdin, stdout, stderr and controlling terminal. */
  readonly tty: string;
  readonly command: string;
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
}

export interface ExecRequest {
  readonly target: Target;
  readonly command: string;
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly timeoutMs: number;
}

export interface ExecResult {
  readonly code: number | null;
  readonly signal: string | null;
  readonly output: string;
  readonly timedOut: boolean;
}

export type Request =
  | { readonly op: 'hello' }
  | { readonly op: 'network.create'; readonly plan: NetworkPlan }
  | { readonly op: 'node.create'; readonly plan: NodePlan; readonly network: NetworkPlan }
  | { readonly op: 'node.destroy'; readonly node: string }
  | ({ readonly op: 'spawn' } & SpawnRequest)
  | {
      readonly op: 'signal';
      readonly target: Target;
      readonly proc: string;
      readonly signal: NodeJS.Signals;
    }
  | ({ readonly op: 'exec' } & ExecRequest)
  /** Undo what a dead session with this tag left: its cgroups and its host link. */
  | { readonly op: 'repair'; readonly tag: string; readonly hostLink: string }
  /** Everything of this session, now: nodes, network, cgroups. The helper then exits. */
  | { readonly op: 'shutdown' };

export type RequestOf<K extends Request['op']> = Extract<Request, { op: K }>;

export interface HelloResult {
  readonly pid: number;
  readonly uid: number;
  readonly cgroupVersion: 1 | 2;
}

export interface SpawnResult {
  /** The process id on the host (what `ps` on the host shows). */
  readonly pid: number;
}

/** What each operation answers. */
export interface Results {
  readonly hello: HelloResult;
  readonly 'network.create': { readonly removed: readonly string[] };
  readonly 'node.create': { readonly pid: number };
  readonly 'node.destroy': { readonly removed: readonly string[] };
  readonly spawn: SpawnResult;
  readonly signal: { readonly signalled: number };
  readonly exec: ExecResult;
  readonly repair: { readonly removed: readonly string[] };
  readonly shutdown: { readonly removed: readonly string[] };
}

export type Envelope<T> = T & { readonly id: number };

export type Response =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

export type HelperEvent =
  | {
      readonly event: 'exit';
      readonly target: Target;
      readonly proc: string;
      readonly code: number | null;
      readonly signal: string | null;
    }
  /** A node ended without being asked to (its agent or init died). */
  | { readonly event: 'node-gone'; readonly node: string; readonly reason: string };

export type HelperMessage = Response | HelperEvent;

export function isEvent(m: HelperMessage): m is HelperEvent {
  return 'event' in m;
}
