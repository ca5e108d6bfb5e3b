// Reading certificates back: a summary a lesson can show (the parts of
// `openssl x509 -text` that matter here), and the checks that decide whether
// an existing file can be kept. Node's X509Certificate (OpenSSL) does the
// parsing and signature checks; forge decodes the extensions Node does not
// expose (key usage bits, critical flags).
import crypto from 'node:crypto';
import forge from 'node-forge';
import { describeKey } from './keys.js';
import type { SubjectAltNames } from './plan.js';

export interface CertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly commonName: string;
  readonly organizations: readonly string[];
  readonly sans: SubjectAltNames;
  /** OpenSSL's names: "Digital Signature", "Key Encipherment", ... */
  readonly keyUsage: readonly string[];
  /** OpenSSL's names: "TLS Web Server Authentication", ... */
  readonly extKeyUsage: readonly string[];
  readonly isCa: boolean;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Hex, as openssl prints it without colons. */
  readonly serial: string;
  /** "RSA 2048". */
  readonly keyType: string;
  readonly sha256Fingerprint: string;
}

const keyUsageNames: ReadonlyArray<readonly [string, string]> = [
  ['digitalSignature', 'Digital Signature'],
  ['nonRepudiation', 'Non Repudiation'],
  ['keyEncipherment', 'Key Encipherment'],
  ['dataEncipherment', 'Data Encipherment'],
  ['keyAgreement', 'Key Agreement'],
  ['keyCertSign', 'Certificate Sign'],
  ['cRLSign', 'CRL Sign'],
];

const extKeyUsageNames: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'TLS Web Server Authentication',
  '1.3.6.1.5.5.7.3.2': 'TLS Web Client Authentication',
  '1.3.6.1.5.5.7.3.3': 'Code Signing',
  '1.3.6.1.5.5.7.3.4': 'E-mail Protection',
};

interface ForgeExtension {
  name?: string;
  critical: boolean;
  [flag: string]: unknown;
}

// Exported by forge but missing from @types/node-forge.
const extensionsFromAsn1 = (
  forge.pki as unknown as { certificateExtensionsFromAsn1(wrapper: forge.asn1.Asn1): ForgeExtension[] }
).certificateExtensionsFromAsn1;

/** The extensions of a DER certificate, without forge's RSA-only public key parsing. */
function extensionsOf(der: Buffer): ForgeExtension[] {
  const root = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
  const tbs = (root.value as forge.asn1.Asn1[])[0];
  const fields = (tbs?.value ?? []) as forge.asn1.Asn1[];
  // Extensions are the [3] EXPLICIT field of TBSCertificate; forge's parser takes that wrapper.
  const wrapper = fields.find((f) => f.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && f.type === 3);
  return wrapper ? extensionsFromAsn1(wrapper) : [];
}

/** Node prints names one attribute per line ("CN=admin\nO=system:masters"). */
function nameParts(name: string): Array<[string, string]> {
  return name
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at), line.slice(at + 1)];
    });
}

function formatName(name: string): string {
  return nameParts(name)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

function parseSans(text: string | undefined): SubjectAltNames {
  const dns: string[] = [];
  const ip: string[] = [];
  for (const entry of (text ?? '').split(', ').filter(Boolean)) {
    if (entry.startsWith('DNS:')) dns.push(entry.slice(4));
    else if (entry.startsWith('IP Address:')) ip.push(entry.slice(11));
  }
  return { dns, ip };
}

export function summarizeCertificate(pem: string): CertificateSummary {
  const x509 = new crypto.X509Certificate(pem);
  const extensions = extensionsOf(x509.raw);
  const keyUsageExt = extensions.find((e) => e.name === 'keyUsage');
  const subjectParts = nameParts(x509.subject);
  return {
    subject: formatName(x509.subject),
    issuer: formatName(x509.issuer),
    commonName: subjectParts.find(([k]) => k === 'CN')?.[1] ?? '',
    organizations: subjectParts.filter(([k]) => k === 'O').map(([, v]) => v),
    sans: parseSans(x509.subjectAltName),
    keyUsage: keyUsageExt
      ? keyUsageNames.filter(([flag]) => keyUsageExt[flag] === true).map(([, n]) => n)
      : [],
    extKeyUsage: (x509.keyUsage ?? []).map((oid) => extKeyUsageNames[oid] ?? oid),
    isCa: x509.ca,
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    serial: x509.serialNumber,
    keyType: describeKey(x509.publicKey),
    sha256Fingerprint: x509.fingerprint256,
  };
}

function day(date: Date): string {
  return date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** A few lines for the learner: who the certificate names, who vouches for it, what it may do. */
export function describeCertificate(pem: string, now: Date = new Date()): string {
  const s = summarizeCertificate(pem);
  const daysLeft = Math.floor((s.notAfter.getTime() - now.getTime()) / 86_400_000);
  const sans = [...s.sans.dns.map((d) => `DNS:${d}`), ...s.sans.ip.map((i) => `IP:${i}`)];
  const lines = [
    `Subject:   ${s.subject}`,
    `Issuer:    ${s.issuer}${s.subject === s.issuer ? ' (self-signed)' : ''}`,
    `Validity:  ${day(s.notBefore)} -> ${day(s.notAfter)} (${daysLeft >= 0 ? `${daysLeft} days left` : 'EXPIRED'})`,
    `Key:       ${s.keyType}, serial ${s.serial}`,
    `CA:        ${s.isCa ? 'TRUE (may sign other certificates)' : 'FALSE'}`,
    `Key usage: ${s.keyUsage.join(', ') || '(none)'}`,
  ];
  if (s.extKeyUsage.length > 0) lines.push(`Ext usage: ${s.extKeyUsage.join(', ')}`);
  if (sans.length > 0) lines.push(`SANs:      ${sans.join(', ')}`);
  return lines.join('\n');
}

export type KeepVerdict = { readonly keep: true } | { readonly keep: false; readonly reason: string };

export interface KeepCheck {
  readonly certPem: string;
  readonly keyPem: string;
  /** The issuing CA; omit for the CA itself (checked as self-signed). */
  readonly caPem?: string;
  readonly now?: Date;
  /** Reissue when fewer days than this remain (default 30). */
  readonly minDaysLeft?: number;
}

/**
 * Whether an existing certificate can stay: it parses, its key matches, the
 * CA signed it, and it is not about to expire. A failure is a reason the
 * lesson can show ("key does not match certificate"), not an exception.
 */
export function checkExisting(check: KeepCheck): KeepVerdict {
  const now = check.now ?? new Date();
  let cert: crypto.X509Certificate;
  let key: crypto.KeyObject;
  try {
    cert = new crypto.X509Certificate(check.certPem);
    key = crypto.createPrivateKey(check.keyPem);
  } catch (error) {
    return { keep: false, reason: `unreadable: ${(error as Error).message}` };
  }
  if (!cert.checkPrivateKey(key)) return { keep: false, reason: 'key does not match certificate' };
  const issuer = check.caPem ? new crypto.X509Certificate(check.caPem) : cert;
  if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) {
    return { keep: false, reason: check.caPem ? 'not signed by this CA' : 'not a valid self-signed CA' };
  }
  if (!check.caPem && !cert.ca) return { keep: false, reason: 'not a CA certificate' };
  const minDays = check.minDaysLeft ?? 30;
  const notAfter = new Date(cert.validTo).getTime();
  if (new Date(cert.validFrom).getTime() > now.getTime()) return { keep: false, reason: 'not valid yet' };
  if (notAfter - now.getTime() < minDays * 86_400_000) {
    return { keep: false, reason: `expires within ${minDays} days (${cert.validTo})` };
  }
  return { keep: true };
}
