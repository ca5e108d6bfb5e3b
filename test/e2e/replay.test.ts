// @module-tag once (checkpoints of the real workshop: etcd's snapshot and restore, the same on every line)
// Replay against the real components. Chapters 0-5 run headless with
// checkpoints on; then chapter 3 (kube-apiserver) is replayed from its
// checkpoint, and its checks behave as on a first run: "no ReplicaSet for
// 10 s" passes again, which proves etcd went back to before chapter 4's
// controller-manager created ReplicaSets (and that it is not running). Then
// the same replay in a fresh state folder, where it has to fast-forward
// chapters 0-2. Both times are printed: restore versus fast-forward.
import { execa } from 'execa';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = path.resolve('dist/cli.js');
/** The workshop's fixed ports: etcd and the API server. */
const PORTS = [2379, 6443];

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

function demystify(home: string, workspace: string, args: string[]) {
  const run = execa('node', [cli, ...args], {
    env: { XDG_STATE_HOME: path.join(home, 'state'), NO_COLOR: '1', DEMYSTIFY_WORKSPACE: workspace },
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: 840_000,
  });
  run.all?.on('data', (d: Buffer) => process.stdout.write(d));
  return run;
}

/** "at the start of X after 2.1 s (restore 2.1 s)" -> the seconds. */
function reachedIn(out: string): number {
  const m = /^at the start of \S+ after ([\d.]+) (ms|s|min)/m.exec(out);
  if (!m) throw new Error('replay did not say when it reached the chapter');
  return Number(m[1]) / (m[2] === 'ms' ? 1000 : 1);
}

describe('demystify replay on the real workshop', () => {
  it('replays chapter 3 from its checkpoint after chapter 5, and by fast-forwarding without one', async () => {
    if (!fs.existsSync(cli))
      throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
    for (const port of PORTS)
      if (await portInUse(port))
        throw new Error(`port ${port} is in use: another workshop is running on this machine; stop it first`);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-e2e-replay-'));
    const workspace = path.join(home, 'workspace');

    const first = await demystify(home, workspace, ['test', '0', '1', '2', '3', '4', '5', '--checkpoints']);
    expect(first.all).toMatch(/^ {2}checkpoint of kube-apiserver saved/m);
    expect(first.all).toMatch(/^\d+ passed, 0 failed$/m);
    expect(first.exitCode).toBe(0);

    const restored = await demystify(home, workspace, ['replay', '3', '--auto']);
    expect(restored.all).toMatch(/restoring the checkpoint saved at the start of kube-apiserver/);
    // A new process: nothing runs yet; only etcd ran at the start of chapter 3, so only etcd starts.
    expect(restored.all).toMatch(/✓ stop +nothing was running/);
    expect(restored.all).not.toMatch(/✓ start +kube-/);
    expect(restored.all).toMatch(/✓ start +etcd is ready/);
    expect(restored.all).toMatch(/✓ shell +shell variables and folder restored/);
    expect(restored.all).toMatch(/^ {2}✓ \S+ +check: making sure no ReplicaSet appears/m);
    expect(restored.all).toMatch(/^kube-apiserver: every step passed$/m);
    expect(restored.exitCode).toBe(0);

    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-e2e-ff-'));
    const ff = await demystify(fresh, path.join(fresh, 'workspace'), ['replay', '3', '--auto']);
    expect(ff.all).toMatch(/fast-forwarding welcome, certificates, etcd from an empty workspace/);
    expect(ff.all).toMatch(/^ {2}✓ \S+ +check: making sure no ReplicaSet appears/m);
    expect(ff.all).toMatch(/^kube-apiserver: every step passed$/m);
    expect(ff.exitCode).toBe(0);

    console.log(
      `start of chapter 3 reached: restore from checkpoint ${reachedIn(restored.all)} s, fast-forward of chapters 0-2 ${reachedIn(ff.all)} s`,
    );
    for (const h of [home, fresh]) {
      const pids = path.join(h, 'state', 'demystify', 'pids');
      expect(fs.existsSync(pids) ? fs.readdirSync(pids).filter((f) => f.endsWith('.json')) : []).toEqual([]);
    }
  });
});
