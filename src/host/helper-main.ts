// demystify's root helper: started once per session through sudo (or
// directly, as root). It does node work and nothing else (protocol.ts):
// makes this session's nodes and their network, starts and signals processes
// inside them, runs a step's command inside one, and removes what a dead
// session of the same tag left. It runs nothing on the host outside a
// node's namespaces and cgroup, and refuses any request that is not exactly
// one of those shapes (protocol-schema.ts). It obeys no signal: the end of
// its stdin - demystify quitting, crashing or being killed - is what ends it,
// after it has undone everything it made.
//
//   node helper-main.js <owner uid> <api socket> <session tag>
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cgroupLayout } from './cgroups.js';
import { readJsonLines, writeJsonLine } from './json-lines.js';
import { NodeRuntime } from './node-runtime.js';
import { cgroupTop, networkPlan, nodePlan } from './plan.js';
import type { Request, Results } from './protocol.js';
import { parseRequest } from './protocol-schema.js';
import { repairLeftovers } from './repair-root.js';

const [ownerUid = '', apiSocket = '', tag = ''] = process.argv.slice(2);
if (!/^\d+$/.test(ownerUid) || !path.isAbsolute(apiSocket) || !/^[0-9a-f]{6}$/.test(tag)) {
  process.stderr.write(
    'demystify-root-helper: usage: helper-main.js <owner uid> <api socket> <session tag>\n',
  );
  process.exit(2);
}
process.title = 'demystify-root-helper';
// The tools a node is made with (ip, unshare, setpriv, mount) come from the system's own folders only.
process.env.PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, () => undefined);

const here = path.dirname(fileURLToPath(import.meta.url));
const agentScript = path.join(here, 'agent-main.js');
const send = (value: unknown): void => writeJsonLine(process.stdout, value);
// Once demystify is gone its end of the channel is too: a write then fails (EPIPE), and that
// must not end this process before it has undone what it made.
process.stdout.on('error', () => undefined);
const layout = cgroupLayout();
const network = networkPlan(tag);
const runtime = new NodeRuntime({ layout, ownerUid: Number(ownerUid), apiSocket, emit: send });
let leaving: Promise<string[]> | undefined;

async function handle(req: Request): Promise<Results[Request['op']]> {
  switch (req.op) {
    case 'hello':
      return { pid: process.pid, uid: process.getuid?.() ?? -1, cgroupVersion: layout.version };
    case 'node.create': {
      // The agent runs from demystify's own dist/ (its bundle's chunks are in dist/chunks, beside
      // dist/host), and on this node: a package under /tmp (a clone, a test prefix) is bound in whole.
      const own = [path.dirname(here), path.dirname(process.execPath)].filter(underTmp);
      const keep = [...req.keep.map(ownFolder), ...own];
      await runtime.createNetwork(network);
      return { pid: await runtime.createNode(nodePlan(tag, req.node), process.execPath, agentScript, keep) };
    }
    case 'node.destroy':
      return { removed: await runtime.destroyNode(req.node) };
    case 'component.start': {
      const { op: _op, node, ...spawn } = req;
      return (await runtime.node(node).request({ op: 'spawn', ...spawn })) as Results['component.start'];
    }
    case 'component.signal':
      return (await runtime
        .node(req.node)
        .request({ op: 'signal', proc: req.proc, signal: req.signal })) as Results['component.signal'];
    case 'node.exec': {
      const { op: _op, node, ...exec } = req;
      return (await runtime.node(node).request({ op: 'exec', ...exec })) as Results['node.exec'];
    }
    case 'repair':
      return { removed: await repairLeftovers(layout, tag, network.hostLink) };
    case 'shutdown':
      return { removed: await leave() };
  }
}

/**
 * A folder of the learner's that a node may see through its own /tmp: it is
 * what it says (no link on the way), a folder, and the learner's (or root's):
 * never another user's files under /tmp.
 */
function ownFolder(dir: string): string {
  const st = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (!st?.isDirectory() || fs.realpathSync(dir) !== dir || !underTmp(dir))
    throw new Error(`${dir} is not a folder under /tmp (a link, or missing)`);
  if (st.uid !== Number(ownerUid) && st.uid !== 0)
    throw new Error(`${dir} belongs to another user: a node does not see it`);
  return dir;
}

function underTmp(dir: string): boolean {
  return dir.startsWith('/tmp/');
}

/** Undoes everything, once, whoever asks first (a shutdown request or the end of stdin). */
function leave(): Promise<string[]> {
  leaving ??= runtime.destroyAll(cgroupTop(tag));
  return leaving;
}

readJsonLines(
  process.stdin,
  (value) => {
    const parsed = parseRequest(value);
    if (!parsed.ok) {
      if (parsed.id !== undefined) send({ id: parsed.id, ok: false, error: parsed.error });
      return;
    }
    const { id, request } = parsed;
    // Once leaving, nothing new is made: only a second shutdown is answered.
    if (leaving && request.op !== 'shutdown') {
      send({ id, ok: false, error: 'the root helper is taking the session down' });
      return;
    }
    handle(request).then(
      (result) => send({ id, ok: true, result }),
      (e: unknown) => send({ id, ok: false, error: (e as Error).message }),
    );
  },
  () => void leave().finally(() => process.exit(0)),
);
send({ event: 'helper-ready' });
