// etcd's /health over TLS with a client certificate, the way kube-apiserver
// itself talks to etcd. Healthy means {"health":"true"}.
import fs from 'node:fs/promises';
import https from 'node:https';
import type { Observation, Observer } from './types.js';
import { addressOf, describeConnectionError, errorCode } from './net-errors.js';

export interface EtcdAccess {
  /** e.g. https://127.0.0.1:2379 */
  readonly endpoint: string;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

export function etcdObserver(etcd: EtcdAccess, pollMs = 200): Observer {
  return {
    pollMs,
    maxPollMs: 1000,
    async observe(signal) {
      const files = await readFiles(etcd);
      if (typeof files === 'string') return { ok: false, progress: files, reason: files };
      const address = addressOf(etcd.endpoint);
      try {
        const res = await get(new URL('/health', etcd.endpoint), files, signal);
        return judgeEtcdHealth(res.status, res.body);
      } catch (err) {
        const sentence =
          describeConnectionError(err, { address, component: 'etcd', caSource: etcd.caFile }) ??
          (/^ERR_OSSL|DECODER|PEM|key values mismatch/i.test(
            `${errorCode(err) ?? ''} ${(err as Error).message}`,
          )
            ? `the etcd certificate files are not a usable PEM certificate and key (${etcd.certFile}, ${etcd.keyFile}, CA ${etcd.caFile}): ${(err as Error).message}`
            : `asking etcd at ${address} for its health failed: ${(err as Error).message}`);
        return { ok: false, progress: sentence, reason: sentence };
      }
    },
  };
}

/** The pure part. */
export function judgeEtcdHealth(status: number, body: string): Observation {
  let health: { health?: unknown; reason?: unknown } = {};
  try {
    health = JSON.parse(body) as typeof health;
  } catch {
    // Fall through: not JSON is unhealthy with the body as the reason.
  }
  if (status === 200 && String(health.health) === 'true') return { ok: true, progress: 'etcd is healthy' };
  const why =
    typeof health.reason === 'string' && health.reason
      ? health.reason
      : body.trim().slice(0, 200) || `HTTP ${status}`;
  const sentence = `etcd answers but is not healthy: ${why}`;
  return { ok: false, progress: sentence, reason: sentence };
}

async function readFiles(e: EtcdAccess): Promise<{ ca: Buffer; cert: Buffer; key: Buffer } | string> {
  const read = async (file: string, what: string): Promise<Buffer | string> =>
    fs
      .readFile(file)
      .catch(() => `the etcd ${what} ${file} does not exist yet: has the certificates step run?`);
  const [ca, cert, key] = await Promise.all([
    read(e.caFile, 'CA certificate'),
    read(e.certFile, 'client certificate'),
    read(e.keyFile, 'client key'),
  ]);
  for (const x of [ca, cert, key]) if (typeof x === 'string') return x;
  return { ca: ca as Buffer, cert: cert as Buffer, key: key as Buffer };
}

function get(
  url: URL,
  tls: { ca: Buffer; cert: Buffer; key: Buffer },
  signal: AbortSignal,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // agent: false so no pooled socket outlives the check.
    const req = https.request(url, { ...tls, agent: false, method: 'GET', signal, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}
