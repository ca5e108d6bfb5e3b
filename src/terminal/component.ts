// One running component: a process in a pseudo-terminal of its own, its
// output history, its state as the learner sees it, and how it ends.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { spawn, type IPty } from '@lydell/node-pty';
import { Emitter } from './emitter.js';
import { DEFAULT_HISTORY_LIMITS, OutputHistory, type HistoryLimits } from './output-history.js';
import { MARKER_VAR, makePidRecord, removePidRecord, writePidRecord } from './pid-records.js';
import { ProcessFamily, type Signal } from './process-family.js';
import { launchFor, needsSudo } from './launch.js';
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

export class PtyComponent implements Component {
  readonly name: string;
  readonly pid: number;
  private readonly pty: IPty;
  private readonly family: ProcessFamily;
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
  private readonly leaderExited: Promise<void>;

  constructor(
    readonly spec: ComponentSpec,
    private readonly host: ComponentHost,
  ) {
    this.name = spec.name;
    if (!existsSync(spec.cwd))
      throw new Error(`cannot start ${spec.name}: the folder ${spec.cwd} does not exist`);
    this.history = new OutputHistory(host.history ?? DEFAULT_HISTORY_LIMITS);
    const marker = randomUUID();
    const { file, args } = launchFor(spec.command, needsSudo(spec.sudo));
    this.pty = spawn(file, args, {
      name: 'xterm-256color',
      cols: spec.cols ?? 80,
      rows: spec.rows ?? 24,
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env, [MARKER_VAR]: marker, DEMYSTIFY_COMPONENT: spec.name },
    });
    this.pid = this.pty.pid;
    const record = makePidRecord(spec.name, this.pid, spec.command, marker);
    this.family = new ProcessFamily(this.pid, record?.startTime);
    try {
      if (record) writePidRecord(host.stateDir, record);
    } catch (error) {
      // Without a record a SIGKILLed demystify could not clean up after it: do not run it at all.
      this.family.signal('SIGKILL');
      throw new Error(`cannot start ${spec.name}: cannot write its pid record: ${(error as Error).message}`, {
        cause: error,
      });
    }

    this.readiness = new ReadinessTracker(spec, () => this.current, {
      ready: () => this.setState({ kind: 'ready' }),
      recentLines: (max) => this.history.recentLines(max),
      onState: (listener) => this.states.on(listener),
    });
    this.pty.onData((chunk) => {
      const lines = this.history.push(chunk);
      this.readiness.lines(lines, this.history.partial());
      this.data.emit(chunk);
    });
    this.leaderExited = new Promise((resolve) => {
      this.pty.onExit(({ exitCode, signal }) => {
        this.onLeaderExit(exitCode, signal ? signalName(signal) : null);
        resolve();
      });
    });
    this.readiness.begin();
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
    if (!this.running()) return;
    try {
      this.pty.write(data);
    } catch {
      // The pty closed between the check and the write.
    }
  }

  resize(cols: number, rows: number): void {
    if (!this.running() || cols < 1 || rows < 1) return;
    try {
      this.pty.resize(Math.floor(cols), Math.floor(rows));
    } catch {
      // Same race as write().
    }
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
      await this.family.terminate({ signal: this.spec.stopSignal ?? 'SIGTERM', graceMs });
      // node-pty reports the exit shortly after the leader died (it waits for the pty to drain).
      // The cap's timer is cleared so a finished stop never holds the process open for 3 s.
      let cap: NodeJS.Timeout | undefined;
      await Promise.race([
        this.leaderExited,
        new Promise<void>((resolve) => (cap = setTimeout(resolve, 3_000))),
      ]);
      clearTimeout(cap);
      removePidRecord(this.host.stateDir, this.name, this.pid);
      this.setState({ kind: 'stopped' });
    })();
    return this.stopPromise;
  }

  async restart(): Promise<Component> {
    await this.stop();
    return this.host.startAgain(this.spec);
  }

  /** Exit paths: signal every process of the component now, synchronously, without waiting. */
  signalNow(signal: Signal): void {
    if (signal !== 'SIGCONT') this.stopping = true;
    this.family.signal(signal);
  }

  private running(): boolean {
    return isRunning(this.current);
  }

  private onLeaderExit(code: number, signal: string | null): void {
    if (this.stopping) return; // stop() reports "stopped" once everything is gone
    const lastLines = this.history.recentLines(LAST_LINES);
    this.setState(
      code === 0 && signal === null
        ? { kind: 'exited', code, lastLines }
        : { kind: 'crashed', code: signal === null ? code : null, signal, lastLines },
    );
    // The pane's main process is gone; nothing it left in its session may outlive it.
    this.leftovers = this.family
      .terminate({ graceMs: LEFTOVER_GRACE_MS })
      .then(() => removePidRecord(this.host.stateDir, this.name, this.pid));
  }

  private setState(state: ComponentState): void {
    this.current = state;
    this.states.emit(state);
  }
}

function signalName(signal: number): string {
  const entry = Object.entries(constants.signals).find(([, number]) => number === signal);
  return entry ? entry[0] : `signal ${signal}`;
}
