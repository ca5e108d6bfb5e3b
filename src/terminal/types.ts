// The contract between the process supervisor (src/terminal/) and its users
// (the engine, the UI, tests). No React here.

/** How the supervisor decides a component is ready to serve. */
export type Probe =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | {
      readonly kind: 'https';
      readonly url: string;
      /** PEM file paths; without caFile the server certificate is verified against the system's CAs. */
      readonly caFile?: string;
      readonly certFile?: string;
      readonly keyFile?: string;
      /** Only when the lesson says so in so many words; never the default. */
      readonly insecureSkipTlsVerify?: true;
      /** How the probe introduces itself to the server (the wire view names demystify's own requests by it). */
      readonly userAgent?: string;
    }
  | { readonly kind: 'log'; readonly pattern: RegExp };

export interface ComponentSpec {
  /** Pane name, unique among running components: "etcd", "kube-apiserver", "shell". */
  readonly name: string;
  /** A bash command line; run as `bash -c 'exec <command>'`-like so signals reach the component. */
  readonly command: string;
  readonly cwd: string;
  /** Added to (and overriding) demystify's own environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Run as root inside this node of the session (its namespaces), through the root helper. */
  readonly node?: string;
  readonly ready?: Probe;
  /** Default 60 s. */
  readonly readyTimeoutMs?: number;
  /** Sent by stop() before SIGKILL. Default SIGTERM; an interactive shell ignores SIGTERM and wants SIGHUP. */
  readonly stopSignal?: NodeJS.Signals;
  readonly cols?: number;
  readonly rows?: number;
}

/** Named for what the user sees. */
export type ComponentState =
  | { readonly kind: 'starting' }
  | { readonly kind: 'ready' }
  /** Ended by itself with status 0. */
  | { readonly kind: 'exited'; readonly code: number; readonly lastLines: readonly string[] }
  /** Ended by itself with a non-zero status or a signal. */
  | {
      readonly kind: 'crashed';
      readonly code: number | null;
      readonly signal: string | null;
      readonly lastLines: readonly string[];
    }
  /** Stopped by us (stop(), stopAll(), or demystify exiting). */
  | { readonly kind: 'stopped' };

export type ReadyResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly lastLines: readonly string[] };

export interface Component {
  readonly name: string;
  readonly spec: ComponentSpec;
  /** PID of the process-group leader (inside its node, for a node's component); 0 until known. */
  readonly pid: number;
  /** Where it runs when not as the learner on the host: "root", or the node's name. */
  readonly where?: string | undefined;
  state(): ComponentState;
  /** Raw pty output (with escape sequences), for a pane's terminal emulator. Returns an unsubscribe function. */
  onData(listener: (chunk: string) => void): () => void;
  onState(listener: (state: ComponentState) => void): () => void;
  /** Keystrokes into the pty. */
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** Everything printed so far, kept bounded, with escape sequences removed, split into lines. */
  recentLines(max?: number): string[];
  /** The last ~256 KiB of raw output, so a pane opened after the start can replay it. */
  rawOutput(): string;
  /** Resolves when the readiness probe passes, the process ends, the timeout passes, or the signal aborts. */
  waitReady(signal?: AbortSignal): Promise<ReadyResult>;
  /** SIGTERM to the process group, SIGKILL after graceMs (default 5 s). Resolves when it is gone. */
  stop(graceMs?: number): Promise<void>;
  /** Stop, then start again with the same spec; the returned component replaces this one. */
  restart(): Promise<Component>;
}

export interface Supervisor {
  start(spec: ComponentSpec): Component;
  get(name: string): Component | undefined;
  list(): Component[];
  /** Stop every component this supervisor started, in reverse start order. */
  stopAll(graceMs?: number): Promise<void>;
  /** Synchronously send a signal to every process of every component (exit paths cannot await). */
  signalAll(signal: NodeJS.Signals): void;
  /** Called for every component started, including by restart(), so a pane can attach to it. */
  onStart(listener: (component: Component) => void): () => void;
}

/** Starting or ready: the process is there (every other state means it ended). */
export function isRunning(state: ComponentState): boolean {
  return state.kind === 'starting' || state.kind === 'ready';
}

/** The names among `required` that the supervisor has no running component for. */
export function notRunning(supervisor: Pick<Supervisor, 'get'>, required: readonly string[]): string[] {
  return required.filter((name) => {
    const c = supervisor.get(name);
    return !c || !isRunning(c.state());
  });
}
