// The supervisor: starts components in panes of their own, keeps track of
// them by name, and stops them all. Pid records under <stateDir>/pids let the
// next run clean up after a demystify that could not (see pid-records.ts).
import { ManagedComponent } from './component.js';
import { Emitter } from './emitter.js';
import { DEFAULT_HISTORY_LIMITS, type HistoryLimits } from './output-history.js';
import type { BackendFactory } from './process-backend.js';
import { PtyBackend } from './pty-backend.js';
import { isRunning, type Component, type ComponentSpec, type Supervisor } from './types.js';

export interface SupervisorOptions {
  /** demystify's state folder; pid records go to <stateDir>/pids/<name>.json. */
  readonly stateDir: string;
  /** Default time between the stop signal and SIGKILL; 5 s. */
  readonly graceMs?: number;
  /** Bounds of each component's output history (2000 lines, 1 MiB of text, 256 KiB raw). */
  readonly history?: Partial<HistoryLimits>;
  /**
   * Starts components that run on a node (as root, inside it) through the
   * root helper; asked for lazily, so a session that never needs root never
   * starts it.
   */
  readonly rootBackend?: () => BackendFactory | undefined;
}

class PtySupervisor implements Supervisor {
  /** In start order; a name started again replaces its earlier, ended component. */
  private components: ManagedComponent[] = [];
  private readonly starts = new Emitter<Component>();
  private readonly history: HistoryLimits;

  constructor(private readonly options: SupervisorOptions) {
    this.history = { ...DEFAULT_HISTORY_LIMITS, ...options.history };
  }

  start(spec: ComponentSpec): Component {
    const existing = this.get(spec.name);
    if (existing && isRunning(existing.state())) {
      throw new Error(`cannot start ${spec.name}: it is already running (pid ${existing.pid})`);
    }
    const component = new ManagedComponent(
      spec,
      {
        stateDir: this.options.stateDir,
        history: this.history,
        ...(this.options.graceMs !== undefined ? { graceMs: this.options.graceMs } : {}),
        startAgain: (again) => this.start(again),
      },
      this.backendFor(spec),
    );
    this.components = this.components.filter((c) => c.name !== spec.name);
    this.components.push(component);
    this.starts.emit(component);
    return component;
  }

  private backendFor(spec: ComponentSpec): BackendFactory {
    if (!needsRoot(spec)) return (s, stateDir) => new PtyBackend(s, stateDir);
    const root = this.options.rootBackend?.();
    if (!root)
      throw new Error(
        `cannot start ${spec.name}: it needs root${spec.node ? ` (it runs on ${spec.node})` : ''}, and this session has no root helper`,
      );
    return root;
  }

  get(name: string): Component | undefined {
    return this.components.find((c) => c.name === name);
  }

  list(): Component[] {
    return [...this.components];
  }

  async stopAll(graceMs?: number): Promise<void> {
    // Reverse start order: the API server goes before the etcd it depends on.
    for (const component of [...this.components].reverse()) await component.stop(graceMs);
  }

  signalAll(signal: NodeJS.Signals): void {
    for (const component of [...this.components].reverse()) component.signalNow(signal);
  }

  onStart(listener: (component: Component) => void): () => void {
    return this.starts.on(listener);
  }
}

/** On a node: only the root helper reaches inside one. */
export function needsRoot(spec: ComponentSpec): boolean {
  return spec.node !== undefined;
}

export function createSupervisor(options: SupervisorOptions): Supervisor {
  return new PtySupervisor(options);
}
