// @module-tag once (saving and restoring etcd's data is etcd's and etcdutl's work, the same on every line)
// @module-tag isolated (free ports, its own folders)
// A checkpoint of a real etcd (TLS, client certificates, free ports) in a real
// session: the snapshot is taken over the client API, restored with etcdutl
// into the data folder the command names, and the same member starts on it.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointStore } from '../../src/engine/checkpoint/checkpoint-store.js';
import { Checkpoints } from '../../src/engine/checkpoint/checkpoints.js';
import { openSession, type Session } from '../../src/engine/session.js';
import { defaultVersions } from '../../src/cluster/versions.js';
import { DEFAULT_ACCESS } from '../../src/lesson/cluster-access.js';
import { etcdArgs } from '../helpers/control-plane-args.js';
import { freePort } from '../helpers/ports.js';
import { makeTestPki, type TestPki } from '../helpers/test-pki.js';
import { requireBinaries } from './helpers/control-plane.js';
import { folderMeta } from '../../src/lesson/workshop-manifest.js';

let home: string;
let ws: string;
let pki: TestPki;
let session: Session;
let checkpoints: Checkpoints;
let endpoint: string;

async function etcdctl(...args: string[]): Promise<string> {
  const tls = [`--cacert=${pki.caCert}`, `--cert=${pki.serverCert}`, `--key=${pki.serverKey}`];
  const res = await execa('etcdctl', [`--endpoints=${endpoint}`, ...tls, ...args], { env: session.deps.env });
  return res.stdout.trim();
}

beforeAll(async () => {
  requireBinaries();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-cp-etcd-'));
  ws = path.join(home, 'ws');
  fs.mkdirSync(ws);
  pki = makeTestPki(path.join(ws, 'pki'));
  const stateDir = path.join(home, 'state');
  session = await openSession({
    workspace: ws,
    // Made for this session (its certificates already in it): a workspace, which restores may empty.
    ownsWorkspace: true,
    lessonsDir: 'test/fixtures/workshop-replay',
    assetsDir: 'assets',
    stateDir,
    versions: defaultVersions,
  });
  const clientPort = await freePort();
  endpoint = `https://127.0.0.1:${clientPort}`;
  // The data folder as a lesson writes it, through $WORKSPACE: the checkpoint reads it from the command.
  const args = etcdArgs({
    name: 'cp',
    dataDir: '$WORKSPACE/etcd-data',
    clientPort,
    peerPort: await freePort(),
    pki,
  });
  session.supervisor.start({
    name: 'etcd',
    command: `etcd ${args.map((a) => `"${a}"`).join(' ')}`,
    cwd: ws,
    env: session.deps.env,
    ready: { kind: 'log', pattern: /serving client traffic/ },
  });
  expect(await session.supervisor.get('etcd')!.waitReady()).toEqual({ ok: true });
  const store = await CheckpointStore.open(stateDir, 'test/fixtures/workshop-replay', ws);
  checkpoints = new Checkpoints({
    store,
    workshop: emptyWorkshop(),
    deps: session.deps,
    stateDir,
    etcdClient: () => ({ caFile: pki.caCert, certFile: pki.serverCert, keyFile: pki.serverKey }),
  });
});

/** A workshop with no chapters in the test's workspace: checkpoints need only its folder and identity. */
function emptyWorkshop() {
  return {
    dir: ws,
    meta: folderMeta(ws),
    language: 'en',
    languages: [],
    chapters: [],
    access: DEFAULT_ACCESS,
  };
}

afterAll(async () => {
  await session?.close();
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

describe('a checkpoint with etcd', () => {
  it('brings etcd back to its data at the checkpoint', async () => {
    await etcdctl('put', '/demystify/before', 'kept');
    const saved = await checkpoints.save('with-etcd');
    expect(saved.manifest.etcd?.layout).toMatchObject({
      dataDir: path.join(ws, 'etcd-data'),
      name: 'cp',
      endpoint,
    });
    expect(fs.statSync(path.join(saved.dir, 'etcd.snapshot')).size).toBeGreaterThan(0);
    expect(saved.manifest.stateDirs).toContain(path.join(ws, 'etcd-data'));
    expect(fs.existsSync(path.join(saved.dir, 'files', 'etcd-data'))).toBe(false);
    expect(fs.existsSync(path.join(saved.dir, 'files', 'pki', 'ca.pem'))).toBe(true);

    await etcdctl('put', '/demystify/after', 'gone soon');
    await etcdctl('del', '/demystify/before');
    const pidBefore = session.supervisor.get('etcd')!.pid;
    const report = await checkpoints.restore('with-etcd');
    expect(report).toMatchObject({ ok: true });
    if (report.ok)
      console.log(
        `restore of a real etcd: ${report.ms} ms (${report.steps.map((s) => `${s.phase} ${s.ms} ms`).join(', ')})`,
      );
    expect(session.supervisor.get('etcd')!.pid).not.toBe(pidBefore);
    expect(session.supervisor.get('etcd')!.state().kind).toBe('ready');
    expect(await etcdctl('get', '/demystify/before', '--print-value-only')).toBe('kept');
    expect(await etcdctl('get', '/demystify/after', '--print-value-only')).toBe('');
    expect(fs.statSync(path.join(ws, 'etcd-data')).mode & 0o777).toBe(0o700);
  });

  it('says why when etcd cannot be reached for a snapshot', async () => {
    const bad = new Checkpoints({
      store: checkpoints.store,
      workshop: emptyWorkshop(),
      deps: session.deps,
      stateDir: path.join(home, 'state'),
      etcdClient: () => ({
        caFile: pki.caCert,
        certFile: '/nonexistent.pem',
        keyFile: '/nonexistent-key.pem',
      }),
    });
    await expect(bad.save('broken')).rejects.toThrow(
      /could not save a checkpoint of broken: etcdctl snapshot save exited with status/,
    );
    expect(await checkpoints.store.get('broken')).toBeUndefined();
    expect(fs.readdirSync(checkpoints.store.root).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });
});
