// Checks the generated PKI with the real openssl CLI, the tool a learner
// would reach for, rather than with the libraries that produced it.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classicAdminPlan,
  describeCertificate,
  generatePki,
  perRolePlan,
  type PkiResult,
} from '../../src/cluster/pki/index.js';

const run = promisify(execFile);
async function openssl(...args: string[]): Promise<string> {
  const { stdout, stderr } = await run('openssl', args);
  return stdout + stderr;
}

const identity = { hostname: 'node-1', nodeIp: '192.168.56.10', serviceCidr: '10.96.0.0/12' };
let dir: string;
let pki: PkiResult;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'demystify-pki-'));
  pki = await generatePki(path.join(dir, 'per-role'), perRolePlan(identity));
}, 60_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const certNames = () => pki.certs.map((c) => c.name);

describe('per-role PKI checked with openssl', () => {
  it('writes every file with the right mode and nothing else', async () => {
    const files = (await fs.readdir(pki.dir)).sort();
    const expected = ['ca', ...certNames()].flatMap((n) => [`${n}.pem`, `${n}-key.pem`]);
    expect(files).toEqual([...expected, 'sa.key', 'sa.pub'].sort());
    for (const file of files) {
      const mode = (await fs.stat(path.join(pki.dir, file))).mode & 0o777;
      const isKey = file.endsWith('-key.pem') || file === 'sa.key';
      expect([file, mode.toString(8)]).toEqual([file, isKey ? '600' : '644']);
    }
  });

  it('writes canonical PEM: byte for byte what openssl re-encodes', async () => {
    for (const { certPath } of [pki.ca, ...pki.certs]) {
      expect(await openssl('x509', '-in', certPath)).toBe(await fs.readFile(certPath, 'utf8'));
    }
  });

  it('the CA is a critical CA:TRUE certificate that may sign certificates', async () => {
    const text = await openssl('x509', '-in', pki.ca.certPath, '-noout', '-text');
    expect(text).toMatch(/Issuer: CN ?= ?demystify-ca/);
    expect(text).toMatch(/Subject: CN ?= ?demystify-ca/);
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Certificate Sign, CRL Sign/);
    expect(text).toContain('X509v3 Subject Key Identifier');
    expect(text).toContain('sha256WithRSAEncryption');
    const days = (pki.ca.summary.notAfter.getTime() - pki.ca.summary.notBefore.getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(3650);
  });

  it('openssl verify accepts every certificate against the CA', async () => {
    for (const cert of pki.certs) {
      expect(await openssl('verify', '-CAfile', pki.ca.certPath, cert.certPath)).toBe(
        `${cert.certPath}: OK\n`,
      );
    }
  });

  it('each key is a valid RSA key whose modulus matches its certificate', async () => {
    // Side by side: checking a key (its primes) costs CPU, and a loaded machine has two cores to give.
    await Promise.all(
      [pki.ca, ...pki.certs].map(async ({ certPath, keyPath }) => {
        const certModulus = await openssl('x509', '-in', certPath, '-noout', '-modulus');
        // One openssl for both: the key's modulus, then its check.
        const key = await openssl('rsa', '-in', keyPath, '-noout', '-modulus', '-check');
        expect(certModulus).toMatch(/^Modulus=[0-9A-F]{512}\n$/);
        expect(key).toBe(`${certModulus}RSA key ok\n`);
      }),
    );
  });

  it('leaf certificates carry CA:FALSE, the TLS usages, SKI/AKI and the subject from the plan', async () => {
    const caText = await openssl('x509', '-in', pki.ca.certPath, '-noout', '-text');
    const caKeyId = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(caText)?.[1];
    expect(caKeyId).toBeTruthy();
    const expectations: Record<string, { subject: RegExp; eku: string }> = {
      'kube-apiserver': {
        subject: /Subject: CN ?= ?kube-apiserver\n/,
        eku: 'TLS Web Server Authentication\n',
      },
      kubelet: {
        subject: /Subject: O ?= ?system:nodes, CN ?= ?system:node:node-1\n/,
        eku: 'TLS Web Server Authentication, TLS Web Client Authentication\n',
      },
      admin: {
        subject: /Subject: O ?= ?system:masters, CN ?= ?admin\n/,
        eku: 'TLS Web Client Authentication\n',
      },
      'kube-proxy': {
        subject: /Subject: CN ?= ?system:kube-proxy\n/,
        eku: 'TLS Web Client Authentication\n',
      },
    };
    for (const cert of pki.certs) {
      const text = await openssl('x509', '-in', cert.certPath, '-noout', '-text');
      expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
      expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment\n/);
      expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web/);
      expect(text).toMatch(/Issuer: CN ?= ?demystify-ca/);
      expect(text).toMatch(new RegExp(`Authority Key Identifier: \\s+(keyid:)?${caKeyId}\\n`));
      expect(text).toContain('Public-Key: (2048 bit)');
      const want = expectations[cert.name];
      if (want) {
        expect(text).toMatch(want.subject);
        expect(text).toContain(`X509v3 Extended Key Usage: \n                ${want.eku}`);
      }
    }
  });

  it('the apiserver serving certificate lists every SAN a client may dial', async () => {
    const apiserver = pki.certs.find((c) => c.name === 'kube-apiserver')!;
    const text = await openssl('x509', '-in', apiserver.certPath, '-noout', '-ext', 'subjectAltName');
    expect(text).toContain(
      'DNS:localhost, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, ' +
        'DNS:kubernetes.default.svc.cluster.local, DNS:node-1, ' +
        'IP Address:127.0.0.1, IP Address:192.168.56.10, IP Address:10.96.0.1',
    );
    const etcd = pki.certs.find((c) => c.name === 'etcd-server')!;
    expect(await openssl('x509', '-in', etcd.certPath, '-noout', '-ext', 'subjectAltName')).toContain(
      'DNS:localhost, DNS:node-1, IP Address:127.0.0.1, IP Address:192.168.56.10',
    );
    // openssl's own host/IP checks, the way a TLS client would apply them.
    expect(await openssl('x509', '-in', apiserver.certPath, '-noout', '-checkip', '10.96.0.1')).toContain(
      'does match certificate',
    );
    expect(
      await openssl('x509', '-in', apiserver.certPath, '-noout', '-checkhost', 'kubernetes.default.svc'),
    ).toContain('does match certificate');
  });

  it('purpose checks: serving certs pass as SSL server, client certs only as SSL client', async () => {
    const check = async (certName: string, purpose: 'sslserver' | 'sslclient') => {
      const cert = pki.certs.find((c) => c.name === certName)!;
      return run('openssl', ['verify', '-CAfile', pki.ca.certPath, '-purpose', purpose, cert.certPath]).then(
        () => true,
        () => false,
      );
    };
    expect(await check('kube-apiserver', 'sslserver')).toBe(true);
    expect(await check('kube-apiserver', 'sslclient')).toBe(false);
    expect(await check('admin', 'sslclient')).toBe(true);
    expect(await check('admin', 'sslserver')).toBe(false);
    expect(await check('kubelet', 'sslserver')).toBe(true);
    expect(await check('kubelet', 'sslclient')).toBe(true);
  });

  it('the service-account pair: a private key and its public half', async () => {
    const sa = pki.serviceAccount!;
    expect(sa.keyType).toBe('RSA 2048');
    expect(await openssl('pkey', '-in', sa.privateKeyPath, '-check', '-noout')).toContain('Key is valid');
    const derived = await openssl('pkey', '-in', sa.privateKeyPath, '-pubout');
    expect(derived).toBe(await fs.readFile(sa.publicKeyPath, 'utf8'));
    expect(await openssl('pkey', '-pubin', '-in', sa.publicKeyPath, '-noout', '-text')).toContain('2048 bit');
  });

  it('summaries and describeCertificate agree with openssl', async () => {
    const kubelet = pki.certs.find((c) => c.name === 'kubelet')!;
    const serial = (await openssl('x509', '-in', kubelet.certPath, '-noout', '-serial')).trim();
    expect(serial).toBe(`serial=${kubelet.summary.serial}`);
    expect(kubelet.summary).toMatchObject({
      subject: 'O=system:nodes, CN=system:node:node-1',
      issuer: 'CN=demystify-ca',
      commonName: 'system:node:node-1',
      organizations: ['system:nodes'],
      sans: { dns: ['localhost', 'node-1'], ip: ['127.0.0.1', '192.168.56.10'] },
      keyUsage: ['Digital Signature', 'Key Encipherment'],
      extKeyUsage: ['TLS Web Server Authentication', 'TLS Web Client Authentication'],
      isCa: false,
      keyType: 'RSA 2048',
    });
    const text = describeCertificate(await fs.readFile(kubelet.certPath, 'utf8'), kubelet.summary.notBefore);
    expect(text.split('\n')).toEqual([
      'Subject:   O=system:nodes, CN=system:node:node-1',
      'Issuer:    CN=demystify-ca',
      expect.stringMatching(
        /^Validity: {2}\d{4}-\d\d-\d\d \d\d:\d\d UTC -> \d{4}-\d\d-\d\d \d\d:\d\d UTC \(365 days left\)$/,
      ),
      `Key:       RSA 2048, serial ${kubelet.summary.serial}`,
      'CA:        FALSE',
      'Key usage: Digital Signature, Key Encipherment',
      'Ext usage: TLS Web Server Authentication, TLS Web Client Authentication',
      'SANs:      DNS:localhost, DNS:node-1, IP:127.0.0.1, IP:192.168.56.10',
    ]);
    expect(describeCertificate(await fs.readFile(pki.ca.certPath, 'utf8'))).toContain('(self-signed)');
  });
});

describe('classic admin PKI checked with openssl', () => {
  it('one admin certificate for client and server use, with the serving SANs', async () => {
    const result = await generatePki(
      path.join(dir, 'classic'),
      classicAdminPlan({ ...identity, serviceCidr: '10.0.0.0/24' }),
    );
    expect(result.certs.map((c) => c.name)).toEqual(['admin']);
    const admin = result.certs[0]!;
    expect(await openssl('verify', '-CAfile', result.ca.certPath, admin.certPath)).toContain(': OK');
    const text = await openssl('x509', '-in', admin.certPath, '-noout', '-text');
    expect(text).toMatch(/Subject: O ?= ?system:masters, CN ?= ?admin\n/);
    expect(text).toContain('TLS Web Server Authentication, TLS Web Client Authentication');
    expect(text).toContain('IP Address:127.0.0.1, IP Address:192.168.56.10, IP Address:10.0.0.1');
    expect(text).toContain('DNS:kubernetes.default.svc.cluster.local, DNS:node-1');
  });
});
