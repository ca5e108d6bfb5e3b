// The main screen's end of the notes channel: a Unix socket only the same
// user can open (mode 0600), a `state` line to every notes terminal when the
// state changes, and their `command` lines handed to the app. A stale socket
// left by a killed presenter is replaced; a live one means another presenter
// runs in this state folder, which is an error.
import fs from 'node:fs';
import net from 'node:net';
import { lineSplitter, parseCommand, type NotesCommand, type NotesState } from './protocol.js';

export class NotesServerError extends Error {
  override name = 'NotesServerError';
}

async function inUse(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(file);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

export class NotesServer {
  private readonly clients = new Set<net.Socket>();
  private last = '';
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly server: net.Server,
    readonly path: string,
    private readonly current: () => NotesState,
  ) {}

  static async listen(
    file: string,
    current: () => NotesState,
    onCommand: (c: NotesCommand) => void,
    /** Some changes have no event here (a component crashing, a probe passing): look this often too. */
    refreshMs = 500,
  ): Promise<NotesServer> {
    if (fs.existsSync(file)) {
      if (await inUse(file))
        throw new NotesServerError(`another presenter is running (${file} answers): quit it first`);
      fs.rmSync(file, { force: true });
    }
    const server = net.createServer();
    const self = new NotesServer(server, file, current);
    server.on('connection', (socket) => self.accept(socket, onCommand));
    // The umask makes the socket 0600 from the moment it exists; chmod makes sure of it.
    const umask = process.umask(0o177);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(file, () => resolve());
      });
    } finally {
      process.umask(umask);
    }
    fs.chmodSync(file, 0o600);
    self.timer = setInterval(() => self.update(), refreshMs);
    self.timer.unref();
    return self;
  }

  private accept(socket: net.Socket, onCommand: (c: NotesCommand) => void): void {
    this.clients.add(socket);
    socket.setEncoding('utf8');
    socket.on(
      'data',
      lineSplitter((line) => {
        const c = parseCommand(line);
        if (c) onCommand(c);
      }),
    );
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.clients.delete(socket));
    socket.write(`${JSON.stringify(this.current())}\n`);
  }

  /** Sends the state to every notes terminal if it changed since the last time. */
  update(): void {
    const line = JSON.stringify(this.current());
    if (line === this.last) return;
    this.last = line;
    for (const c of this.clients) c.write(`${line}\n`);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const c of this.clients) c.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.path, { force: true });
  }
}
