// The host's end of the nodes' way to the API server: a unix socket in
// demystify's own state folder (mode 0700, so only this user and root reach
// it), each connection piped to the API server on 127.0.0.1. A node's agent
// listens on the node's own 127.0.0.1:6443 and pipes to this socket.
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { relay } from './socket-pipe.js';

/** A unix socket path longer than this does not fit in sockaddr_un. */
const MAX_SOCKET_PATH = 107;

export class ApiRelay {
  private constructor(
    private readonly server: net.Server,
    readonly socket: string,
  ) {}

  static async listen(runDir: string, target = { host: '127.0.0.1', port: 6443 }): Promise<ApiRelay> {
    const socket = path.join(runDir, 'api.sock');
    if (socket.length > MAX_SOCKET_PATH)
      throw new Error(
        `the state folder's path is too long for a unix socket (${socket}): set XDG_STATE_HOME to a shorter folder`,
      );
    await fs.mkdir(runDir, { recursive: true, mode: 0o700 });
    await fs.chmod(runDir, 0o700);
    await fs.rm(socket, { force: true });
    const server = net.createServer((client) => relay(client, net.connect(target.port, target.host)));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socket, () => resolve());
    });
    server.unref();
    return new ApiRelay(server, socket);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
