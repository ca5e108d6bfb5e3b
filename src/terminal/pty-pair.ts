// A pseudo-terminal pair with no process on it yet: demystify keeps the
// master (the pane reads and writes it), and hands the slave's path to the
// root helper, which starts a root process on it. The bytes then flow
// between that process and the pane directly, as with our own ptys; the
// kernel delivers Ctrl-C, window sizes and the final hangup itself.
// node-pty's native module can open such a pair; its JavaScript wrapper
// would read the slave too, so the module is used directly.
import { closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import tty from 'node:tty';

interface NativePty {
  open(cols: number, rows: number): { master: number; slave: number; pty: string };
  resize(fd: number, cols: number, rows: number): void;
}

let native: NativePty | undefined;
function nativePty(): NativePty {
  if (!native) {
    const require = createRequire(import.meta.url);
    const { requireBinary } = require('@lydell/node-pty/requireBinary') as {
      requireBinary(file: string): NativePty;
    };
    native = requireBinary('pty.node');
  }
  return native;
}

export class PtyPair {
  readonly path: string;
  readonly master: tty.ReadStream;
  private readonly masterFd: number;
  private slaveFd: number | undefined;

  constructor(cols: number, rows: number) {
    const { master, slave, pty } = nativePty().open(cols, rows);
    this.path = pty;
    this.masterFd = master;
    this.slaveFd = slave;
    this.master = new tty.ReadStream(master);
    this.master.setEncoding('utf8');
    // EIO is how a pty master says every slave closed: the process ended.
    this.master.on('error', () => undefined);
  }

  /** Once the process holds the slave, ours goes: its last close is then the process's hangup. */
  releaseSlave(): void {
    if (this.slaveFd === undefined) return;
    closeSync(this.slaveFd);
    this.slaveFd = undefined;
  }

  write(data: string): void {
    if (!this.master.destroyed) this.master.write(data);
  }

  resize(cols: number, rows: number): void {
    try {
      nativePty().resize(this.masterFd, cols, rows);
    } catch {
      // Closed meanwhile.
    }
  }

  close(): void {
    this.releaseSlave();
    this.master.destroy();
  }
}
