// @module-tag isolated (no fixed port, no node network, no host state)
// The real doctor on this machine: real /proc, real processes, real ports.
// Only the reachability check is pointed at loopback (our machines may not
// leave it), and the binaries come from a temp --bin-dir so the result does
// not depend on what happens to be installed.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { doctorPassed, formatDoctor, runDoctor } from '../../src/cluster/doctor/index.js';

let dir: string;
let web: http.Server;
let busy: net.Server;
let webUrl: string;
let busyPort: number;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'demystify-doctor-'));
  const apiserver = path.join(dir, 'kube-apiserver');
  await writeFile(apiserver, '#!/bin/sh\necho "Kubernetes v1.37.2"\n');
  await chmod(apiserver, 0o755);
  web = http.createServer((_req, res) => res.end('v1.37.2'));
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}/release/stable.txt`;
  busy = net.createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => web.close(resolve));
  await new Promise((resolve) => busy.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

it('checks this host and prints a table that fits 80 columns', async () => {
  const rows = await runDoctor({
    resolve: { binDir: dir, cacheRoot: path.join(dir, 'cache'), env: { PATH: process.env.PATH } },
    internetUrl: webUrl,
    ports: [busyPort],
  });
  const byCheck = new Map(rows.map((r) => [r.check, r]));
  for (const check of [
    'OS/arch',
    'root/sudo',
    'cgroups',
    'swap',
    'iptables',
    'node tools',
    'node network',
    'ports',
    'etcd',
    'CNI plugins',
  ]) {
    expect(byCheck.has(check), check).toBe(true);
  }
  expect(byCheck.get('OS/arch')?.status).toBe(process.platform === 'linux' ? 'ok' : 'fail');
  expect(byCheck.get('kube-apiserver')).toEqual({
    check: 'kube-apiserver',
    status: 'ok',
    detail: `v1.37.2 in ${dir}`,
  });
  expect(byCheck.get('ports')).toMatchObject({ status: 'fail', detail: `in use on 127.0.0.1: ${busyPort}` });
  expect(byCheck.get('internet')).toEqual({
    check: 'internet',
    status: 'ok',
    detail: new URL(webUrl).host + ' answers',
  });
  expect(['ok', 'warn']).toContain(byCheck.get('cgroups')?.status);
  expect(doctorPassed(rows)).toBe(false);

  const table = formatDoctor(rows);
  for (const line of table.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  console.log(table);
});
