// `demystify fetch`: download the official releases once, verify each, and
// install the binaries into the cache layout (cache-layout.ts). What a file
// is checked against: its SHA-256 pinned in the source (pins.ts) when there
// is one, whoever serves it; otherwise, only from upstream itself over
// HTTPS, the sum upstream publishes next to it. A mirror serves bytes, never
// sums: it is refused outright for any version without pins. Never throws for
// anything a user can cause: the result lists every artifact with what
// happened to it, failures as sentences.
import path from 'node:path';
import { projectBinDir } from '../cache-layout.js';
import { cacheDir, type Env } from '../paths.js';
import { versionsFromEnv, type BinaryName, type Project, type Versions } from '../versions.js';
import {
  ensureDir,
  installExecutable,
  isExecutableFile,
  removeQuietly,
  removeStaleTemps,
  tempPath,
} from './cache-files.js';
import { parseSumFile } from './checksums.js';
import { PINNED_SHA256, pinFor, unpinned, type PinTable } from './pins.js';
import { fail, toFailure, type FetchFailure } from './fetch-errors.js';
import { downloadTo, fetchText } from './http-download.js';
import { checkMirror, mirroredUrl, releaseArch, releaseArtifacts, type Artifact } from './release-urls.js';
import { extractWanted } from './safe-extract.js';

export type FetchPhase = 'cached' | 'downloading' | 'verifying' | 'installing' | 'done' | 'failed';

/** One file's progress; `done`/`total` are bytes (total unknown without Content-Length). */
export interface FetchProgress {
  readonly file: string;
  readonly project: Project;
  readonly phase: FetchPhase;
  readonly done: number;
  readonly total: number | undefined;
}

export interface FetchOptions {
  readonly versions?: Versions;
  /** The cache root (paths.ts cacheDir()); binaries land in <root>/bin/<project>/<version>/. */
  readonly cacheRoot?: string;
  /** Base URL standing in for dl.k8s.io and github.com; defaults to DEMYSTIFY_MIRROR. */
  readonly mirror?: string | undefined;
  readonly projects?: readonly Project[];
  /** Node-style arch (process.arch); defaults to this machine's. */
  readonly arch?: string;
  readonly onProgress?: ((progress: FetchProgress) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Artifacts downloaded at once. */
  readonly concurrency?: number;
  readonly stallMs?: number;
  readonly env?: Env;
  /** The SHA-256 the project vouches for (tests give their own). */
  readonly pins?: PinTable;
}

export interface FetchOutcome {
  readonly file: string;
  readonly project: Project;
  readonly version: string;
  readonly binaries: readonly BinaryName[];
  readonly status: 'fetched' | 'cached' | 'failed';
  /** What a fetched file was checked against: the pin in the source, or the sum upstream publishes. */
  readonly verifiedBy?: 'pin' | 'published-sum';
  readonly failure?: FetchFailure;
}

export interface FetchResult {
  readonly ok: boolean;
  readonly outcomes: readonly FetchOutcome[];
  /** Set when nothing could even start (unsupported arch, malformed mirror). */
  readonly problem?: FetchFailure;
}

interface Context {
  readonly cacheRoot: string;
  readonly mirror: string | undefined;
  readonly signal: AbortSignal | undefined;
  readonly stallMs: number | undefined;
  readonly onProgress: (progress: FetchProgress) => void;
  readonly pins: PinTable;
}

export async function fetchBinaries(options: FetchOptions = {}): Promise<FetchResult> {
  const env = options.env ?? process.env;
  const mirror = options.mirror || env.DEMYSTIFY_MIRROR || undefined;
  if (mirror) {
    const why = checkMirror(mirror);
    if (why) return { ok: false, outcomes: [], problem: { kind: 'unsupported', message: why } };
  }
  const nodeArch = options.arch ?? process.arch;
  const arch = releaseArch(nodeArch);
  if (!arch) {
    const message = `no official Linux release exists for the ${nodeArch} architecture (only amd64 and arm64); build the components yourself and pass --bin-dir`;
    return { ok: false, outcomes: [], problem: { kind: 'unsupported', message } };
  }
  const versions = options.versions ?? versionsFromEnv(env);
  const artifacts = releaseArtifacts(versions, arch, options.projects);
  const pins = options.pins ?? PINNED_SHA256;
  const missing = mirror ? unpinned(pins, artifacts) : [];
  if (missing.length) {
    const message = `the mirror ${mirror} is not used: demystify has no pinned SHA-256 for ${missing.join(', ')}, and a mirror's own sum files prove nothing (whoever serves the file can serve a matching sum); fetch these from upstream without --mirror, or give --bin-dir`;
    return { ok: false, outcomes: [], problem: { kind: 'unpinned', message } };
  }
  const ctx: Context = {
    cacheRoot: options.cacheRoot ?? cacheDir(env),
    mirror,
    signal: options.signal,
    stallMs: options.stallMs,
    onProgress: options.onProgress ?? (() => undefined),
    pins,
  };

  const outcomes = await inPool(artifacts, options.concurrency ?? 3, (artifact) =>
    fetchArtifact(artifact, ctx),
  );
  return { ok: outcomes.every((o) => o.status !== 'failed'), outcomes };
}

/** Run `work` over `items` with at most `limit` at once, keeping the order. */
async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

async function fetchArtifact(artifact: Artifact, ctx: Context): Promise<FetchOutcome> {
  const dir = projectBinDir(ctx.cacheRoot, artifact.project, artifact.version);
  const binaries = artifact.installs.map((i) => i.binary);
  const base = { file: artifact.fileName, project: artifact.project, version: artifact.version, binaries };
  const report = (phase: FetchPhase, done = 0, total: number | undefined = undefined): void =>
    ctx.onProgress({ file: artifact.fileName, project: artifact.project, phase, done, total });

  // Only verified files ever get a final name, so being there means verified.
  const present = await Promise.all(binaries.map((b) => isExecutableFile(path.join(dir, b))));
  if (present.every(Boolean)) {
    report('cached');
    return { ...base, status: 'cached' };
  }

  let download: string | undefined;
  let staging: string | undefined;
  try {
    if (ctx.signal?.aborted) throw fail('aborted', 'the download was cancelled');
    await ensureDir(dir);
    await removeStaleTemps(dir);
    const request = { signal: ctx.signal, viaMirror: ctx.mirror !== undefined, stallMs: ctx.stallMs };

    const expected = await expectedSum(artifact, ctx, request);

    const url = mirroredUrl(artifact.url, ctx.mirror);
    download = tempPath(dir, artifact.fileName);
    const got = await downloadTo(url, download, {
      ...request,
      onBytes: (done, total) => report('downloading', done, total),
    });
    report('verifying', got.bytes, got.bytes);
    if (got.sha256 !== expected.sha256) {
      const which = expected.by === 'pin' ? 'the SHA-256 pinned in demystify is' : 'the published sum is';
      throw fail(
        'checksum',
        `${artifact.fileName} has SHA-256 ${got.sha256} but ${which} ${expected.sha256}; the download is corrupt or was tampered with, nothing was installed`,
        url,
      );
    }

    report('installing', got.bytes, got.bytes);
    if (artifact.kind === 'binary') {
      const [only] = binaries;
      if (only === undefined) throw new Error(`artifact ${artifact.fileName} installs nothing`);
      await installExecutable(download, path.join(dir, only));
      download = undefined;
    } else {
      staging = tempPath(dir, 'extract');
      await ensureDir(staging);
      const wanted = new Map(artifact.installs.map((i) => [i.entry ?? i.binary, i.binary as string]));
      const extracted = await extractWanted(download, staging, wanted, artifact.fileName);
      for (const [name, file] of extracted) await installExecutable(file, path.join(dir, name));
    }
    report('done', got.bytes, got.bytes);
    return { ...base, status: 'fetched', verifiedBy: expected.by };
  } catch (error) {
    report('failed');
    return { ...base, status: 'failed', failure: toFailure(error, artifact.url) };
  } finally {
    await removeQuietly(download);
    await removeQuietly(staging);
  }
}

/**
 * The SHA-256 a download must have: the pin when there is one (no sum file is
 * even asked for), otherwise the sum upstream publishes, read from upstream
 * itself - never from a mirror, which fetchBinaries refused already.
 */
async function expectedSum(
  artifact: Artifact,
  ctx: Context,
  request: Parameters<typeof fetchText>[1],
): Promise<{ sha256: string; by: 'pin' | 'published-sum' }> {
  const pin = pinFor(ctx.pins, artifact);
  if (pin) return { sha256: pin, by: 'pin' };
  if (ctx.mirror)
    throw fail('unpinned', `${artifact.fileName} has no pinned SHA-256: not taken from a mirror`);
  const sums = parseSumFile(artifact.sumFormat, await fetchText(artifact.sumUrl, request), artifact.fileName);
  if (!sums.ok)
    throw fail(
      'bad-sum',
      `cannot verify ${artifact.fileName}: ${sums.reason} (${artifact.sumUrl})`,
      artifact.sumUrl,
    );
  return { sha256: sums.sha256, by: 'published-sum' };
}

/** One sentence per failure, for a CLI that only wants to print and exit. */
export function fetchFailureLines(result: FetchResult): string[] {
  const lines: string[] = [];
  if (result.problem) lines.push(result.problem.message);
  for (const outcome of result.outcomes) {
    if (outcome.failure) lines.push(`${outcome.file}: ${outcome.failure.message}`);
  }
  return lines;
}
