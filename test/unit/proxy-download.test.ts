// Downloads go through the proxy HTTP(S)_PROXY names, and straight to the
// host NO_PROXY names: a forwarding proxy on loopback records what went through it.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { downloadTo } from '../../src/cluster/binaries/http-download.js';
import { proxyConfigured } from '../../src/cluster/binaries/proxy-fetch.js';

const body = Buffer.from('the release bytes\n');
let target: http.Server;
let proxy: http.Server;
let tunnelled: string[] = [];
let dir: string;
const saved = { ...process.env };

const port = (s: http.Server) => (s.address() as AddressInfo).port;
const listen = (s: http.Server) => new Promise<void>((done) => s.listen(0, '127.0.0.1', done));

beforeAll(async () => {
  target = http.createServer((_req, res) => res.end(body));
  // A plain http:// URL is forwarded to the proxy with its absolute URI.
  proxy = http.createServer((req, res) => {
    const url = new URL(req.url ?? '');
    tunnelled.push(url.host);
    const upstream = http.get({ host: url.hostname, port: url.port, path: url.pathname }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
  });
  await Promise.all([listen(target), listen(proxy)]);
  dir = await mkdtemp(path.join(os.tmpdir(), 'demystify-proxy-'));
});

afterEach(() => {
  tunnelled = [];
  for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'])
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
});

afterAll(async () => {
  for (const s of [target, proxy]) {
    s.closeAllConnections();
    await new Promise((done) => s.close(done));
  }
  await rm(dir, { recursive: true, force: true });
});

async function download(name: string): Promise<string> {
  const dest = path.join(dir, name);
  const got = await downloadTo(`http://127.0.0.1:${port(target)}/${name}`, dest, { viaMirror: false });
  expect(got.sha256).toBe(createHash('sha256').update(body).digest('hex'));
  expect(await readFile(dest)).toEqual(body);
  return dest;
}

describe('downloads and proxies', () => {
  it('HTTP_PROXY: the download goes through the proxy', async () => {
    process.env.HTTP_PROXY = `http://127.0.0.1:${port(proxy)}`;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    expect(proxyConfigured()).toBe(true);
    await download('through');
    expect(tunnelled).toEqual([`127.0.0.1:${port(target)}`]);
  });

  it('NO_PROXY naming the host: straight there, the proxy sees nothing', async () => {
    process.env.HTTP_PROXY = `http://127.0.0.1:${port(proxy)}`;
    process.env.NO_PROXY = '127.0.0.1';
    await download('around');
    expect(tunnelled).toEqual([]);
  });

  it('no proxy set: straight there', async () => {
    for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete process.env[k];
    expect(proxyConfigured()).toBe(false);
    await download('direct');
    expect(tunnelled).toEqual([]);
  });
});
