// A component that runs as root inside a node, started by the root helper on
// a terminal demystify opened. The pane reads the terminal directly;
// starting, signalling and the exit status go through the helper. Nothing
// runs as root on the host itself: a spec without a node is refused.
import type { ProcessBackend } from '../terminal/process-backend.js';
import { PtyPair } from '../terminal/pty-pair.js';
import type { ComponentSpec } from '../terminal/types.js';
import { COMPONENT_SIGNALS, type ComponentSignal } from './protocol.js';
import type { RootHelper } from './root-helper.js';

let serial = 0;
/** After SIGKILL, how long to wait for the helper's exit event before giving up. */
const KILL_WAIT_MS = 5_000;

export class RootBackend implements ProcessBackend {
  pid = 0;
  readonly where: string;
  private readonly pair: PtyPair;
  private readonly proc: string;
  private readonly node: string;
  private exitListener: ((code: number | null, signal: string | null) => void) | undefined;
  private ended = false;
  private readonly exited: Promise<void>;
  private offEvents: () => void = () => undefined;

  constructor(
    spec: ComponentSpec,
    private readonly helper: RootHelper,
  ) {
    if (!spec.node)
      throw new Error(
        `${spec.name} would run as root on the host: demystify runs root processes only inside a node`,
      );
    this.node = spec.node;
    this.where = spec.node;
    this.proc = `${spec.name}#${++serial}`;
    this.pair = new PtyPair(spec.cols ?? 80, spec.rows ?? 24);
    this.exited = new Promise((resolve) => {
      this.offEvents = helper.onEvent((e) => {
        if (e.event === 'exit' && e.proc === this.proc && e.node === this.node) {
          this.finish(e.code, e.signal);
          resolve();
        } else if (e.event === 'node-gone' && e.node === this.node) {
          this.finish(null, 'SIGKILL');
          resolve();
        }
      });
    });
    helper
      .request({
        op: 'component.start',
        node: this.node,
        proc: this.proc,
        tty: this.pair.path,
        command: spec.command,
        env: { ...spec.env, TERM: 'xterm-256color' },
        cwd: spec.cwd,
      })
      .then(
        (res) => {
          this.pid = res.pid;
          this.pair.releaseSlave();
        },
        (e: unknown) => {
          // The pane shows why, like a shell that could not run the command.
          this.pair.master.emit(
            'data',
            `demystify: could not start ${spec.name}: ${(e as Error).message}\r\n`,
          );
          this.finish(127, null);
        },
      );
  }

  onData(listener: (chunk: string) => void): void {
    this.pair.master.on('data', listener);
  }

  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.exitListener = listener;
  }

  write(data: string): void {
    this.pair.write(data);
  }

  resize(cols: number, rows: number): void {
    this.pair.resize(cols, rows);
  }

  async terminate(signal: NodeJS.Signals, graceMs: number): Promise<void> {
    if (this.ended) return;
    await this.send(signal);
    if (await this.endedWithin(graceMs)) return;
    await this.send('SIGKILL');
    await this.endedWithin(KILL_WAIT_MS);
  }

  signalNow(signal: NodeJS.Signals): void {
    void this.send(signal);
  }

  async endLeftovers(graceMs: number): Promise<void> {
    // The session of the ended process: whatever it left in it goes too.
    await this.send('SIGTERM');
    await new Promise((r) => setTimeout(r, Math.min(graceMs, 500)));
    await this.send('SIGKILL');
  }

  private async send(signal: NodeJS.Signals): Promise<void> {
    if (!this.helper.alive() || !isComponentSignal(signal)) return;
    await this.helper
      .request({ op: 'component.signal', node: this.node, proc: this.proc, signal })
      .catch(() => undefined);
  }

  private endedWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      this.exited.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(this.ended), ms))),
    ]).finally(() => clearTimeout(timer));
  }

  private finish(code: number | null, signal: string | null): void {
    if (this.ended) return;
    this.ended = true;
    this.offEvents();
    this.exitListener?.(code, signal);
    // Let the last output drain into the pane before the master closes.
    setTimeout(() => this.pair.close(), 200).unref();
  }
}

function isComponentSignal(s: NodeJS.Signals): s is ComponentSignal {
  return (COMPONENT_SIGNALS as readonly string[]).includes(s);
}
