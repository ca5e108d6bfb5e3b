// A component run as the learner, in a pseudo-terminal of its own (node-pty):
// its own session and process group, a pid record so that the next demystify
// can end it if this one is killed outright, and the whole process family
// ended on stop.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { spawn, type IPty } from '@lydell/node-pty';
import { launchFor } from './launch.js';
import { MARKER_VAR, makePidRecord, removePidRecord, writePidRecord } from './pid-records.js';
import type { ProcessBackend } from './process-backend.js';
import { ProcessFamily } from './process-family.js';
import type { ComponentSpec } from './types.js';

export class PtyBackend implements ProcessBackend {
  readonly pid: number;
  readonly where = undefined;
  private readonly pty: IPty;
  private readonly family: ProcessFamily;
  private readonly exited: Promise<void>;
  private exitListener: ((code: number | null, signal: string | null) => void) | undefined;

  constructor(
    private readonly spec: ComponentSpec,
    private readonly stateDir: string,
  ) {
    if (!existsSync(spec.cwd))
      throw new Error(`cannot start ${spec.name}: the folder ${spec.cwd} does not exist`);
    const marker = randomUUID();
    const { file, args } = launchFor(spec.command);
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
      if (record) writePidRecord(stateDir, record);
    } catch (error) {
      // Without a record a SIGKILLed demystify could not clean up after it: do not run it at all.
      this.family.signal('SIGKILL');
      throw new Error(`cannot start ${spec.name}: cannot write its pid record: ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.exited = new Promise((resolve) => {
      this.pty.onExit(({ exitCode, signal }) => {
        this.exitListener?.(exitCode, signal ? signalName(signal) : null);
        resolve();
      });
    });
  }

  onData(listener: (chunk: string) => void): void {
    this.pty.onData(listener);
  }

  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.exitListener = listener;
  }

  write(data: string): void {
    try {
      this.pty.write(data);
    } catch {
      // The pty closed between the caller's check and the write.
    }
  }

  resize(cols: number, rows: number): void {
    try {
      this.pty.resize(cols, rows);
    } catch {
      // Same race as write().
    }
  }

  async terminate(signal: NodeJS.Signals, graceMs: number): Promise<void> {
    await this.family.terminate({ signal, graceMs });
    // node-pty reports the exit shortly after the leader died (it waits for the pty to drain).
    // The cap's timer is cleared so a finished stop never holds the process open for 3 s.
    let cap: NodeJS.Timeout | undefined;
    await Promise.race([this.exited, new Promise<void>((resolve) => (cap = setTimeout(resolve, 3_000)))]);
    clearTimeout(cap);
    removePidRecord(this.stateDir, this.spec.name, this.pid);
  }

  signalNow(signal: NodeJS.Signals): void {
    this.family.signal(signal);
  }

  async endLeftovers(graceMs: number): Promise<void> {
    // The pane's main process is gone; nothing it left in its session may outlive it.
    await this.family.terminate({ graceMs });
    removePidRecord(this.stateDir, this.spec.name, this.pid);
  }
}

function signalName(signal: number): string {
  const entry = Object.entries(constants.signals).find(([, number]) => number === signal);
  return entry ? entry[0] : `signal ${signal}`;
}
