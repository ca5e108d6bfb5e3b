// Rerunning a lesson step must not churn certificates that running
// components already loaded, and must replace the ones that are wrong.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generatePki, perRolePlan, type PkiPlan, type PkiResult } from '../../src/cluster/pki/index.js';

const run = promisify(execFile);

const smallPlan: PkiPlan = {
  ca: { cn: 'test-ca' },
  certs: [
    { name: 'web', cn: 'web', sans: { dns: ['localhost'], ip: ['127.0.0.1'] }, usages: 'server' },
    { name: 'bob', cn: 'bob', o: ['devs'], usages: 'client', days: 90 },
  ],
};

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'demystify-pki-idem-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Every file's bytes and mtime, to prove a rerun touched nothing. */
async function snapshot(
  folder: string,
): Promise<Record<string, { hash: string; mtimeMs: number; mode: number }>> {
  const out: Record<string, { hash: string; mtimeMs: number; mode: number }> = {};
  for (const name of (await fs.readdir(folder)).sort()) {
    const file = path.join(folder, name);
    const stat = await fs.stat(file);
    const hash = crypto
      .createHash('sha256')
      .update(await fs.readFile(file))
      .digest('hex');
    out[name] = { hash, mtimeMs: stat.mtimeMs, mode: stat.mode & 0o777 };
  }
  return out;
}

const actions = (r: PkiResult) =>
  Object.fromEntries(
    [r.ca, ...r.certs].map((c) => [c.name, c.reason ? `${c.action}: ${c.reason}` : c.action]),
  );

describe('generatePki reruns', () => {
  it('a second run keeps every file byte for byte, mtime included, and leaves no temp files', async () => {
    const plan = perRolePlan({ hostname: 'node-1', nodeIp: '10.1.2.3', serviceCidr: '10.0.0.0/24' });
    const first = await generatePki(dir, plan);
    expect(new Set(Object.values(actions(first)))).toEqual(new Set(['created']));
    expect(first.serviceAccount?.action).toBe('created');
    const before = await snapshot(dir);

    const second = await generatePki(dir, plan);
    expect(new Set(Object.values(actions(second)))).toEqual(new Set(['kept']));
    expect(second.serviceAccount?.action).toBe('kept');
    expect(second.certs.map((c) => c.summary.serial)).toEqual(first.certs.map((c) => c.summary.serial));
    expect(await snapshot(dir)).toEqual(before);
    expect(Object.keys(before).filter((f) => f.startsWith('.') || f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);

  it('regenerate: true replaces everything', async () => {
    await generatePki(dir, smallPlan);
    const before = await snapshot(dir);
    const again = await generatePki(dir, smallPlan, { regenerate: true });
    expect(actions(again)).toEqual({
      ca: 'reissued: regeneration requested',
      web: 'reissued: regeneration requested',
      bob: 'reissued: regeneration requested',
    });
    expect(again.serviceAccount?.action).toBe('reissued');
    const after = await snapshot(dir);
    for (const file of Object.keys(before)) expect(after[file]?.hash, file).not.toBe(before[file]?.hash);
  }, 60_000);

  it('regenerating one certificate leaves the others alone', async () => {
    await generatePki(dir, smallPlan);
    const before = await snapshot(dir);
    const again = await generatePki(dir, smallPlan, { regenerate: ['web'] });
    expect(actions(again)).toEqual({ ca: 'kept', web: 'reissued: regeneration requested', bob: 'kept' });
    const after = await snapshot(dir);
    const changed = Object.keys(before).filter((f) => after[f]?.hash !== before[f]?.hash);
    expect(changed.sort()).toEqual(['web-key.pem', 'web.pem']);
  }, 60_000);

  it('a new CA reissues every certificate it signed, and they verify against it', async () => {
    await generatePki(dir, smallPlan);
    const again = await generatePki(dir, smallPlan, { regenerate: ['ca'] });
    expect(actions(again)).toEqual({
      ca: 'reissued: regeneration requested',
      web: 'reissued: the CA was replaced',
      bob: 'reissued: the CA was replaced',
    });
    expect(again.serviceAccount?.action).toBe('kept');
    for (const cert of again.certs) {
      const { stdout } = await run('openssl', ['verify', '-CAfile', again.ca.certPath, cert.certPath]);
      expect(stdout).toContain(': OK');
    }
  }, 60_000);

  it('replaces what is broken and says why', async () => {
    const first = await generatePki(dir, smallPlan);
    const web = first.certs.find((c) => c.name === 'web')!;
    const bob = first.certs.find((c) => c.name === 'bob')!;
    // a key that does not belong to the certificate
    const stray = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    await fs.writeFile(web.keyPath, stray.export({ type: 'pkcs1', format: 'pem' }));
    // a certificate with its key gone
    await fs.rm(bob.keyPath);
    // sa.pub from some other key
    await fs.writeFile(
      first.serviceAccount!.publicKeyPath,
      crypto.createPublicKey(stray).export({ type: 'spki', format: 'pem' }),
    );

    const again = await generatePki(dir, smallPlan);
    expect(actions(again)).toEqual({
      ca: 'kept',
      web: 'reissued: key does not match certificate',
      bob: 'reissued: certificate or key file missing',
    });
    expect(again.serviceAccount).toMatchObject({
      action: 'reissued',
      reason: 'sa.pub does not belong to sa.key',
    });
  }, 60_000);

  it('a certificate signed by another CA is replaced', async () => {
    const other = path.join(dir, 'other');
    const foreign = await generatePki(other, { ...smallPlan, serviceAccountKey: false });
    const mine = path.join(dir, 'mine');
    await generatePki(mine, smallPlan);
    await fs.copyFile(foreign.certs[0]!.certPath, path.join(mine, 'web.pem'));
    await fs.copyFile(foreign.certs[0]!.keyPath, path.join(mine, 'web-key.pem'));
    const again = await generatePki(mine, smallPlan);
    expect(actions(again).web).toBe('reissued: not signed by this CA');
  }, 60_000);

  it('reissues certificates that no longer match the plan or expire within 30 days', async () => {
    await generatePki(dir, smallPlan);
    const moved: PkiPlan = {
      ...smallPlan,
      certs: smallPlan.certs.map((c) =>
        c.name === 'web' ? { ...c, sans: { dns: ['localhost'], ip: ['10.9.9.9'] } } : c,
      ),
    };
    expect(actions(await generatePki(dir, moved))).toEqual({
      ca: 'kept',
      web: 'reissued: SANs differ from the plan',
      bob: 'kept',
    });
    // bob lasts 90 days; 70 days on, 20 are left
    const later = new Date(Date.now() + 70 * 86_400_000);
    expect(actions(await generatePki(dir, moved, { now: later }))).toMatchObject({
      ca: 'kept',
      web: 'kept',
      bob: expect.stringMatching(/^reissued: expires within 30 days/),
    });
  }, 60_000);

  it('restores 0600 on a kept key whose mode was loosened', async () => {
    const first = await generatePki(dir, smallPlan);
    await fs.chmod(first.ca.keyPath, 0o644);
    const again = await generatePki(dir, smallPlan);
    expect(again.ca.action).toBe('kept');
    expect((await fs.stat(first.ca.keyPath)).mode & 0o777).toBe(0o600);
  }, 60_000);
});
