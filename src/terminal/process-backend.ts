// What runs behind a component's pane: a process on a terminal, however it
// was started. A component (component.ts) keeps the pane's history, state and
// readiness; the backend only moves bytes and ends processes. Two exist: our
// own pty for processes of the learner (pty-backend.ts), and a pty whose
// process the root helper started as root, on the host or inside a node
// (src/host/root-backend.ts).
import type { ComponentSpec } from './types.js';

export interface ProcessBackend {
  /** The main process, as the learner would find it with `ps`; 0 until known. */
  readonly pid: number;
  /** Where it runs, for the pane's title: undefined on the host as the learner; "root", or the node's name. */
  readonly where: string | undefined;
  onData(listener: (chunk: string) => void): void;
  /** Once, when the main process ended (by itself or because it was stopped). */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** The stop signal to every process of the component, SIGKILL after graceMs; resolves when they are gone. */
  terminate(signal: NodeJS.Signals, graceMs: number): Promise<void>;
  /** Exit paths cannot await: signal everything now. */
  signalNow(signal: NodeJS.Signals): void;
  /** The main process ended by itself: end whatever it left behind (SIGTERM, then SIGKILL after graceMs). */
  endLeftovers(graceMs: number): Promise<void>;
}

export type BackendFactory = (spec: ComponentSpec, stateDir: string) => ProcessBackend;
