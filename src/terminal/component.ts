// One running component as its pane sees it: its output history, its state as
// the learner sees it, its readiness, and how it ends. The process itself is
// behind a backend (process-backend.ts): our own pty, or one the root helper
// started as root.
import { Emitter } from './emitter.js';
import { DEFAULT_HISTORY_LIMITS, OutputHistory, type HistoryLimits } from './output-history.js';
import type { BackendFactory, ProcessBackend } from './process-backend.js';
import { ReadinessTracker } from './readiness.js';
import {
  isRunning,
  type Component,
  type ComponentSpec,
  type ComponentState,
  type ReadyResult,
} from './types.js';

/** How many lines a crash report or a failed readiness result carries. */
export const LAST_LINES = 20;
export const DEFAULT_GRACE_MS = 5_000;
/** Leftovers of a component whose main process ended by itself get this long after SIGTERM. */
const LEFTOVER_GRACE_MS = 2_000;

export interface ComponentHost {
  readonly stateDir: string;
  readonly graceMs?: number;
  readonly history?: HistoryLimits;
  /** Starts a fresh component with the same spec (restart). */
  startAgain(spec: ComponentSpec): Component;
}

export class ManagedComponent implements Component {
  readonly name: string;
  private readonly backend: ProcessBackend;
  private readonly history: OutputHistory;
  private readonly readiness: ReadinessTracker;
  private readonly data = new Emitter<string>();
  private readonly states = new Emitter<ComponentState>();
  private current: ComponentState = { kind: 'starting' };
  /** Set once we asked it to end: its end is then "stopped", not a crash. */
  private stopping = false;
  private stopPromise: Promise<void> | undefined;
  /** Ends of the leftovers of a component that ended by itself. */
  private leftovers: Promise<void> | undefined;

  constructor(
    readonly spec: ComponentSpec,
    private readonly host: ComponentHost,
    makeBackend: BackendFactory,
  ) {
    this.name = spec.name;
    this.history = new OutputHistory(host.history ?? DEFAULT_HISTORY_LIMITS);
    this.backend = makeBackend(spec, host.stateDir);
    this.readiness = new ReadinessTracker(spec, () => this.current, {
      ready: () => this.setState({ kind: 'ready' }),
      recentLines: (max) => this.history.recentLines(max),
      onState: (listener) => this.states.on(listener),
    });
    this.backend.onData((chunk) => {
      const lines = this.history.push(chunk);
      this.readiness.lines(lines, this.history.partial());
      this.data.emit(chunk);
    });
    this.backend.onExit((code, signal) => this.onMainExit(code, signal));
    this.readiness.begin();
  }

  get pid(): number {
    return this.backend.pid;
  }

  /** Where the process runs when not as the learner on the host: "root", or a node's name. */
  get where(): string | undefined {
    return this.backend.where;
  }

  state(): ComponentState {
    return this.current;
  }

  onData(listener: (chunk: string) => void): () => void {
    return this.data.on(listener);
  }

  onState(listener: (state: ComponentState) => void): () => void {
    return this.states.on(listener);
  }

  write(data: string): void {
    if (isRunning(this.current)) this.backend.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!isRunning(this.current) || cols < 1 || rows < 1) return;
    this.backend.resize(Math.floor(cols), Math.floor(rows));
  }

  recentLines(max?: number): string[] {
    return this.history.recentLines(max);
  }

  rawOutput(): string {
    return this.history.raw();
  }

  waitReady(signal?: AbortSignal): Promise<ReadyResult> {
    return this.readiness.wait(signal);
  }

  stop(graceMs: number = this.host.graceMs ?? DEFAULT_GRACE_MS): Promise<void> {
    if (this.stopPromise) return this.stopPromise;
    if (this.leftovers) return this.leftovers;
    this.stopping = true;
    this.stopPromise = (async () => {
      await this.backend.terminate(this.spec.stopSignal ?? 'SIGTERM', graceMs);
      this.setState({ kind: 'stopped' });
    })();
    return this.stopPromise;
  }

  async restart(): Promise<Component> {
    await this.stop();
    return this.host.startAgain(this.spec);
  }

  /** Exit paths: signal every process of the component now, synchronously, without waiting. */
  signalNow(signal: NodeJS.Signals): void {
    if (signal !== 'SIGCONT') this.stopping = true;
    this.backend.signalNow(signal);
  }

  private onMainExit(code: number | null, signal: string | null): void {
    if (this.stopping) return; // stop() reports "stopped" once everything is gone
    const lastLines = this.history.recentLines(LAST_LINES);
    this.setState(
      code === 0 && signal === null
        ? { kind: 'exited', code, lastLines }
        : { kind: 'crashed', code: signal === null ? code : null, signal, lastLines },
    );
    this.leftovers = this.backend.endLeftovers(LEFTOVER_GRACE_MS);
  }

  private setState(state: ComponentState): void {
    this.current = state;
    this.states.emit(state);
  }
}
