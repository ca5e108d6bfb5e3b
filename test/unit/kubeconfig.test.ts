import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildKubeconfig,
  KubeconfigError,
  kubeconfigPlan,
  kubeconfigToYaml,
  parseKubeconfig,
  resolveCredentials,
  writeKubeconfig,
  writeKubeconfigs,
} from '../../src/cluster/kubeconfig.js';
import { classicAdminPlan, generatePki, perRolePlan, type PkiResult } from '../../src/cluster/pki/index.js';

const run = promisify(execFile);
const fakePem = (label: string, body: string) =>
  `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
const input = {
  clusterName: 'demystify',
  server: 'https://127.0.0.1:6443',
  caPem: fakePem('CERTIFICATE', 'Y2E='),
  userName: 'admin',
  certPem: fakePem('CERTIFICATE', 'YWRtaW4='),
  keyPem: fakePem('RSA PRIVATE KEY', 'a2V5'),
};
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('buildKubeconfig', () => {
  it('produces what kubectl config set-cluster/set-credentials --embed-certs/set-context/use-context write', () => {
    expect(buildKubeconfig({ ...input, contextName: 'default', namespace: 'demo' })).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'demystify',
          cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': b64(input.caPem) },
        },
      ],
      users: [
        {
          name: 'admin',
          user: { 'client-certificate-data': b64(input.certPem), 'client-key-data': b64(input.keyPem) },
        },
      ],
      contexts: [{ name: 'default', context: { cluster: 'demystify', user: 'admin', namespace: 'demo' } }],
      'current-context': 'default',
      preferences: {},
    });
  });

  it('names the context user@cluster by default and omits an unset namespace', () => {
    const config = buildKubeconfig(input);
    expect(config['current-context']).toBe('admin@demystify');
    expect(config.contexts[0]?.context).toEqual({ cluster: 'demystify', user: 'admin' });
  });

  it('writes YAML in kubectl layout: sorted keys, unfolded base64', () => {
    const text = kubeconfigToYaml(buildKubeconfig({ ...input, contextName: 'default' }));
    expect(text).toBe(
      [
        'apiVersion: v1',
        'clusters:',
        '- cluster:',
        `    certificate-authority-data: ${b64(input.caPem)}`,
        '    server: https://127.0.0.1:6443',
        '  name: demystify',
        'contexts:',
        '- context:',
        '    cluster: demystify',
        '    user: admin',
        '  name: default',
        'current-context: default',
        'kind: Config',
        'preferences: {}',
        'users:',
        '- name: admin',
        '  user:',
        `    client-certificate-data: ${b64(input.certPem)}`,
        `    client-key-data: ${b64(input.keyPem)}`,
        '',
      ].join('\n'),
    );
  });

  it('round-trips through YAML and decodes back to the PEMs', () => {
    const config = buildKubeconfig(input);
    const parsed = parseKubeconfig(kubeconfigToYaml(config));
    expect(parsed).toEqual(config);
    expect(resolveCredentials(parsed)).toEqual({
      server: input.server,
      caPem: input.caPem,
      certPem: input.certPem,
      keyPem: input.keyPem,
    });
  });

  it('rejects inputs kubectl would turn into a broken file', () => {
    expect(() => buildKubeconfig({ ...input, server: 'http://127.0.0.1:8080' })).toThrow('must use https://');
    expect(() => buildKubeconfig({ ...input, server: '127.0.0.1:6443' })).toThrow(KubeconfigError);
    expect(() => buildKubeconfig({ ...input, keyPem: 'a2V5' })).toThrow('keyPem is not PEM');
    expect(() => parseKubeconfig('kind: Pod')).toThrow('apiVersion: v1 and kind: Config');
    expect(() => resolveCredentials(buildKubeconfig(input), 'nope')).toThrow('no context named "nope"');
  });
});

describe('kubeconfigs from a generated PKI', () => {
  let dir: string;
  let pki: PkiResult;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'demystify-kubeconfig-'));
    pki = await generatePki(
      path.join(dir, 'pki'),
      perRolePlan({ hostname: 'node-1', nodeIp: '10.1.2.3', serviceCidr: '10.0.0.0/24' }),
    );
  }, 60_000);
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('one per client, each carrying its own certificate, named for its CN', async () => {
    const plan = await kubeconfigPlan({ pkiDir: pki.dir });
    const users = Object.fromEntries(plan.map((p) => [p.name, p.config.users[0]?.name]));
    expect(users).toEqual({
      admin: 'admin',
      'kube-controller-manager': 'system:kube-controller-manager',
      'kube-scheduler': 'system:kube-scheduler',
      kubelet: 'system:node:node-1',
      'kube-proxy': 'system:kube-proxy',
    });
    const caPem = await fs.readFile(pki.ca.certPath, 'utf8');
    for (const { name, config } of plan) {
      const creds = resolveCredentials(config);
      expect(creds.server).toBe('https://127.0.0.1:6443');
      expect(creds.caPem).toBe(caPem);
      expect(creds.certPem).toBe(await fs.readFile(path.join(pki.dir, `${name}.pem`), 'utf8'));
      expect(creds.keyPem).toBe(await fs.readFile(path.join(pki.dir, `${name}-key.pem`), 'utf8'));
    }
  });

  it('writes 0600 files atomically; an unchanged rerun keeps them', async () => {
    const out = path.join(dir, 'kubeconfigs');
    const plan = await kubeconfigPlan({
      pkiDir: pki.dir,
      server: 'https://10.1.2.3:6443',
      clusterName: 'lab',
    });
    const first = await writeKubeconfigs(out, plan);
    expect(first.map((w) => w.action)).toEqual(Array(5).fill('written'));
    expect((await fs.readdir(out)).sort()).toEqual([
      'admin.kubeconfig',
      'kube-controller-manager.kubeconfig',
      'kube-proxy.kubeconfig',
      'kube-scheduler.kubeconfig',
      'kubelet.kubeconfig',
    ]);
    for (const { path: file } of first) expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const mtime = (await fs.stat(first[0]!.path)).mtimeMs;
    const again = await writeKubeconfigs(
      out,
      await kubeconfigPlan({ pkiDir: pki.dir, server: 'https://10.1.2.3:6443', clusterName: 'lab' }),
    );
    expect(again.map((w) => w.action)).toEqual(Array(5).fill('unchanged'));
    expect((await fs.stat(first[0]!.path)).mtimeMs).toBe(mtime);

    // The embedded client pair is usable as-is: openssl verifies it against the embedded CA.
    const kubelet = resolveCredentials(
      parseKubeconfig(await fs.readFile(path.join(out, 'kubelet.kubeconfig'), 'utf8')),
    );
    await fs.writeFile(path.join(dir, 'ca-from-kubeconfig.pem'), kubelet.caPem);
    await fs.writeFile(path.join(dir, 'kubelet-from-kubeconfig.pem'), kubelet.certPem);
    const { stdout } = await run('openssl', [
      'verify',
      '-CAfile',
      path.join(dir, 'ca-from-kubeconfig.pem'),
      path.join(dir, 'kubelet-from-kubeconfig.pem'),
    ]);
    expect(stdout).toContain(': OK');
  });

  it('classic credentials: every component presents the admin certificate', async () => {
    const classic = await generatePki(
      path.join(dir, 'classic'),
      classicAdminPlan({ hostname: 'node-1', nodeIp: '10.1.2.3', serviceCidr: '10.0.0.0/24' }),
    );
    const plan = await kubeconfigPlan({ pkiDir: classic.dir, credentials: 'classic' });
    const admin = await fs.readFile(classic.certs[0]!.certPath, 'utf8');
    for (const { config } of plan) expect(resolveCredentials(config).certPem).toBe(admin);
  }, 60_000);

  it('writeKubeconfig output is plain YAML any client can load', async () => {
    const file = path.join(dir, 'single.kubeconfig');
    expect(await writeKubeconfig(file, buildKubeconfig(input))).toBe('written');
    expect(yaml.load(await fs.readFile(file, 'utf8'))).toMatchObject({
      kind: 'Config',
      'current-context': 'admin@demystify',
    });
  });
});
