// Every way fetching a binary can fail, as a value with one human sentence.
// The CLI prints `message` and exits; nobody should ever see a stack trace
// because a classroom's Wi-Fi dropped.

export type FetchFailureKind =
  | 'unreachable' // DNS, refused, reset before any answer
  | 'http' // the server answered, but not 200
  | 'stalled' // no bytes for too long
  | 'truncated' // fewer bytes than announced, or the connection closed early
  | 'bad-sum' // the published checksum file is malformed or lacks our file
  | 'checksum' // the bytes do not match the published SHA-256
  | 'unsafe-archive' // an entry would land outside the folder we extract into
  | 'bad-archive' // not a readable gzip'd tarball
  | 'missing-entry' // the archive lacks a binary we need
  | 'unsupported' // architecture or mirror we cannot use
  | 'unpinned' // a mirror, for a file whose SHA-256 the project does not pin
  | 'aborted' // the caller's AbortSignal fired
  | 'io'; // the local disk said no

export interface FetchFailure {
  readonly kind: FetchFailureKind;
  readonly message: string;
  readonly url?: string;
}

/** Thrown inside the downloader, turned into a FetchFailure value at its edge. */
export class FetchError extends Error {
  constructor(readonly failure: FetchFailure) {
    super(failure.message);
    this.name = 'FetchError';
  }
}

export function fail(kind: FetchFailureKind, message: string, url?: string): FetchError {
  return new FetchError(url === undefined ? { kind, message } : { kind, message, url });
}

const offlineHint =
  'behind a proxy, set HTTPS_PROXY; otherwise use --mirror <url> (a copy of the releases) or --bin-dir <dir> (binaries you have)';

/** A sentence for a request that never got an answer. */
export function unreachable(url: string, cause: unknown, viaMirror: boolean): FetchError {
  const host = new URL(url).host;
  const why = describeNetworkCause(cause);
  const message = viaMirror
    ? `could not reach the mirror ${host}: ${why}; check --mirror or DEMYSTIFY_MIRROR`
    : `could not reach ${host}: ${why}; ${offlineHint}`;
  return fail('unreachable', message, url);
}

export function httpStatus(url: string, status: number, statusText: string, viaMirror: boolean): FetchError {
  const host = new URL(url).host;
  const where = viaMirror ? `the mirror ${host}` : host;
  const hint =
    status === 404
      ? viaMirror
        ? '; does the mirror hold this path (see docs/binaries.md)?'
        : '; is that version published?'
      : '';
  return fail('http', `${where} answered ${status} ${statusText} for ${url}${hint}`.trim(), url);
}

/** fetch() hides the useful part (ENOTFOUND, ECONNREFUSED...) in `cause`. */
export function describeNetworkCause(cause: unknown): string {
  const seen = new Set<unknown>();
  let current: unknown = cause;
  let best = 'network error';
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && current.message.includes(code)) best = current.message;
    else if (typeof code === 'string') best = `${code} (${current.message})`;
    else if (current.message && current.message !== 'fetch failed') best = current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return best;
}

export function toFailure(error: unknown, fallbackUrl?: string): FetchFailure {
  if (error instanceof FetchError) return error.failure;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    const message = `could not write to the cache: ${(error as Error).message}`;
    return fallbackUrl === undefined ? { kind: 'io', message } : { kind: 'io', message, url: fallbackUrl };
  }
  const message = `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  return fallbackUrl === undefined ? { kind: 'io', message } : { kind: 'io', message, url: fallbackUrl };
}
