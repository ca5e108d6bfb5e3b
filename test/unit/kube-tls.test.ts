// Checks verify the API server's certificate unless the lesson says
// `insecure-skip-tls-verify: true` itself: a kubeconfig that says so is not
// enough. A loopback HTTPS server with the test PKI stands in for the server.
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCluster, loadKubeConfig } from '../../src/verify/kube-client.js';
import { makeTestPki, writeAdminKubeconfig, type TestPki } from '../helpers/test-pki.js';

let dir: string;
let pki: TestPki;
let server: https.Server;
let insecureKubeconfig: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-tls-'));
  pki = makeTestPki(path.join(dir, 'pki'));
  server = https.createServer(
    { key: fs.readFileSync(pki.serverKey), cert: fs.readFileSync(pki.serverCert) },
    (_req, res) => res.end('ok'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  insecureKubeconfig = path.join(dir, 'insecure.kubeconfig');
  // No CA, and the file itself asks not to verify.
  writeAdminKubeconfig(insecureKubeconfig, `https://127.0.0.1:${port}`, pki, { insecure: true });
});

afterAll(() => {
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('TLS of the checks', () => {
  it('verifies even when the kubeconfig says insecure-skip-tls-verify', async () => {
    expect(loadKubeConfig(insecureKubeconfig).getCurrentCluster()?.skipTLSVerify).toBe(false);
    await expect(connectCluster(insecureKubeconfig).raw('/readyz')).rejects.toThrow();
  });

  it('skips verification only when the check says so', async () => {
    expect(loadKubeConfig(insecureKubeconfig, { verifyTls: false }).getCurrentCluster()?.skipTLSVerify).toBe(
      true,
    );
    const res = await connectCluster(insecureKubeconfig, { verifyTls: false }).raw('/readyz');
    expect(res).toEqual({ status: 200, body: 'ok' });
  });
});
