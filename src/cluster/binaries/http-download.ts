// Streaming HTTP downloads that hash as they write and notice every way a
// transfer can go wrong: no answer, a non-200 answer, a stall, a connection
// that closes early, a body shorter than its Content-Length.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fetchThroughProxy } from './proxy-fetch.js';
import { fail, httpStatus, unreachable, type FetchError } from './fetch-errors.js';

export interface RequestOptions {
  readonly signal?: AbortSignal | undefined;
  /** Only changes the wording of errors: a mirror gets "check --mirror". */
  readonly viaMirror: boolean;
  /** Give up when no bytes (or no answer) arrive for this long. */
  readonly stallMs?: number | undefined;
}

export interface DownloadOptions extends RequestOptions {
  readonly onBytes?: ((done: number, total: number | undefined) => void) | undefined;
}

export interface Downloaded {
  readonly sha256: string;
  readonly bytes: number;
}

const defaultStallMs = 30_000;

/** A watchdog that aborts when not fed for `ms`; fed on every chunk. */
class Watchdog {
  readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly ms: number) {
    this.feed();
  }
  feed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(), this.ms);
    this.timer.unref();
  }
  stop(): void {
    clearTimeout(this.timer);
  }
  get fired(): boolean {
    return this.controller.signal.aborted;
  }
}

async function open(url: string, opts: RequestOptions, watchdog: Watchdog): Promise<Response> {
  const signals = [watchdog.controller.signal, ...(opts.signal ? [opts.signal] : [])];
  try {
    const response = await fetchThroughProxy(url, {
      signal: AbortSignal.any(signals),
      redirect: 'follow',
      // Ask for the bytes as stored: a transparently gunzipped .tar.gz would
      // fail its checksum and make Content-Length meaningless.
      headers: { 'accept-encoding': 'identity', 'user-agent': 'demystify' },
    });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw httpStatus(url, response.status, response.statusText, opts.viaMirror);
    }
    // An HTTPS request redirected to plain HTTP would hand the rest to whoever is on the way.
    if (url.startsWith('https:') && response.url && !response.url.startsWith('https:')) {
      await response.body?.cancel().catch(() => undefined);
      throw fail('http', `${url} redirected to ${response.url}, which is not HTTPS: refused`, url);
    }
    return response;
  } catch (error) {
    if ((error as FetchError).name === 'FetchError') throw error;
    throw classifyAbort(url, opts, watchdog) ?? unreachable(url, error, opts.viaMirror);
  }
}

function classifyAbort(url: string, opts: RequestOptions, watchdog: Watchdog): FetchError | undefined {
  if (opts.signal?.aborted) return fail('aborted', 'the download was cancelled', url);
  if (watchdog.fired) {
    const seconds = Math.round((opts.stallMs ?? defaultStallMs) / 1000);
    return fail('stalled', `${new URL(url).host} sent nothing for ${seconds} s while fetching ${url}`, url);
  }
  return undefined;
}

function announcedLength(response: Response): number | undefined {
  // With a content encoding the header counts encoded bytes, not ours.
  const encoding = response.headers.get('content-encoding');
  if (encoding && encoding !== 'identity') return undefined;
  const raw = response.headers.get('content-length');
  const value = raw === null ? NaN : Number(raw);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function truncated(url: string, done: number, total: number | undefined): FetchError {
  const of = total === undefined ? '' : ` of ${total}`;
  return fail(
    'truncated',
    `the download of ${url} stopped after ${done}${of} bytes; run the command again to retry`,
    url,
  );
}

/**
 * Stream `url` into `dest` (which must not exist: it is created exclusively),
 * hashing on the way. The caller owns `dest` and removes it on failure.
 */
export async function downloadTo(url: string, dest: string, opts: DownloadOptions): Promise<Downloaded> {
  const watchdog = new Watchdog(opts.stallMs ?? defaultStallMs);
  try {
    const response = await open(url, opts, watchdog);
    const total = announcedLength(response);
    const hash = createHash('sha256');
    let done = 0;
    let writeError: Error | undefined;
    // Which side failed first: since Node 22 a failed download also destroys
    // the file stream with the download's error, so an error on the file
    // stream alone no longer means the disk said no.
    let failedFirst: 'download' | 'disk' | undefined;
    const source = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    source.on('error', () => (failedFirst ??= 'download'));
    const out = createWriteStream(dest, { flags: 'wx', mode: 0o600 });
    out.on('error', (error) => {
      writeError = error;
      failedFirst ??= 'disk';
    });
    opts.onBytes?.(0, total);
    try {
      await pipeline(
        source,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            watchdog.feed();
            hash.update(chunk);
            done += chunk.length;
            opts.onBytes?.(done, total);
            yield chunk;
          }
        },
        out,
      );
    } catch {
      if (writeError && failedFirst === 'disk') throw writeError; // disk full, permissions: reported as io
      throw classifyAbort(url, opts, watchdog) ?? truncated(url, done, total);
    }
    if (total !== undefined && done !== total) throw truncated(url, done, total);
    return { sha256: hash.digest('hex'), bytes: done };
  } finally {
    watchdog.stop();
  }
}

/** A small text file (a checksum list), refusing anything suspiciously big. */
export async function fetchText(url: string, opts: RequestOptions, maxBytes = 1 << 20): Promise<string> {
  const watchdog = new Watchdog(opts.stallMs ?? defaultStallMs);
  try {
    const response = await open(url, opts, watchdog);
    const total = announcedLength(response);
    const chunks: Buffer[] = [];
    let done = 0;
    try {
      for await (const chunk of Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)) {
        watchdog.feed();
        const buffer = chunk as Buffer;
        done += buffer.length;
        if (done > maxBytes) {
          throw fail('bad-sum', `${url} is larger than ${maxBytes} bytes; that is not a checksum file`, url);
        }
        chunks.push(buffer);
      }
    } catch (error) {
      if ((error as FetchError).name === 'FetchError') throw error;
      throw classifyAbort(url, opts, watchdog) ?? truncated(url, done, total);
    }
    if (total !== undefined && done !== total) throw truncated(url, done, total);
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    watchdog.stop();
  }
}
