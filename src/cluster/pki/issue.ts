// Builds X.509 certificates with node-forge: the fields and extensions a
// Kubernetes component checks, set one by one so the lesson can point at
// each. Keys arrive as PEM from keys.ts; signing goes through nodeRsaSigner.
import crypto from 'node:crypto';
import forge from 'node-forge';
import { nodeRsaSigner } from './keys.js';
import type { SubjectAltNames, Usage } from './plan.js';

const { pki } = forge;

// Certificates start a few minutes in the past so a node whose clock runs
// slightly behind still accepts them right away (kubeadm backdates too).
const backdateMs = 5 * 60 * 1000;
const dayMs = 24 * 60 * 60 * 1000;

export interface Subject {
  readonly cn: string;
  readonly o?: readonly string[];
}

export interface Issuer {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface LeafRequest {
  readonly subject: Subject;
  readonly publicKeyPem: string;
  readonly sans?: Partial<SubjectAltNames>;
  readonly usages: Usage;
  readonly days: number;
  readonly now?: Date;
}

function subjectAttributes(subject: Subject): forge.pki.CertificateField[] {
  // UTF8String rather than forge's default PrintableString, which cannot hold
  // characters such as "_" or "@" that names sometimes contain. (forge reads
  // valueTagClass as a tag type; @types/node-forge mislabels it a Class.)
  const utf8 = forge.asn1.Type.UTF8 as number as forge.asn1.Class;
  return [
    ...(subject.o ?? []).map((o) => ({ shortName: 'O', value: o, valueTagClass: utf8 })),
    { shortName: 'CN', value: subject.cn, valueTagClass: utf8 },
  ];
}

/** 16 random bytes with the top bit clear: a positive DER INTEGER with no padding byte. */
function randomSerial(): string {
  const bytes = crypto.randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x3f) | 0x40;
  return bytes.toString('hex');
}

function newCertificate(subject: Subject, publicKeyPem: string, days: number, now: Date) {
  const cert = pki.createCertificate();
  cert.publicKey = pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = randomSerial();
  cert.validity.notBefore = new Date(now.getTime() - backdateMs);
  cert.validity.notAfter = new Date(now.getTime() + days * dayMs);
  cert.setSubject(subjectAttributes(subject));
  return cert;
}

function sign(cert: forge.pki.Certificate, issuerKeyPem: string): string {
  // forge only calls key.sign(md); its types want a full forge key object.
  const signer = nodeRsaSigner(issuerKeyPem) as unknown as forge.pki.rsa.PrivateKey;
  cert.sign(signer, forge.md.sha256.create());
  // forge ends PEM lines with CRLF; openssl, Go and cfssl write LF.
  return pki.certificateToPem(cert).replace(/\r\n/g, '\n');
}

/** A self-signed CA: the one key every component trusts, allowed to sign certificates. */
export function createCaCertificate(
  subject: Subject,
  keyPair: { privateKeyPem: string; publicKeyPem: string },
  days: number,
  now: Date = new Date(),
): string {
  const cert = newCertificate(subject, keyPair.publicKeyPem, days, now);
  cert.setIssuer(subjectAttributes(subject));
  const keyId = cert.generateSubjectKeyIdentifier().getBytes();
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: keyId },
  ]);
  return sign(cert, keyPair.privateKeyPem);
}

function altNames(sans: Partial<SubjectAltNames> | undefined) {
  // GeneralName tags from RFC 5280: 2 = dNSName, 7 = iPAddress.
  return [
    ...(sans?.dns ?? []).map((value) => ({ type: 2, value })),
    ...(sans?.ip ?? []).map((ip) => ({ type: 7, ip })),
  ];
}

/** A leaf certificate for a component, signed by the CA. */
export function issueCertificate(request: LeafRequest, issuer: Issuer): string {
  const ca = pki.certificateFromPem(issuer.certPem);
  const cert = newCertificate(request.subject, request.publicKeyPem, request.days, request.now ?? new Date());
  cert.setIssuer(ca.subject.attributes);
  const names = altNames(request.sans);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    // TLS with RSA key exchange encrypts to the key (keyEncipherment), ECDHE
    // suites sign with it (digitalSignature); granting both covers either.
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    {
      name: 'extKeyUsage',
      serverAuth: request.usages !== 'client',
      clientAuth: request.usages !== 'server',
    },
    ...(names.length > 0 ? [{ name: 'subjectAltName', altNames: names }] : []),
    { name: 'subjectKeyIdentifier' },
    // Points at the CA's key, so verifiers can pick the right CA when several share a name.
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  return sign(cert, issuer.keyPem);
}
