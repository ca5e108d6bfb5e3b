// One connection relayed both ways, used by both ends of the node's path to
// the API server (the node agent's 127.0.0.1:6443, demystify's unix socket):
// when either side fails or closes, both go, so no half-open relay lingers.
import type net from 'node:net';

export function relay(client: net.Socket, upstream: net.Socket): void {
  client.pipe(upstream).pipe(client);
  const close = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close);
  upstream.on('error', close);
}
