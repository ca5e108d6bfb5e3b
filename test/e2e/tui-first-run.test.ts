// @module-tag isolated (no fixed port, no node network, no host state)
// A first run with a binary missing, in a real terminal: the workshop offers
// to download it (what, from where, how big); a classroom mirror (--mirror)
// is used only for files whose SHA-256 demystify pins in its source, so a
// mirror serving a version without pins (this fake etcd, served on 127.0.0.1
// with a matching sum of its own) is refused in one sentence that says why,
// nothing lands in the cache, and the workshop still opens; a second learner
// who declines is told how to get the binaries later. (A download that is
// checked and kept: test/integration/download.test.ts, with pins.)
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAll } from '../../src/cluster/binaries/resolve.js';
import { releaseArtifacts } from '../../src/cluster/binaries/release-urls.js';
import { defaultVersions } from '../../src/cluster/versions.js';
import { TuiSession } from '../fixtures/ui/tmux-session.js';

let server: http.Server;
let mirror: string;
let binDir: string;
const files = new Map<string, Buffer>();
let tui: TuiSession | undefined;
// Every session started, stopped at the end even if a test failed before its own stop.
const open: TuiSession[] = [];
const start = (options: Parameters<typeof TuiSession.start>[0]): TuiSession => {
  const t = TuiSession.start(options);
  open.push(t);
  return t;
};

beforeAll(async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-first-run-'));
  // Every binary the workshop uses, from where this machine has them, except etcd's three.
  binDir = path.join(work, 'bin');
  fs.mkdirSync(binDir);
  for (const r of await resolveAll()) {
    if (!r.found) throw new Error(`${r.name} is missing on this machine: build or fetch the binaries first`);
    if (!r.name.startsWith('etcd')) fs.symlinkSync(r.path, path.join(binDir, r.name));
  }
  // The etcd release, as github.com lays it out, with fake programs that answer --version.
  const [etcd] = releaseArtifacts(defaultVersions, 'amd64', ['etcd']);
  const src = path.join(work, 'src');
  const folder = `etcd-${defaultVersions.etcd}-linux-amd64`;
  fs.mkdirSync(path.join(src, folder), { recursive: true });
  for (const b of ['etcd', 'etcdctl', 'etcdutl'])
    fs.writeFileSync(path.join(src, folder, b), `#!/bin/sh\necho "${b} Version: 3.6.16"\n`, { mode: 0o755 });
  const tgz = path.join(work, etcd!.fileName);
  await tar.c({ gzip: true, cwd: src, file: tgz, portable: true }, [folder]);
  const data = fs.readFileSync(tgz);
  const sum = `${createHash('sha256').update(data).digest('hex')}  ${etcd!.fileName}\n`;
  files.set(new URL(etcd!.url).pathname, data);
  files.set(new URL(etcd!.sumUrl).pathname, Buffer.from(sum));
  server = http.createServer((req, res) => {
    const body = files.get(req.url ?? '');
    res.writeHead(body ? 200 : 404, { 'content-length': body?.length ?? 0 });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  for (const t of open) t.stop();
  server?.close();
});

describe('a first run with no binaries', () => {
  it('offers the download, refuses an unpinned file from a mirror, and still opens the workshop', async () => {
    tui = start({
      lessons: 'lessons',
      env: { DEMYSTIFY_BIN_DIR: binDir, DEMYSTIFY_MIRROR: mirror },
    });
    const offer = await tui.waitFor(/not on this machine yet/, 30_000);
    expect(offer).toMatch(/etcd v3\.6\.16: etcd, etcdctl, etcdutl/);
    expect(offer).toContain(`From 127.0.0.1:${new URL(mirror).port}`);
    expect(offer).toMatch(/about \d+ MB/);
    tui.keys('Enter');
    // The mirror's sum matches its file, and proves nothing: without a pin, nothing is fetched from it.
    const refused = await tui.waitFor(/no pinned SHA-256 for etcd v3\.6\.16/, 60_000);
    expect(refused).toMatch(/did not complete/);
    expect(
      fs.existsSync(path.join(tui.home, 'cache', 'demystify', 'bin', 'etcd', defaultVersions.etcd)),
    ).toBe(false);
    tui.keys('c');
    await tui.waitFor(/Welcome/, 30_000);
    tui.stop();
    tui = undefined;
  });

  it('says how to get them later when declined, and can still open the workshop', async () => {
    tui = start({
      lessons: 'lessons',
      env: { DEMYSTIFY_BIN_DIR: binDir, DEMYSTIFY_MIRROR: mirror },
    });
    await tui.waitFor(/not on this machine yet/, 30_000);
    tui.keys('n');
    const later = await tui.waitFor(/demystify fetch/, 10_000);
    expect(later).toMatch(/--bin-dir/);
    tui.keys('c');
    await tui.waitFor(/Welcome/, 30_000);
  });
});
