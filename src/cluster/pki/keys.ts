// Private keys come from node:crypto, not node-forge's pure-JS RSA. Measured
// on a 2-core VM (bench/pki.mjs): ~2.5 s a 2048-bit key in forge's JS versus
// ~0.2-0.3 s in OpenSSL inside Node, and the async API runs several at once
// on the libuv pool. (forge's own generateKeyPair quietly calls Node's sync
// API when it can; calling Node directly makes that explicit and parallel.)
// forge still builds the X.509 structure; it gets the key as PEM.
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type forge from 'node-forge';

const generateKeyPair = promisify(crypto.generateKeyPair);

export interface KeyPairPem {
  /** PKCS#1 "RSA PRIVATE KEY", the form cfssl and kubeadm write. */
  readonly privateKeyPem: string;
  /** SubjectPublicKeyInfo "PUBLIC KEY", what --service-account-key-file reads. */
  readonly publicKeyPem: string;
}

/**
 * RSA 2048: forge can only put RSA keys in certificates, and every
 * Kubernetes component accepts it. ECDSA P-256 would be faster to generate.
 */
export async function generateRsaKeyPair(bits = 2048): Promise<KeyPairPem> {
  const { privateKey, publicKey } = await generateKeyPair('rsa', {
    modulusLength: bits,
    publicExponent: 0x10001,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** "RSA 2048", "EC prime256v1", "ED25519": the short form the summaries show. */
export function describeKey(key: crypto.KeyObject): string {
  const type = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails;
  if (details?.modulusLength) return `${type.toUpperCase()} ${details.modulusLength}`;
  if (details?.namedCurve) return `${type.toUpperCase()} ${details.namedCurve}`;
  return type.toUpperCase();
}

// DER prefix of a PKCS#1 v1.5 DigestInfo for SHA-256 (RFC 8017 section 9.2, note 1).
const sha256DigestInfoPrefix = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * A signer forge's cert.sign() accepts, doing the RSA operation in OpenSSL.
 * forge signs in pure JS at ~35 ms a certificate; this takes ~1 ms. It is
 * the same RSASSA-PKCS1-v1_5: private-key "encryption" of the DigestInfo
 * with type-1 padding, which is what privateEncrypt's default padding does.
 */
export function nodeRsaSigner(privateKeyPem: string): { sign(md: forge.md.MessageDigest): string } {
  const key = crypto.createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'rsa')
    throw new Error(`only RSA keys can sign with forge, got ${describeKey(key)}`);
  return {
    sign(md) {
      if (md.algorithm !== 'sha256') throw new Error(`expected a sha256 digest, got ${md.algorithm}`);
      const digest = Buffer.from(md.digest().getBytes(), 'binary');
      const signature = crypto.privateEncrypt(key, Buffer.concat([sha256DigestInfoPrefix, digest]));
      return signature.toString('binary');
    },
  };
}
