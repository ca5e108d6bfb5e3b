// @module-tag isolated (no fixed port, no node network, no host state)
// The downloader against a fake release tree served on 127.0.0.1, laid out
// like a classroom mirror (docs/binaries.md). A mirror is used only for
// pinned artifacts, so each case pins what the fake release holds (`pins`,
// kept as the tree is published), unless it is about pins. Every case checks
// the outcome and lists the cache: nothing half-written may ever sit under a
// final name.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import * as tar from 'tar';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchBinaries, type FetchResult } from '../../src/cluster/binaries/fetch-binaries.js';
import { downloadTo } from '../../src/cluster/binaries/http-download.js';
import type { PinTable } from '../../src/cluster/binaries/pins.js';
import { releaseArtifacts, type Artifact } from '../../src/cluster/binaries/release-urls.js';
import { projectBinDir } from '../../src/cluster/cache-layout.js';
import { binaryNames, binaryProject, defaultVersions, type Project } from '../../src/cluster/versions.js';

const versions = { ...defaultVersions };
const artifacts = releaseArtifacts(versions, 'amd64');
const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const script = (name: string): Buffer => Buffer.from(`#!/bin/sh\necho "fake ${name}"\n`);

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const tree = new Map<string, Buffer | Handler>();
/** What the project pins: the SHA-256 of each artifact as the fake release first published it (or as a case says). */
let pins: Record<string, Record<string, Record<string, Record<string, string>>>> = {};
function pin(a: Artifact, data: Buffer): void {
  ((pins[a.project] ??= {})[a.version] ??= {})[a.arch] = {
    ...pins[a.project]?.[a.version]?.[a.arch],
    [a.fileName]: sha(data),
  };
}
const requests: string[] = [];
let server: http.Server;
let base: string;
let work: string;
let cacheRoot: string;

function pathOf(url: string): string {
  return new URL(url).pathname;
}

interface RawEntry {
  path: string;
  type?: tar.types.EntryTypeName;
  body?: Buffer;
  linkpath?: string;
}

/** A gzip'd tarball with exactly these entries, malicious ones included. */
function rawTarball(entries: RawEntry[]): Buffer {
  const blocks = entries.flatMap(({ path: p, type = 'File', body = Buffer.alloc(0), linkpath }) => {
    const header = new tar.Header({
      path: p,
      type,
      size: body.length,
      mode: 0o755,
      mtime: new Date(0),
      linkpath,
    });
    header.encode();
    return [header.block as Buffer, body, Buffer.alloc((512 - (body.length % 512)) % 512)];
  });
  return zlib.gzipSync(Buffer.concat([...blocks, Buffer.alloc(1024)]));
}

/** A well-formed tarball built the ordinary way, from files on disk. */
async function goodTarball(entries: string[]): Promise<Buffer> {
  const src = await mkdtemp(path.join(work, 'src-'));
  for (const entry of entries) {
    await mkdir(path.join(src, path.dirname(entry)), { recursive: true });
    await writeFile(path.join(src, entry), script(path.basename(entry)), { mode: 0o755 });
  }
  const file = path.join(work, `${path.basename(src)}.tgz`);
  await tar.c({ gzip: true, cwd: src, file, portable: true }, entries);
  return readFile(file);
}

/** Publish every artifact with its checksum file, in each project's own sum format. */
async function publishGoodRelease(): Promise<void> {
  tree.clear();
  pins = {};
  for (const a of artifacts) {
    const data =
      a.kind === 'binary'
        ? script(a.installs[0]?.binary ?? '?')
        : await goodTarball(a.installs.map((i) => i.entry ?? i.binary));
    tree.set(pathOf(a.url), data);
    pin(a, data);
    const line = `${sha(data)}  ${a.fileName}\n`;
    if (a.sumFormat === 'bare') tree.set(pathOf(a.sumUrl), Buffer.from(sha(data)));
    else if (a.project === 'etcd' || a.project === 'runc' || a.project === 'traefik') {
      // Multi-asset lists: ours is not the first line.
      tree.set(pathOf(a.sumUrl), Buffer.from(`${'0'.repeat(64)}  other-asset.zip\n${line}`));
    } else tree.set(pathOf(a.sumUrl), Buffer.from(line));
  }
}

function artifactOf(project: Project, binary?: string): (typeof artifacts)[number] {
  const found = artifacts.find((a) => a.project === project && (!binary || a.installs[0]?.binary === binary));
  if (!found) throw new Error(`no artifact for ${project}`);
  return found;
}

/** Replace an artifact's bytes, with a matching sum and pin, so only the archive is at fault. */
function republish(project: Project, data: Buffer): void {
  const a = artifactOf(project);
  tree.set(pathOf(a.url), data);
  tree.set(pathOf(a.sumUrl), Buffer.from(`${sha(data)}  ${a.fileName}\n`));
  pin(a, data);
}

/** Every file under the cache, relative, so a test can assert there is nothing extra. */
async function listCache(): Promise<string[]> {
  const entries = await readdir(cacheRoot, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(cacheRoot, path.join(e.parentPath, e.name)))
    .sort();
}

function expectedFiles(projects: readonly Project[]): string[] {
  return binaryNames
    .filter((b) => projects.includes(binaryProject[b]))
    .map((b) =>
      path.relative(
        cacheRoot,
        path.join(projectBinDir(cacheRoot, binaryProject[b], versions[binaryProject[b]]), b),
      ),
    )
    .sort();
}

function fetchFrom(mirror: string, projects?: Project[], withPins: PinTable = pins): Promise<FetchResult> {
  return fetchBinaries({
    versions,
    cacheRoot,
    mirror,
    arch: 'x64',
    env: {},
    pins: withPins,
    ...(projects ? { projects } : {}),
  });
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(urlPath);
    const key = urlPath.replace(/^\/classroom/, '');
    const item = tree.get(key);
    if (typeof item === 'function') return item(req, res);
    if (!item) return res.writeHead(404).end('not here');
    res
      .writeHead(200, { 'content-length': item.length, 'content-type': 'application/octet-stream' })
      .end(item);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'demystify-download-'));
  cacheRoot = path.join(work, 'cache');
  requests.length = 0;
  await publishGoodRelease();
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('fetchBinaries', () => {
  it('installs a good release, verified, then serves it from the cache', async () => {
    const progress: string[] = [];
    const result = await fetchBinaries({
      versions,
      cacheRoot,
      mirror: base,
      arch: 'x64',
      env: {},
      pins,
      onProgress: (p) => progress.push(`${p.file}:${p.phase}`),
    });
    expect(result.outcomes.filter((o) => o.status !== 'fetched')).toEqual([]);
    expect(result.outcomes.filter((o) => o.verifiedBy !== 'pin')).toEqual([]);
    expect(result.ok).toBe(true);
    expect(await listCache()).toEqual(
      expectedFiles(['kubernetes', 'etcd', 'containerd', 'runc', 'cni', 'coredns', 'traefik']),
    );
    const etcd = path.join(projectBinDir(cacheRoot, 'etcd', versions.etcd), 'etcd');
    expect(await readFile(etcd, 'utf8')).toContain('fake etcd');
    expect((await stat(etcd)).mode & 0o777).toBe(0o755);
    expect(progress).toContain('runc.amd64:done');

    const before = requests.length;
    const again = await fetchFrom(base);
    expect(again.outcomes.every((o) => o.status === 'cached')).toBe(true);
    expect(requests.length).toBe(before);
  });

  it('refuses a download whose SHA-256 is not the pinned one', async () => {
    const a = artifactOf('etcd');
    const result = await fetchFrom(base, ['etcd', 'runc'], {
      ...pins,
      etcd: { [a.version]: { amd64: { [a.fileName]: 'ab'.repeat(32) } } },
    });
    expect(result.ok).toBe(false);
    const etcd = result.outcomes.find((o) => o.project === 'etcd');
    expect(etcd?.failure?.kind).toBe('checksum');
    expect(etcd?.failure?.message).toMatch(/the SHA-256 pinned in demystify is abab/);
    expect(await listCache()).toEqual(expectedFiles(['runc']));
  });

  it('refuses what a mirror serves as a matching pair, binary and sum, when it is not the pinned file', async () => {
    // Whoever controls the classroom network serves another runc and that file's own sum.
    const runc = artifactOf('runc');
    const theirs = Buffer.from('#!/bin/sh\necho "not runc"\n');
    tree.set(pathOf(runc.url), theirs);
    tree.set(pathOf(runc.sumUrl), Buffer.from(`${sha(theirs)}  ${runc.fileName}\n`));
    const result = await fetchFrom(base, ['runc', 'cni']);
    const outcome = result.outcomes.find((o) => o.project === 'runc');
    expect(outcome?.status).toBe('failed');
    expect(outcome?.failure?.kind).toBe('checksum');
    expect(outcome?.failure?.message).toContain(
      `has SHA-256 ${sha(theirs)} but the SHA-256 pinned in demystify is`,
    );
    // The mirror's sum file was not even read: a pinned file is checked against its pin only.
    expect(requests).not.toContain(pathOf(runc.sumUrl));
    expect(await listCache()).toEqual(expectedFiles(['cni']));
  });

  it('refuses a mirror, http or https, for a version it has no pins for, before asking it anything', async () => {
    for (const mirror of [base, base.replace('http:', 'https:')]) {
      requests.length = 0;
      const result = await fetchFrom(mirror, ['kubernetes', 'runc'], { runc: pins.runc });
      expect(result.ok).toBe(false);
      expect(result.outcomes).toEqual([]);
      expect(result.problem?.kind).toBe('unpinned');
      expect(result.problem?.message).toBe(
        `the mirror ${mirror} is not used: demystify has no pinned SHA-256 for kubernetes ${versions.kubernetes} (amd64), and a mirror's own sum files prove nothing (whoever serves the file can serve a matching sum); fetch these from upstream without --mirror, or give --bin-dir`,
      );
      expect(requests).toEqual([]);
    }
    expect(await listCache()).toEqual([]);
  });

  it('refuses a download that closes before Content-Length bytes', async () => {
    const a = artifactOf('kubernetes', 'kube-apiserver');
    const full = tree.get(pathOf(a.url)) as Buffer;
    const body = Buffer.concat([full, Buffer.alloc(256 * 1024, 7)]);
    tree.set(pathOf(a.sumUrl), Buffer.from(sha(body)));
    tree.set(pathOf(a.url), (_req, res) => {
      res.writeHead(200, { 'content-length': body.length });
      res.write(body.subarray(0, 100_000), () => res.destroy());
    });
    const result = await fetchFrom(base, ['kubernetes']);
    const apiserver = result.outcomes.find((o) => o.file === 'kube-apiserver');
    expect(apiserver?.failure?.kind).toBe('truncated');
    expect(apiserver?.failure?.message).toMatch(new RegExp(`stopped after \\d+ of ${body.length} bytes`));
    const expected = expectedFiles(['kubernetes']).filter((f) => !f.endsWith('/kube-apiserver'));
    expect(await listCache()).toEqual(expected);
  });

  it('reports a file it cannot write as the disk saying no, not as a short download', async () => {
    const a = artifactOf('kubernetes', 'kube-apiserver');
    const taken = path.join(work, 'taken');
    await writeFile(taken, 'already here');
    const attempt = downloadTo(`${base}${pathOf(a.url)}`, taken, { viaMirror: false });
    await expect(attempt).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(taken, 'utf8')).toBe('already here');
  });

  const hostile: [string, RawEntry[]][] = [
    ['a "../" path', [{ path: 'bridge' }, { path: '../../../evil' }]],
    ['an absolute path', [{ path: 'bridge' }, { path: '/tmp/demystify-evil' }]],
    [
      'a symlink to an absolute path',
      [{ path: 'bridge' }, { path: 'ln', type: 'SymbolicLink', linkpath: '/etc' }],
    ],
    [
      'a symlink climbing out',
      [{ path: 'x/ln', type: 'SymbolicLink', linkpath: '../../..' }, { path: 'bridge' }],
    ],
    ['a wanted binary that is a symlink', [{ path: 'bridge', type: 'SymbolicLink', linkpath: 'loopback' }]],
  ];
  it.each(hostile)('refuses an archive with %s and writes nothing', async (_label, entries) => {
    const withPlugins = [...entries, { path: 'host-local' }, { path: 'loopback' }, { path: 'portmap' }];
    republish(
      'cni',
      rawTarball(withPlugins.map((e) => ({ ...e, body: e.type ? undefined : script(e.path) }))),
    );
    const result = await fetchFrom(base, ['cni']);
    expect(result.outcomes[0]?.failure?.kind).toBe('unsafe-archive');
    expect(result.outcomes[0]?.failure?.message).toMatch(/^refusing cni-plugins-linux-amd64-v1\.9\.1\.tgz: /);
    expect(await listCache()).toEqual([]);
    const around = await readdir(work);
    expect(around.filter((name) => name.includes('evil'))).toEqual([]);
  });

  it('reports an archive that lacks a binary we need', async () => {
    republish('containerd', await goodTarball(['bin/containerd', 'bin/ctr']));
    const result = await fetchFrom(base, ['containerd']);
    expect(result.outcomes[0]?.failure?.kind).toBe('missing-entry');
    expect(result.outcomes[0]?.failure?.message).toMatch(/does not contain bin\/containerd-shim-runc-v2/);
    expect(await listCache()).toEqual([]);
  });

  it('keeps the official paths under a mirror with a path prefix, read from DEMYSTIFY_MIRROR', async () => {
    const result = await fetchBinaries({
      versions,
      cacheRoot,
      arch: 'x64',
      env: { DEMYSTIFY_MIRROR: `${base}/classroom/` },
      projects: ['kubernetes', 'etcd', 'runc'],
      pins,
    });
    expect(result.ok).toBe(true);
    expect(requests).toContain(`/classroom/release/${versions.kubernetes}/bin/linux/amd64/kubelet`);
    expect(requests).toContain(
      `/classroom/etcd-io/etcd/releases/download/${versions.etcd}/etcd-${versions.etcd}-linux-amd64.tar.gz`,
    );
    expect(requests).toContain(
      `/classroom/opencontainers/runc/releases/download/${versions.runc}/runc.amd64`,
    );
    // Sums come from the pins, never from the mirror.
    expect(requests.filter((r) => /sha256|SHA256SUMS|checksums/.test(r))).toEqual([]);
    expect(requests.every((r) => r.startsWith('/classroom/'))).toBe(true);
    expect(await listCache()).toEqual(expectedFiles(['kubernetes', 'etcd', 'runc']));
  });

  it('installs CoreDNS and Traefik from archives laid out as their releases are', async () => {
    // CoreDNS: one binary in a .tgz, `sha256sum` of that one asset beside it.
    // Traefik (GoReleaser): the binary next to LICENSE.md and CHANGELOG.md,
    // one checksums file listing every platform's archive.
    const traefik = artifactOf('traefik');
    const notes = await goodTarball(['traefik', 'LICENSE.md', 'CHANGELOG.md']);
    tree.set(pathOf(traefik.url), notes);
    pin(traefik, notes);
    const others = ['darwin_arm64.tar.gz', 'windows_amd64.zip', 'linux_arm64.tar.gz'].map(
      (suffix) => `${'1'.repeat(64)}  traefik_${versions.traefik}_${suffix}`,
    );
    tree.set(
      pathOf(traefik.sumUrl),
      Buffer.from([...others, `${sha(notes)}  ${traefik.fileName}`].join('\n') + '\n'),
    );
    const result = await fetchFrom(`${base}/classroom`, ['coredns', 'traefik']);
    expect(result.outcomes.map((o) => [o.file, o.status])).toEqual([
      [`coredns_${versions.coredns.slice(1)}_linux_amd64.tgz`, 'fetched'],
      [`traefik_${versions.traefik}_linux_amd64.tar.gz`, 'fetched'],
    ]);
    expect(requests.sort()).toEqual(
      [
        `/classroom/coredns/coredns/releases/download/${versions.coredns}/coredns_${versions.coredns.slice(1)}_linux_amd64.tgz`,
        `/classroom/traefik/traefik/releases/download/${versions.traefik}/traefik_${versions.traefik}_linux_amd64.tar.gz`,
      ].sort(),
    );
    // Only the binaries: the release notes stay out of the cache.
    expect(await listCache()).toEqual(expectedFiles(['coredns', 'traefik']));
    const coredns = path.join(projectBinDir(cacheRoot, 'coredns', versions.coredns), 'coredns');
    expect(await readFile(coredns, 'utf8')).toContain('fake coredns');
  });

  it('follows redirects, as GitHub release downloads need', async () => {
    const runc = artifactOf('runc');
    tree.set('/objects/runc', tree.get(pathOf(runc.url)) as Buffer);
    tree.set(pathOf(runc.url), (_req, res) => res.writeHead(302, { location: `${base}/objects/runc` }).end());
    const result = await fetchFrom(base, ['runc']);
    expect(result.ok).toBe(true);
    expect(requests).toContain('/objects/runc');
    expect(await listCache()).toEqual(expectedFiles(['runc']));
  });

  it('resumes after a failed attempt: stale temp files go, verified binaries stay', async () => {
    const scheduler = artifactOf('kubernetes', 'kube-scheduler');
    const good = tree.get(pathOf(scheduler.url)) as Buffer;
    tree.set(pathOf(scheduler.url), (_req, res) => res.writeHead(503, 'Service Unavailable').end());
    // A fetch that was killed mid-download leaves a temp file behind.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const k8sDir = projectBinDir(cacheRoot, 'kubernetes', versions.kubernetes);
    await mkdir(k8sDir, { recursive: true });
    await writeFile(path.join(k8sDir, `.tmp-${dead}-0badf00d-kube-scheduler`), 'half a binary');

    const first = await fetchFrom(base, ['kubernetes']);
    expect(first.ok).toBe(false);
    expect(first.outcomes.find((o) => o.file === 'kube-scheduler')?.failure?.message).toMatch(/answered 503/);
    const withoutScheduler = expectedFiles(['kubernetes']).filter((f) => !f.endsWith('/kube-scheduler'));
    expect(await listCache()).toEqual(withoutScheduler);

    tree.set(pathOf(scheduler.url), good);
    requests.length = 0;
    const second = await fetchFrom(base, ['kubernetes']);
    expect(second.ok).toBe(true);
    expect(second.outcomes.filter((o) => o.status === 'fetched').map((o) => o.file)).toEqual([
      'kube-scheduler',
    ]);
    expect(requests.filter((r) => !r.includes('kube-scheduler'))).toEqual([]);
    expect(await listCache()).toEqual(expectedFiles(['kubernetes']));
  });

  it('says which host it could not reach, as a sentence', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await fetchFrom(`http://127.0.0.1:${port}`, ['runc']);
    expect(result.outcomes[0]?.failure?.kind).toBe('unreachable');
    expect(result.outcomes[0]?.failure?.message).toBe(
      `could not reach the mirror 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}; check --mirror or DEMYSTIFY_MIRROR`,
    );
    expect(await listCache()).toEqual([]);
  });

  it('reports a stalled server, a cancelled fetch and a file the mirror lacks', async () => {
    const runc = artifactOf('runc');
    tree.set(pathOf(runc.url), (_req, res) => {
      res.writeHead(200, { 'content-length': 1000 });
      res.write('x'); // then nothing, until the test closes the server's sockets
    });
    const stalled = await fetchBinaries({
      versions,
      cacheRoot,
      mirror: base,
      arch: 'x64',
      env: {},
      projects: ['runc'],
      pins,
      stallMs: 300,
    });
    expect(stalled.outcomes[0]?.failure?.kind).toBe('stalled');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const cancelled = await fetchBinaries({
      versions,
      cacheRoot,
      mirror: base,
      arch: 'x64',
      env: {},
      projects: ['runc'],
      pins,
      signal: controller.signal,
    });
    expect(cancelled.outcomes[0]?.failure).toMatchObject({
      kind: 'aborted',
      message: 'the download was cancelled',
    });
    server.closeAllConnections();

    tree.delete(pathOf(artifactOf('cni').url));
    const missing = await fetchFrom(base, ['cni']);
    expect(missing.outcomes[0]?.failure?.kind).toBe('http');
    expect(missing.outcomes[0]?.failure?.message).toMatch(
      /answered 404 Not Found .*does the mirror hold this path/,
    );
    expect(await listCache()).toEqual([]);
  });
});
