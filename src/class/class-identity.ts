// What makes a class this class: a TLS certificate made for it (its
// fingerprint goes into the join line, where learners pin it), the class
// code learners type, and the presenter's token (the instructor's own
// presenter screen streams to the class with it). Kept in the instructor's
// state folder (0600, like a key), so a restarted class server has the same
// join line and every learner finds it again without doing anything.
import crypto from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import forge from 'node-forge';
import { generateRsaKeyPair, nodeRsaSigner } from '../cluster/pki/keys.js';
import { writeFileAtomic } from '../fs/atomic-write.js';

export interface ClassIdentity {
  readonly keyPem: string;
  readonly certPem: string;
  /** Shown as "K7F-9QX"; compared without dashes, in any case. */
  readonly code: string;
  /** Only the instructor's own processes read it (the file is theirs, 0600). */
  readonly presenterToken: string;
}

const FILE = 'class.json';
const DAYS = 30;
// No 0/O, 1/I/L: a code read off a projector is typed right the first time.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function classFile(stateDir: string): string {
  return path.join(stateDir, 'class', FILE);
}

/** Six characters from a 31-letter alphabet (about 2^30 codes), as "XXX-XXX". */
export function newCode(): string {
  const chars = Array.from({ length: 6 }, () => ALPHABET[crypto.randomInt(ALPHABET.length)]!);
  return `${chars.slice(0, 3).join('')}-${chars.slice(3).join('')}`;
}

/** base64url of the SHA-256 of a certificate's DER bytes: what the join line pins. */
export function fingerprintOfDer(der: Buffer): string {
  return crypto.createHash('sha256').update(der).digest('base64url');
}

export function fingerprintOfPem(certPem: string): string {
  return fingerprintOfDer(Buffer.from(new crypto.X509Certificate(certPem).raw));
}

async function selfSigned(keyPem: string, publicKeyPem: string, now: Date): Promise<string> {
  const { pki } = forge;
  const cert = pki.createCertificate();
  cert.publicKey = pki.publicKeyFromPem(publicKeyPem);
  const serial = crypto.randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x3f) | 0x40;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(now.getTime() - 5 * 60_000);
  cert.validity.notAfter = new Date(now.getTime() + DAYS * 86_400_000);
  const name = [{ shortName: 'CN', value: 'demystify class' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  // Learners trust it by its fingerprint, not by a name or a CA: no names needed.
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
  ]);
  cert.sign(nodeRsaSigner(keyPem) as unknown as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return pki.certificateToPem(cert).replace(/\r\n/g, '\n');
}

export async function newIdentity(now = new Date()): Promise<ClassIdentity> {
  const { privateKeyPem, publicKeyPem } = await generateRsaKeyPair();
  return {
    keyPem: privateKeyPem,
    certPem: await selfSigned(privateKeyPem, publicKeyPem, now),
    code: newCode(),
    presenterToken: crypto.randomBytes(32).toString('base64url'),
  };
}

function valid(v: unknown, now: Date): v is ClassIdentity {
  const o = v as Partial<ClassIdentity> | null;
  if (!o || typeof o.keyPem !== 'string' || typeof o.certPem !== 'string') return false;
  if (typeof o.code !== 'string' || typeof o.presenterToken !== 'string') return false;
  try {
    // An expired certificate would be refused by nobody (learners pin it), but a class a month old is a new class.
    return new Date(new crypto.X509Certificate(o.certPem).validTo).getTime() > now.getTime();
  } catch {
    return false;
  }
}

/** The class kept in the state folder, or a new one (`fresh`, or none kept, or it expired). */
export async function loadOrCreateIdentity(
  stateDir: string,
  opts: { readonly fresh?: boolean; readonly now?: Date } = {},
): Promise<{ readonly identity: ClassIdentity; readonly created: boolean }> {
  const file = classFile(stateDir);
  const now = opts.now ?? new Date();
  if (!opts.fresh) {
    const kept = await fs.readFile(file, 'utf8').then(
      (t) => JSON.parse(t) as unknown,
      () => undefined,
    );
    if (valid(kept, now)) return { identity: kept, created: false };
  }
  const identity = await newIdentity(now);
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, `${JSON.stringify(identity, null, 2)}\n`, { mode: 0o600 });
  return { identity, created: true };
}

/** Where the running class listens, for the instructor's own presenter screen (removed when the class ends). */
export interface RunningClass {
  readonly host: string;
  readonly port: number;
}

function runningFile(stateDir: string): string {
  return path.join(stateDir, 'class', 'running.json');
}

export async function markRunning(stateDir: string, where: RunningClass): Promise<() => void> {
  const file = runningFile(stateDir);
  await writeFileAtomic(file, `${JSON.stringify(where)}\n`, { mode: 0o600 });
  return () => fsSync.rmSync(file, { force: true });
}

/** The class running from this state folder, with what the presenter needs to reach it; undefined when none. */
export async function runningClass(
  stateDir: string,
): Promise<{ readonly where: RunningClass; readonly identity: ClassIdentity } | undefined> {
  try {
    const where = JSON.parse(await fs.readFile(runningFile(stateDir), 'utf8')) as RunningClass;
    const identity = JSON.parse(await fs.readFile(classFile(stateDir), 'utf8')) as ClassIdentity;
    if (typeof where.host !== 'string' || !Number.isInteger(where.port)) return undefined;
    return { where, identity };
  } catch {
    return undefined;
  }
}
