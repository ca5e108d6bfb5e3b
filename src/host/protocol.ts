// What demystify and its root helper say to each other: one JSON object per
// line over the helper's stdin and stdout. The helper only ever talks to the
// demystify that started it (a socket pair, not a named socket), and ends,
// undoing all it made, when that channel closes.
//
// The helper does node work and nothing else: make and take down a node of
// this session, start and signal a named process inside one, run a step's
// command inside one, and remove what a dead session of this user and state
// folder left. Nothing runs on the host outside a node's namespaces and
// cgroup; every request is checked against protocol-schema.ts first.

/** The signals a component may be sent: ending it, or the pane's Ctrl-C and hangup. */
export const COMPONENT_SIGNALS = ['SIGTERM', 'SIGKILL', 'SIGINT', 'SIGHUP', 'SIGQUIT'] as const;
export type ComponentSignal = (typeof COMPONENT_SIGNALS)[number];

/** A long-running process inside a node, on a terminal demystify opened. */
export interface StartRequest {
  readonly node: string;
  /** Our name for the process, unique in the session: its exit event carries it. */
  readonly proc: string;
  /** The pty slave (/dev/pts/N) demystify opened: stdin, stdout, stderr and controlling terminal. */
  readonly tty: string;
  readonly command: string;
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
}

/** A step's (or a check's) command, run once inside a node, its output captured. */
export interface ExecRequest {
  readonly node: string;
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
  /**
   * Makes the node (and the node network, with the first node) of this session's tag.
   * `keep`: the learner's own folders under /tmp the node's processes use (the node has a /tmp of its own).
   */
  | { readonly op: 'node.create'; readonly node: string; readonly keep: readonly string[] }
  | { readonly op: 'node.destroy'; readonly node: string }
  | ({ readonly op: 'component.start' } & StartRequest)
  | {
      readonly op: 'component.signal';
      readonly node: string;
      readonly proc: string;
      readonly signal: ComponentSignal;
    }
  | ({ readonly op: 'node.exec' } & ExecRequest)
  /** Undo what a dead session of this tag left: its cgroups and its host link. */
  | { readonly op: 'repair' }
  /** Everything of this session, now: nodes, network, cgroups. The helper then exits. */
  | { readonly op: 'shutdown' };

export type Op = Request['op'];

export interface HelloResult {
  readonly pid: number;
  readonly uid: number;
  readonly cgroupVersion: 1 | 2;
}

/** What each operation answers. */
export interface Results {
  readonly hello: HelloResult;
  readonly 'node.create': { readonly pid: number };
  readonly 'node.destroy': { readonly removed: readonly string[] };
  /** The process id on the host (what `ps` on the host shows). */
  readonly 'component.start': { readonly pid: number };
  readonly 'component.signal': { readonly signalled: number };
  readonly 'node.exec': ExecResult;
  readonly repair: { readonly removed: readonly string[] };
  readonly shutdown: { readonly removed: readonly string[] };
}

/** What the helper asks of a node's agent (helper to agent, both root, over the init's pipes). */
export type AgentRequest =
  | ({ readonly op: 'spawn' } & Omit<StartRequest, 'node'>)
  | { readonly op: 'signal'; readonly proc: string; readonly signal: ComponentSignal }
  | ({ readonly op: 'exec' } & Omit<ExecRequest, 'node'>);

export type Response =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

export type HelperEvent =
  | {
      readonly event: 'exit';
      readonly node: string;
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
