// The supervisor: starts components in panes of their own, keeps track of
// them by name, and stops them all. Pid records under <stateDir>/pids let the
// next run clean up after a demystify that could not (see pid-records.ts).
import { PtyComponent } from './component.js';
import { Emitter } from './emitter.js';
import { DEFAULT_HISTORY_LIMITS, type HistoryLimits } from './output-history.js';
import { isRunning, type Component, type ComponentSpec, type Supervisor } from './types.js';

export interface SupervisorOptions {
  /** demystify's state folder; pid records go to <stateDir>/pids/<name>.json. */
  readonly stateDir: string;
  /** Default time between the stop signal and SIGKILL; 5 s. */
  readonly graceMs?: number;
  /** Bounds of each component's output history (2000 lines, 1 MiB of text, 256 KiB raw). */
  readonly history?: Partial<HistoryLimits>;
}

class PtySupervisor implements Supervisor {
  /** In start order; a name started again replaces its earlier, ended component. */
  private components: PtyComponent[] = [];
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
    const component = new PtyComponent(spec, {
      stateDir: this.options.stateDir,
      history: this.history,
      ...(this.options.graceMs !== undefined ? { graceMs: this.options.graceMs } : {}),
      startAgain: (again) => this.start(again),
    });
    this.components = this.components.filter((c) => c.name !== spec.name);
    this.components.push(component);
    this.starts.emit(component);
    return component;
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

export function createSupervisor(options: SupervisorOptions): Supervisor {
  return new PtySupervisor(options);
}
