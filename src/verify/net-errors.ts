// Turns low-level connection errors into sentences a learner can act on:
// "nothing is listening on 127.0.0.1:6443: is kube-apiserver running?"
// instead of "request to https://... failed, reason: connect ECONNREFUSED".

export interface Endpoint {
  /** host:port as the learner would type it. */
  readonly address: string;
  /** The program expected there, e.g. kube-apiserver or etcd. */
  readonly component: string;
  /** Where the CA we trust came from (a file or the kubeconfig), for TLS mistakes. */
  readonly caSource?: string;
}

/** The error code, wherever node, node-fetch or undici put it. */
export function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const o = e as { code?: unknown; errno?: unknown; cause?: unknown };
    if (typeof o.code === 'string') return o.code;
    if (typeof o.errno === 'string') return o.errno;
    e = o.cause;
  }
  const m = /\b(E[A-Z]{4,}|ERR_[A-Z0-9_]+|[A-Z_]*CERT[A-Z_]*)\b/.exec(
    err instanceof Error ? err.message : String(err),
  );
  return m?.[1];
}

/** A sentence for a connection-level failure, or undefined when `err` is something else. */
export function describeConnectionError(err: unknown, at: Endpoint): string | undefined {
  const code = errorCode(err) ?? '';
  const message = err instanceof Error ? err.message : String(err);
  const ca = at.caSource ? ` in ${at.caSource}` : '';
  switch (code) {
    case 'ECONNREFUSED':
      return `nothing is listening on ${at.address}: is ${at.component} running?`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `${at.component} at ${at.address} closed the connection: is it starting up, restarting or rejecting our client certificate?`;
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return `${at.component} at ${at.address} did not answer in time`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach ${at.address} (${code}): check the address`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'CERT_SIGNATURE_FAILURE':
      return `${at.component}'s serving certificate is not signed by the CA${ca} (${code}): was it issued by the same CA?`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `${at.component}'s serving certificate does not name ${hostOf(at.address)}: add it to the certificate's subject alternative names`;
    case 'CERT_HAS_EXPIRED':
      return `${at.component}'s serving certificate has expired`;
    case 'CERT_NOT_YET_VALID':
      return `${at.component}'s serving certificate is not valid yet: is the clock right?`;
  }
  if (
    /alert (bad certificate|certificate required|unknown ca)|ALERT_(BAD_CERTIFICATE|CERTIFICATE_REQUIRED|UNKNOWN_CA)/i.test(
      `${code} ${message}`,
    )
  ) {
    return `${at.component} at ${at.address} rejected our client certificate: was it signed by the CA ${at.component} trusts?`;
  }
  if (
    /EPROTO|wrong version number|packet length too long|http request to an https server/i.test(
      `${code} ${message}`,
    )
  ) {
    return `${at.address} does not speak TLS as ${at.component} should: is something else listening there?`;
  }
  return undefined;
}

function hostOf(address: string): string {
  const i = address.lastIndexOf(':');
  return i > 0 ? address.slice(0, i) : address;
}

/** "127.0.0.1:6443" from "https://127.0.0.1:6443/". */
export function addressOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return url;
  }
}
