// Turns a PkiPlan into files: ca.pem/ca-key.pem, <name>.pem/<name>-key.pem,
// sa.key/sa.pub. Rerunnable: valid files are kept untouched (same bytes, same
// mtime), so a learner can rerun a lesson step without invalidating the
// certificates their running components already loaded. A new CA reissues
// everything it signed, since the old certificates no longer chain to it.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { checkExisting, summarizeCertificate, type CertificateSummary } from './inspect.js';
import { createCaCertificate, issueCertificate } from './issue.js';
import { describeKey, generateRsaKeyPair, type KeyPairPem } from './keys.js';
import {
  defaultCaDays,
  defaultCaName,
  defaultCertDays,
  InvalidPlanError,
  validatePlan,
  type CertSpec,
  type PkiPlan,
} from './plan.js';

export const keyMode = 0o600;
export const certMode = 0o644;

export interface GenerateOptions {
  /** true: replace everything. A list: replace those names ("ca", "sa", or certificate names). */
  readonly regenerate?: boolean | readonly string[];
  /** Reissue certificates with fewer days left than this (default 30). */
  readonly minDaysLeft?: number;
  readonly now?: Date;
}

export type FileAction = 'created' | 'kept' | 'reissued';

export interface IssuedFiles {
  readonly name: string;
  readonly certPath: string;
  readonly keyPath: string;
  readonly action: FileAction;
  /** Why an existing file was replaced. */
  readonly reason?: string;
  readonly summary: CertificateSummary;
}

export interface ServiceAccountFiles {
  readonly privateKeyPath: string;
  readonly publicKeyPath: string;
  readonly action: FileAction;
  readonly reason?: string;
  readonly keyType: string;
}

export interface PkiResult {
  readonly dir: string;
  readonly ca: IssuedFiles;
  readonly certs: readonly IssuedFiles[];
  readonly serviceAccount?: ServiceAccountFiles;
}

export function certPaths(dir: string, name: string): { cert: string; key: string } {
  return { cert: path.join(dir, `${name}.pem`), key: path.join(dir, `${name}-key.pem`) };
}

export function serviceAccountPaths(dir: string): { privateKey: string; publicKey: string } {
  return { privateKey: path.join(dir, 'sa.key'), publicKey: path.join(dir, 'sa.pub') };
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function wants(regenerate: GenerateOptions['regenerate'], name: string): boolean {
  return regenerate === true || (Array.isArray(regenerate) && regenerate.includes(name));
}

type Decision =
  { readonly reuse: true } | { readonly reuse: false; readonly action: FileAction; readonly reason?: string };

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

/** Whether a kept certificate still says what the plan asks (a changed node IP must reach the SANs). */
function planMismatch(summary: CertificateSummary, spec: CertSpec): string | undefined {
  if (summary.commonName !== spec.cn) return `CN is ${summary.commonName}, plan says ${spec.cn}`;
  if (!sameSet(summary.organizations, spec.o ?? [])) return 'organizations differ from the plan';
  if (!sameSet(summary.sans.dns, spec.sans?.dns ?? []) || !sameSet(summary.sans.ip, spec.sans?.ip ?? [])) {
    return 'SANs differ from the plan';
  }
  const usages = [
    ...(spec.usages !== 'client' ? ['TLS Web Server Authentication'] : []),
    ...(spec.usages !== 'server' ? ['TLS Web Client Authentication'] : []),
  ];
  if (!sameSet(summary.extKeyUsage, usages)) return 'usages differ from the plan';
  return undefined;
}

interface Existing {
  readonly certPem?: string;
  readonly keyPem?: string;
}

function decide(existing: Existing, forced: boolean, check: () => string | undefined): Decision {
  if (existing.certPem === undefined && existing.keyPem === undefined)
    return { reuse: false, action: 'created' };
  if (forced) return { reuse: false, action: 'reissued', reason: 'regeneration requested' };
  if (existing.certPem === undefined || existing.keyPem === undefined) {
    return { reuse: false, action: 'reissued', reason: 'certificate or key file missing' };
  }
  const reason = check();
  return reason === undefined ? { reuse: true } : { reuse: false, action: 'reissued', reason };
}

async function keepKeyPrivate(keyPath: string): Promise<void> {
  // A learner may have copied the key around with a looser mode.
  const stat = await fs.stat(keyPath);
  if ((stat.mode & 0o777) !== keyMode) await fs.chmod(keyPath, keyMode);
}

async function writePair(
  paths: { cert: string; key: string },
  certPem: string,
  keyPem: string,
): Promise<void> {
  // Key first: a crash in between leaves a mismatched pair, which the next run detects and replaces.
  await writeFileAtomic(paths.key, keyPem, { mode: keyMode });
  await writeFileAtomic(paths.cert, certPem, { mode: certMode });
}

function result(
  name: string,
  paths: { cert: string; key: string },
  certPem: string,
  d: Decision,
): IssuedFiles {
  return {
    name,
    certPath: paths.cert,
    keyPath: paths.key,
    action: d.reuse ? 'kept' : d.action,
    ...(!d.reuse && d.reason ? { reason: d.reason } : {}),
    summary: summarizeCertificate(certPem),
  };
}

export async function generatePki(
  dir: string,
  plan: PkiPlan,
  options: GenerateOptions = {},
): Promise<PkiResult> {
  validatePlan(plan);
  const now = options.now ?? new Date();
  const minDaysLeft = options.minDaysLeft ?? 30;
  const caPaths = certPaths(dir, 'ca');
  const caExisting: Existing = {
    certPem: await readIfPresent(caPaths.cert),
    keyPem: await readIfPresent(caPaths.key),
  };
  const caCn = plan.ca.cn ?? defaultCaName;
  const caDecision = decide(caExisting, wants(options.regenerate, 'ca') && !plan.ca.existing, () => {
    const verdict = checkExisting({
      certPem: caExisting.certPem!,
      keyPem: caExisting.keyPem!,
      now,
      minDaysLeft,
    });
    if (!verdict.keep) return verdict.reason;
    const cn = summarizeCertificate(caExisting.certPem!).commonName;
    return cn === caCn ? undefined : `CA is ${cn}, plan says ${caCn}`;
  });
  // Joining an existing cluster: a new CA here would orphan every certificate it already trusts.
  if (plan.ca.existing && !caDecision.reuse)
    throw new InvalidPlanError(
      caExisting.certPem === undefined && caExisting.keyPem === undefined
        ? `there is no CA in ${dir} to sign with (ca.pem, ca-key.pem)`
        : `the CA in ${dir} cannot sign: ${caDecision.reason ?? 'it is incomplete'}`,
    );
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });

  const leaves = await Promise.all(
    plan.certs.map(async (spec) => {
      const paths = certPaths(dir, spec.name);
      const existing: Existing = {
        certPem: await readIfPresent(paths.cert),
        keyPem: await readIfPresent(paths.key),
      };
      const forced = wants(options.regenerate, spec.name);
      const decision: Decision = decide(existing, forced, () => {
        if (!caDecision.reuse) return 'the CA was replaced';
        const verdict = checkExisting({
          certPem: existing.certPem!,
          keyPem: existing.keyPem!,
          caPem: caExisting.certPem!,
          now,
          minDaysLeft,
        });
        return verdict.keep ? planMismatch(summarizeCertificate(existing.certPem!), spec) : verdict.reason;
      });
      return { spec, paths, existing, decision };
    }),
  );

  // All new keys at once: node:crypto spreads them over the libuv thread pool.
  const newKey = (d: Decision) => (d.reuse ? undefined : generateRsaKeyPair());
  const [caKey, leafKeys, serviceAccount] = await Promise.all([
    newKey(caDecision),
    Promise.all(leaves.map((leaf) => newKey(leaf.decision))),
    plan.serviceAccountKey === false ? undefined : serviceAccountKeys(dir, options),
  ]);

  let caCertPem = caExisting.certPem ?? '';
  let caKeyPem = caExisting.keyPem ?? '';
  if (caKey) {
    caCertPem = createCaCertificate({ cn: caCn }, caKey, plan.ca.days ?? defaultCaDays, now);
    caKeyPem = caKey.privateKeyPem;
    await writePair(caPaths, caCertPem, caKeyPem);
  } else {
    await keepKeyPrivate(caPaths.key);
  }

  const certs = await Promise.all(
    leaves.map(async ({ spec, paths, existing, decision }, i) => {
      const key: KeyPairPem | undefined = leafKeys[i];
      if (!key) {
        await keepKeyPrivate(paths.key);
        return result(spec.name, paths, existing.certPem!, decision);
      }
      const certPem = issueCertificate(
        {
          subject: { cn: spec.cn, ...(spec.o ? { o: spec.o } : {}) },
          publicKeyPem: key.publicKeyPem,
          ...(spec.sans ? { sans: spec.sans } : {}),
          usages: spec.usages,
          days: spec.days ?? defaultCertDays,
          now,
        },
        { certPem: caCertPem, keyPem: caKeyPem },
      );
      await writePair(paths, certPem, key.privateKeyPem);
      return result(spec.name, paths, certPem, decision);
    }),
  );

  return {
    dir,
    ca: result('ca', caPaths, caCertPem, caDecision),
    certs,
    ...(serviceAccount ? { serviceAccount } : {}),
  };
}

/**
 * The service-account token key pair: the apiserver signs tokens with sa.key
 * and checks them with sa.pub; the controller manager signs with sa.key too.
 * No certificate: nothing presents it in TLS, so the CA is not involved.
 */
async function serviceAccountKeys(dir: string, options: GenerateOptions): Promise<ServiceAccountFiles> {
  const paths = serviceAccountPaths(dir);
  const privatePem = await readIfPresent(paths.privateKey);
  const publicPem = await readIfPresent(paths.publicKey);
  const existing: Existing = { certPem: publicPem, keyPem: privatePem };
  const decision = decide(existing, wants(options.regenerate, 'sa'), () => {
    try {
      const derived = crypto.createPublicKey(privatePem!).export({ type: 'spki', format: 'der' });
      const stored = crypto.createPublicKey(publicPem!).export({ type: 'spki', format: 'der' });
      return derived.equals(stored) ? undefined : 'sa.pub does not belong to sa.key';
    } catch (error) {
      return `unreadable: ${(error as Error).message}`;
    }
  });
  let keyPem = privatePem ?? '';
  if (decision.reuse) {
    await keepKeyPrivate(paths.privateKey);
  } else {
    const pair = await generateRsaKeyPair();
    keyPem = pair.privateKeyPem;
    await writeFileAtomic(paths.privateKey, pair.privateKeyPem, { mode: keyMode });
    await writeFileAtomic(paths.publicKey, pair.publicKeyPem, { mode: certMode });
  }
  return {
    privateKeyPath: paths.privateKey,
    publicKeyPath: paths.publicKey,
    action: decision.reuse ? 'kept' : decision.action,
    ...(!decision.reuse && decision.reason ? { reason: decision.reason } : {}),
    keyType: describeKey(crypto.createPrivateKey(keyPem)),
  };
}
