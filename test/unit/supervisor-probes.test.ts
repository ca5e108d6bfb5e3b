// Readiness probes against real servers and real processes.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeProbe, probeOnce } from '../../src/terminal/probes.js';
import { createSupervisor } from '../../src/terminal/supervisor.js';
import type { Supervisor } from '../../src/terminal/types.js';
import { spec, tempDir } from '../fixtures/supervisor/specs.js';
import { makeTestPki, type TestPki } from '../helpers/test-pki.js';
import { freePort } from '../helpers/ports.js';

const state = tempDir('probes');
let supervisor: Supervisor;
beforeAll(() => {
  supervisor = createSupervisor({ stateDir: state.path, graceMs: 1_000 });
});
afterAll(async () => {
  await supervisor.stopAll();
  state.remove();
});

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
}

describe('tcp probe', () => {
  it('passes when something accepts, and says why when not', async () => {
    const server = net.createServer((socket) => socket.destroy());
    const port = await listen(server);
    expect(await probeOnce({ kind: 'tcp', host: '127.0.0.1', port }, 1_000)).toEqual({ ok: true });
    await new Promise((resolve) => server.close(resolve));
    expect(await probeOnce({ kind: 'tcp', host: '127.0.0.1', port }, 1_000)).toEqual({
      ok: false,
      detail: 'connection refused',
    });
  });

  it('turns a component ready once its port opens', async () => {
    const port = await freePort();
    const component = supervisor.start(
      spec('tcp-late', 'sleep 1000', { ready: { kind: 'tcp', host: '127.0.0.1', port } }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(component.state().kind).toBe('starting');
    const real = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => real.listen(port, '127.0.0.1', resolve));
    const started = Date.now();
    expect(await component.waitReady()).toEqual({ ok: true });
    // It kept probing (every 50 ms): a bound far above that, and far below the start's deadline.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(component.state().kind).toBe('ready');
    real.close();
    await component.stop();
  });
});

describe('https probe', () => {
  const pki = tempDir('pki');
  const file = (name: string): string => path.join(pki.path, name);
  let server: https.Server;
  let port: number;

  let certs: TestPki;

  beforeAll(async () => {
    certs = makeTestPki(pki.path);
    server = https.createServer(
      {
        key: readFileSync(certs.serverKey),
        cert: readFileSync(certs.serverCert),
        ca: readFileSync(certs.caCert),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (request, response) => {
        if (request.url === '/readyz') response.end('ok');
        else {
          response.statusCode = 500;
          response.end('[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed\n');
        }
      },
    );
    port = await listen(server);
  });
  afterAll(() => {
    server.close();
    pki.remove();
  });

  const withClient = (url: string) =>
    ({
      kind: 'https',
      url,
      caFile: certs.caCert,
      certFile: certs.adminCert,
      keyFile: certs.adminKey,
    }) as const;

  it('passes on a 2xx with client certificates', async () => {
    expect(await probeOnce(withClient(`https://127.0.0.1:${port}/readyz`), 2_000)).toEqual({ ok: true });
  });

  it('reports the failing readyz checks', async () => {
    expect(await probeOnce(withClient(`https://127.0.0.1:${port}/other`), 2_000)).toEqual({
      ok: false,
      detail: 'HTTP 500: [-]etcd failed: reason withheld',
    });
  });

  it('fails without a client certificate, and on a missing file', async () => {
    const bare = await probeOnce(
      { kind: 'https', url: `https://127.0.0.1:${port}/readyz`, caFile: certs.caCert },
      2_000,
    );
    expect(bare.ok).toBe(false);
    const missing = await probeOnce(
      { ...withClient(`https://127.0.0.1:${port}/readyz`), caFile: file('nope.crt') },
      2_000,
    );
    expect(missing).toMatchObject({
      ok: false,
      detail: expect.stringContaining('cannot read a probe certificate'),
    });
  });

  it('verifies the server without ca= too (against the system CAs), and skips only when told to', async () => {
    const url = `https://127.0.0.1:${port}/readyz`;
    const { caFile: _ca, ...noCa } = withClient(url);
    // The workshop's CA is no system CA: never a silent pass.
    const refused = await probeOnce(noCa, 2_000);
    expect(refused).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/SELF_SIGNED|self-signed|UNABLE_TO/i),
    });
    expect(await probeOnce({ ...noCa, insecureSkipTlsVerify: true }, 2_000)).toEqual({ ok: true });
    expect(describeProbe(noCa)).toMatch(
      /no ca= given: its certificate must be signed by a CA this machine trusts/,
    );
  });
});

describe('log probe', () => {
  it('matches output printed before waitReady was called, through colour codes', async () => {
    const component = supervisor.start(
      spec('log-early', `printf 'starting\\n\\033[32mserving\\033[0m client traffic\\n'; exec sleep 1000`, {
        ready: { kind: 'log', pattern: /serving client traffic/g },
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(component.state().kind).toBe('ready');
    expect(await component.waitReady()).toEqual({ ok: true });
    await component.stop();
  });

  it('matches a line that arrives in pieces', async () => {
    // Taken before the start: the pieces are 0.5 s apart from the moment the process runs, whenever the test reads the clock.
    const started = Date.now();
    const component = supervisor.start(
      spec(
        'log-pieces',
        `printf 'serv'; sleep 0.3; printf 'ing client'; sleep 0.2; printf ' traffic\\n'; exec sleep 1000`,
        {
          ready: { kind: 'log', pattern: /^serving client traffic$/ },
        },
      ),
    );
    expect(await component.waitReady()).toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThan(400);
    await component.stop();
  });
});
