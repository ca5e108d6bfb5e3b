// A node's agent: the one process inside a node (its network, mount, PID, UTS
// and cgroup namespaces) that starts the node's processes, so each of them is
// born inside everything the node is made of. It runs as root, talks to the
// helper over its stdin/stdout, and relays the node's 127.0.0.1:6443 to the
// API server on the host (the way kubespray's per-node proxy does), since a
// node has a loopback of its own. When its stdin closes it ends, and with it
// the node's init and so every process of the node.
//
//   node agent-main.js <api-socket> <owner-uid>
import net from 'node:net';
import { readJsonLines, writeJsonLine } from './json-lines.js';
import { execCapture, ProcTable } from './proc-table.js';
import type { AgentRequest } from './protocol.js';
import { relay } from './socket-pipe.js';

const [apiSocket = '', ownerUid = '0'] = process.argv.slice(2);
process.title = 'demystify-node-agent';
// The terminal and the helper's signals are not ours to obey: the pipe closing is the only way out.
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, () => undefined);

const send = (value: unknown): void => writeJsonLine(process.stdout, value);
// Once demystify is gone its end of the pipe is too: a write then fails (EPIPE), and that
// must not end this process before it has undone what it made.
process.stdout.on('error', () => undefined);
const procs = new ProcTable(
  (proc, code, signal) => send({ event: 'exit', proc, code, signal }),
  Number(ownerUid),
);

// Only the helper writes here (root to root, over the init's pipes), and it has checked each request.
async function handle(req: AgentRequest): Promise<unknown> {
  switch (req.op) {
    case 'spawn':
      return { pid: procs.spawn(req) };
    case 'signal':
      return { signalled: procs.signal(req.proc, req.signal) };
    case 'exec':
      return execCapture(req.command, req.env, req.cwd, req.timeoutMs);
  }
}

readJsonLines(
  process.stdin,
  (value) => {
    const req = value as AgentRequest & { id: number };
    handle(req).then(
      (result) => send({ id: req.id, ok: true, result }),
      (e: unknown) => send({ id: req.id, ok: false, error: (e as Error).message }),
    );
  },
  () => {
    procs.signalAll('SIGKILL');
    process.exit(0);
  },
);

// The API server relay: every connection to the node's 127.0.0.1:6443 is
// piped to the unix socket demystify serves next to its state.
if (apiSocket) {
  net
    .createServer((client) => relay(client, net.connect(apiSocket)))
    .on('error', (e) => process.stderr.write(`demystify-node-agent: API relay: ${e.message}\n`))
    .listen(6443, '127.0.0.1');
}
send({ event: 'agent-ready', pid: process.pid });
