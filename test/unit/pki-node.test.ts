// A node that joins later: its kubelet certificate, signed by the CA the
// cluster already trusts (never a new one), and a kubeconfig that carries it.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KubeconfigError,
  kubeconfigPlan,
  MissingPkiFilesError,
  resolveCredentials,
} from '../../src/cluster/kubeconfig.js';
import {
  generatePki,
  InvalidPlanError,
  nodeKubeletPlan,
  perRolePlan,
  summarizeCertificate,
} from '../../src/cluster/pki/index.js';

const run = promisify(execFile);
const node1 = { hostname: 'node-1', nodeIp: '10.240.0.11' };

let dir: string;
let pki: string;
const read = (name: string) => fs.readFile(path.join(pki, name), 'utf8');

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'demystify-pki-node-'));
  pki = path.join(dir, 'pki');
  await generatePki(
    pki,
    perRolePlan({ hostname: 'node-0', nodeIp: '10.240.0.10', serviceCidr: '10.32.0.0/24' }),
  );
}, 60_000);
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe("a node's own kubelet certificate", () => {
  it('names the node the way the Node authorizer expects, and serves under its name and address', () => {
    const plan = nodeKubeletPlan(node1);
    expect(plan.ca).toEqual({ cn: 'demystify-ca', existing: true });
    expect(plan.serviceAccountKey).toBe(false);
    expect(plan.certs).toEqual([
      {
        name: 'kubelet-node-1',
        cn: 'system:node:node-1',
        o: ['system:nodes'],
        sans: { dns: ['localhost', 'node-1'], ip: ['127.0.0.1', '10.240.0.11'] },
        usages: 'both',
      },
    ]);
    expect(() => nodeKubeletPlan({ ...node1, hostname: 'node_1' })).toThrow(/hostname "node_1"/);
  });

  it('is signed by the CA already there, which stays byte for byte as it was', async () => {
    const caBefore = await read('ca.pem');
    const caKeyBefore = await read('ca-key.pem');
    const res = await generatePki(pki, nodeKubeletPlan(node1));
    expect(res.ca.action).toBe('kept');
    expect(res.serviceAccount).toBeUndefined();
    expect(res.certs.map((c) => [c.name, c.action])).toEqual([['kubelet-node-1', 'created']]);
    expect(await read('ca.pem')).toBe(caBefore);
    expect(await read('ca-key.pem')).toBe(caKeyBefore);
    const summary = summarizeCertificate(await read('kubelet-node-1.pem'));
    expect(summary.commonName).toBe('system:node:node-1');
    expect(summary.organizations).toEqual(['system:nodes']);
    const { stdout } = await run('openssl', [
      'verify',
      '-CAfile',
      path.join(pki, 'ca.pem'),
      path.join(pki, 'kubelet-node-1.pem'),
      path.join(pki, 'kubelet.pem'),
    ]);
    expect(stdout.match(/: OK/g)).toHaveLength(2);
    expect((await fs.stat(path.join(pki, 'kubelet-node-1-key.pem'))).mode & 0o777).toBe(0o600);
  }, 60_000);

  it('regenerating asks for the node certificate alone: the CA is never replaced', async () => {
    const caBefore = await read('ca.pem');
    const certBefore = await read('kubelet-node-1.pem');
    const res = await generatePki(pki, nodeKubeletPlan(node1), { regenerate: true });
    expect(res.ca.action).toBe('kept');
    expect(res.certs[0]?.action).toBe('reissued');
    expect(await read('ca.pem')).toBe(caBefore);
    expect(await read('kubelet-node-1.pem')).not.toBe(certBefore);
  }, 60_000);

  it('refuses, and writes nothing, where there is no CA to sign with', async () => {
    const empty = path.join(dir, 'no-ca');
    await expect(generatePki(empty, nodeKubeletPlan(node1))).rejects.toThrow(InvalidPlanError);
    await expect(generatePki(empty, nodeKubeletPlan(node1))).rejects.toThrow(
      `there is no CA in ${empty} to sign with (ca.pem, ca-key.pem)`,
    );
    await expect(fs.stat(empty)).rejects.toThrow(/ENOENT/);
  });

  it('refuses a CA it could only replace (its key is gone)', async () => {
    const broken = path.join(dir, 'broken-ca');
    await fs.mkdir(broken);
    await fs.copyFile(path.join(pki, 'ca.pem'), path.join(broken, 'ca.pem'));
    await expect(generatePki(broken, nodeKubeletPlan(node1))).rejects.toThrow(
      `the CA in ${broken} cannot sign: certificate or key file missing`,
    );
    expect(await fs.readdir(broken)).toEqual(['ca.pem']);
  });
});

describe("a node's own kubeconfig", () => {
  it('one file, kubelet-node-1, carrying the node certificate, named for its CN', async () => {
    const planned = await kubeconfigPlan({ pkiDir: pki, node: 'node-1' });
    expect(planned.map((k) => [k.name, k.fileName, k.config.users[0]?.name])).toEqual([
      ['kubelet-node-1', 'kubelet-node-1.kubeconfig', 'system:node:node-1'],
    ]);
    const creds = resolveCredentials(planned[0]!.config);
    expect(creds.server).toBe('https://127.0.0.1:6443');
    expect(creds.caPem).toBe(await read('ca.pem'));
    expect(creds.certPem).toBe(await read('kubelet-node-1.pem'));
    expect(creds.keyPem).toBe(await read('kubelet-node-1-key.pem'));
  });

  it('refuses the classic credentials', async () => {
    await expect(kubeconfigPlan({ pkiDir: pki, node: 'node-1', credentials: 'classic' })).rejects.toThrow(
      KubeconfigError,
    );
  });

  // The certificate and its key are read side by side: whichever read fails
  // first, the sentence names every missing file, in the same order.
  it.each([
    [
      'both',
      ['kubelet-node-2.pem', 'kubelet-node-2-key.pem'],
      'kubelet-node-2.pem and kubelet-node-2-key.pem are',
    ],
    ['certificate', ['kubelet-node-2.pem'], 'kubelet-node-2.pem is'],
    ['key', ['kubelet-node-2-key.pem'], 'kubelet-node-2-key.pem is'],
  ])(
    'names every missing file, whichever read fails first (%s missing)',
    async (_what, missing, sentence) => {
      const folder = await fs.mkdtemp(path.join(dir, 'node-2-'));
      for (const f of ['ca.pem', 'kubelet-node-1.pem', 'kubelet-node-1-key.pem'])
        await fs.copyFile(path.join(pki, f), path.join(folder, f));
      // node-2's files are node-1's under its name, minus those this case leaves out.
      for (const f of ['kubelet-node-2.pem', 'kubelet-node-2-key.pem'].filter((f) => !missing.includes(f)))
        await fs.copyFile(path.join(pki, f.replace('node-2', 'node-1')), path.join(folder, f));
      const err = await kubeconfigPlan({ pkiDir: folder, node: 'node-2' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(MissingPkiFilesError);
      expect((err as Error).message).toBe(`${sentence} missing from ${folder}`);
    },
  );
});
