// demystify's root helper: started once per session through sudo (or
// directly, as root), it does every piece of work that needs root, on the
// host or inside the session's nodes, as demystify asks over its stdin. It
// obeys no signal: the end of its stdin - demystify quitting, crashing or
// being killed - is what ends it, after it has undone everything it made.
//
//   node helper-main.js <owner uid> <api socket>
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cgroupLayout } from './cgroups.js';
import { readJsonLines, writeJsonLine } from './json-lines.js';
import { NodeRuntime } from './node-runtime.js';
import { cgroupTop } from './plan.js';
import { execCapture, ProcTable } from './proc-table.js';
import type { Request } from './protocol.js';
import { repairLeftovers } from './repair-root.js';

const [ownerUid = '', apiSocket = ''] = process.argv.slice(2);
process.title = 'demystify-root-helper';
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, () => undefined);

const here = path.dirname(fileURLToPath(import.meta.url));
const agentScript = path.join(here, 'agent-main.js');
const send = (value: unknown): void => writeJsonLine(process.stdout, value);
// Once demystify is gone its end of the pipe is too: a write then fails (EPIPE), and that
// must not end this process before it has undone what it made.
process.stdout.on('error', () => undefined);
const layout = cgroupLayout();
const runtime = new NodeRuntime({ layout, ownerUid: Number(ownerUid), apiSocket, emit: send });
const hostProcs = new ProcTable(
  (proc, code, signal) => send({ event: 'exit', target: { kind: 'host' }, proc, code, signal }),
  Number(ownerUid),
);
let tag: string | undefined;
let leaving: Promise<string[]> | undefined;

async function handle(req: Request & { id: number }): Promise<unknown> {
  switch (req.op) {
    case 'hello':
      return { pid: process.pid, uid: process.getuid?.() ?? -1, cgroupVersion: layout.version };
    case 'network.create':
      tag = req.plan.tag;
      return { removed: await runtime.createNetwork(req.plan) };
    case 'node.create':
      tag = req.plan.tag;
      await runtime.createNetwork(req.network);
      return { pid: await runtime.createNode(req.plan, process.execPath, agentScript) };
    case 'node.destroy':
      return { removed: await runtime.destroyNode(req.node) };
    case 'spawn':
      if (req.target.kind === 'host') return { pid: hostProcs.spawn(req) };
      return runtime.node(req.target.node).request(req);
    case 'signal':
      if (req.target.kind === 'host') return { signalled: hostProcs.signal(req.proc, req.signal) };
      return runtime.node(req.target.node).request(req);
    case 'exec':
      if (req.target.kind === 'host') return execCapture(req.command, req.env, req.cwd, req.timeoutMs);
      return runtime.node(req.target.node).request(req);
    case 'repair':
      return { removed: await repairLeftovers(layout, req.tag, req.hostLink) };
    case 'shutdown':
      return { removed: await leave() };
  }
}

/** Undoes everything, once, whoever asks first (a shutdown request or the end of stdin). */
function leave(): Promise<string[]> {
  leaving ??= (async () => {
    hostProcs.signalAll('SIGTERM');
    const removed = await runtime.destroyAll(tag ? cgroupTop(tag) : undefined);
    hostProcs.signalAll('SIGKILL');
    return removed;
  })();
  return leaving;
}

readJsonLines(
  process.stdin,
  (value) => {
    const req = value as Request & { id: number };
    if (typeof req.id !== 'number') return;
    handle(req).then(
      (result) => send({ id: req.id, ok: true, result }),
      (e: unknown) => send({ id: req.id, ok: false, error: (e as Error).message }),
    );
  },
  () => void leave().finally(() => process.exit(0)),
);
send({ event: 'helper-ready' });
