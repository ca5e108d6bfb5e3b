// @module-tag isolated (no fixed port, no node network, no host state)
// The TLS start on every line (Node's TLS client probes it); the parent's ends once.
// The supervisor with the real etcd and kube-apiserver: TLS everywhere and
// client-certificate auth, readiness by https probes, and no process left
// behind, whether the supervisor stops them, its parent is terminated, or its
// parent is SIGKILLed and the next start reaps the leftovers.
//
// Needs the binaries in the cache (scripts/build-components.sh or
// `demystify fetch`); without them this fails, on purpose, instead of skipping.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectBinDir } from '../../src/cluster/cache-layout.js';
import { cacheDir } from '../../src/cluster/paths.js';
import { defaultVersions } from '../../src/cluster/versions.js';
import { createSupervisor } from '../../src/terminal/supervisor.js';
import type { ComponentSpec } from '../../src/terminal/types.js';
import { Parent, buildSupervisor } from '../fixtures/supervisor/parent-process.js';
import { makeTestPki, type TestPki } from '../helpers/test-pki.js';
import { allGone, killQuietly, processesMentioning, waitUntil } from '../fixtures/supervisor/procs.js';
import { tempDir } from '../fixtures/supervisor/specs.js';
import { apiserverArgs, etcdArgs } from '../helpers/control-plane-args.js';
import { freePort } from '../helpers/ports.js';

const ETCD = path.join(projectBinDir(cacheDir(), 'etcd', defaultVersions.etcd), 'etcd');
const APISERVER = path.join(
  projectBinDir(cacheDir(), 'kubernetes', defaultVersions.kubernetes),
  'kube-apiserver',
);
/** The API server drains on SIGTERM; give it time to do so before SIGKILL. */
const GRACE_MS = 15_000;

let work: { path: string; remove: () => void };
let pki: TestPki;
let build: { dir: string; remove: () => void };

beforeAll(() => {
  const missing = [ETCD, APISERVER].filter((binary) => !existsSync(binary));
  if (missing.length > 0) {
    throw new Error(
      `missing component binaries: ${missing.join(', ')}. ` +
        'Build them with scripts/build-components.sh (or download with `demystify fetch`) and run again.',
    );
  }
  work = tempDir('real');
  pki = makeTestPki(path.join(work.path, 'pki'));
  build = buildSupervisor();
});
afterEach(() => {
  // A failed case must not leave servers holding ports for the next one.
  if (work) killQuietly(processesMentioning(work.path));
});
afterAll(() => {
  build?.remove();
  work?.remove();
});

/** etcd and kube-apiserver specs on fresh ports, with their own data folder under the test's temp dir. */
async function clusterSpecs(label: string, surviveHangup = false): Promise<ComponentSpec[]> {
  const [client, peer, secure] = [await freePort(), await freePort(), await freePort()];
  // For the SIGKILL case: like a component whose terminal hangup does not end it, so only the reaper can.
  const prefix = surviveHangup ? "trap '' HUP; " : '';
  const etcd = [
    ETCD,
    ...etcdArgs({
      name: label,
      dataDir: path.join(work.path, `etcd-${label}`),
      clientPort: client,
      peerPort: peer,
      pki,
    }),
  ].join(' ');
  const apiserver = [
    APISERVER,
    ...apiserverArgs({
      etcdPort: client,
      securePort: secure,
      pki,
      certDir: path.join(work.path, `cert-dir-${label}`),
    }),
  ].join(' ');
  const clientCerts = { caFile: pki.caCert, certFile: pki.adminCert, keyFile: pki.adminKey };
  return [
    {
      name: 'etcd',
      command: `${prefix}exec ${etcd}`,
      cwd: work.path,
      env: {},
      ready: { kind: 'https', url: `https://127.0.0.1:${client}/health`, ...clientCerts },
      readyTimeoutMs: 60_000,
    },
    {
      name: 'kube-apiserver',
      command: `${prefix}exec ${apiserver}`,
      cwd: work.path,
      env: {},
      ready: { kind: 'https', url: `https://127.0.0.1:${secure}/readyz`, ...clientCerts },
      readyTimeoutMs: 100_000,
    },
  ];
}

describe('real etcd and kube-apiserver', () => {
  it('start, become ready over TLS with client certificates, and stop without leftovers', async () => {
    const state = tempDir('real-state');
    const supervisor = createSupervisor({ stateDir: state.path, graceMs: GRACE_MS });
    try {
      const [etcdSpec, apiSpec] = await clusterSpecs('direct');
      const etcd = supervisor.start(etcdSpec as ComponentSpec);
      const etcdReady = await etcd.waitReady();
      expect(etcdReady, JSON.stringify(etcdReady)).toEqual({ ok: true });
      expect(etcd.recentLines().some((line) => line.includes('serving client traffic'))).toBe(true);
      const apiserver = supervisor.start(apiSpec as ComponentSpec);
      const apiReady = await apiserver.waitReady();
      expect(apiReady, JSON.stringify(apiReady)).toEqual({ ok: true });
      expect(processesMentioning(work.path)).toEqual(expect.arrayContaining([etcd.pid, apiserver.pid]));

      const started = Date.now();
      await supervisor.stopAll();
      // Both obey SIGTERM: no SIGKILL after the grace period was needed.
      expect(Date.now() - started).toBeLessThan(GRACE_MS);
      expect([etcd.state(), apiserver.state()]).toEqual([{ kind: 'stopped' }, { kind: 'stopped' }]);
      expect(processesMentioning(work.path)).toEqual([]);
    } finally {
      await supervisor.stopAll(1_000);
      state.remove();
    }
  });

  // How real etcd and kube-apiserver take a parent's end is theirs, the same on every
  // line; a parent's signals on each line are supervisor-orphans.test.ts's business.
  it('SIGTERM to the parent: both stopped, nothing left', { tags: ['once'] }, async () => {
    const state = tempDir('real-state');
    try {
      const specs = await clusterSpecs('sigterm');
      const parent = new Parent(build.dir, state.path, 0, {
        COMPONENTS: JSON.stringify(specs),
        GRACE_MS: String(GRACE_MS),
      });
      const ready = await parent.message('ready', 110_000);
      expect(Object.keys(ready)).toEqual(['etcd', 'kube-apiserver']);
      const started = Date.now();
      parent.child.kill('SIGTERM');
      expect((await parent.exited).code).toBe(143);
      const took = Date.now() - started;
      expect(processesMentioning(work.path)).toEqual([]);
      // Clean shutdowns (about 0.1 s here), not SIGKILL after the grace period.
      expect(took).toBeLessThan(GRACE_MS);
    } finally {
      state.remove();
    }
  });

  it(
    'SIGKILL to the parent: the next start reaps both, and can start them again',
    { tags: ['once'] },
    async () => {
      const state = tempDir('real-state');
      try {
        const specs = await clusterSpecs('sigkill', true);
        const env = { COMPONENTS: JSON.stringify(specs), GRACE_MS: String(GRACE_MS) };
        const first = new Parent(build.dir, state.path, 0, env);
        const ready = await first.message('ready', 110_000);
        first.child.kill('SIGKILL');
        await first.exited;
        // They ignore the hangup, so they are still there, without a parent.
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(processesMentioning(work.path)).toEqual(expect.arrayContaining(Object.values(ready)));

        const second = new Parent(build.dir, state.path, 0, env);
        const reaped = await second.message('reaped', 60_000);
        // Newest first, and neither needed SIGKILL (the API server stops before its etcd does).
        expect(reaped.map((r) => [r.name, r.outcome, r.killed])).toEqual([
          ['kube-apiserver', 'stopped', false],
          ['etcd', 'stopped', false],
        ]);
        await allGone(Object.values(ready), 1_000);
        // Same ports, same data folder: the reaped ones released everything.
        const again = await second.message('ready', 110_000);
        expect(Object.keys(again)).toEqual(['etcd', 'kube-apiserver']);
        second.child.kill('SIGTERM');
        expect((await second.exited).code).toBe(143);
        await waitUntil(() => processesMentioning(work.path).length === 0, 2_000, 'no process left');
      } finally {
        state.remove();
      }
    },
  );
});
