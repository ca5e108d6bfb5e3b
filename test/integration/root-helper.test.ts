// @module-tag once (a node is namespaces, cgroups and routes: the host's business, not the line's)
// The root helper and a node, for real (as root, which CI is): a node is a
// machine of its own (name, network, process list, kernel settings), its
// processes run on terminals demystify holds, it reaches the API server
// through the relay, and it leaves nothing when it is taken down - nor when
// its helper is SIGKILLed, once the next session repaired the cgroups.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inspectJournal } from '../../src/host/journal.js';
import { RootSession } from '../../src/host/root-session.js';
import { createSupervisor } from '../../src/terminal/supervisor.js';
import { isRunning, type Component } from '../../src/terminal/types.js';
import { freePort } from '../helpers/ports.js';

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
let state: string;
let sessions: RootSession[] = [];

beforeAll(() => {
  if (process.getuid?.() !== 0)
    throw new Error('this suite makes nodes and needs root: run it as root (CI does), or with sudo');
  if (!fs.existsSync(path.resolve('dist/host/helper-main.js')))
    throw new Error('dist/host/helper-main.js is missing: run `npm run build` first');
});

afterEach(async () => {
  for (const s of sessions) await s.close();
  sessions = [];
  fs.rmSync(state, { recursive: true, force: true });
});

async function session(apiPort?: number): Promise<RootSession> {
  state = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-root-'));
  const s = new RootSession({
    stateDir: state,
    access: { kind: 'root' },
    ...(apiPort ? { apiTarget: { host: '127.0.0.1', port: apiPort } } : {}),
  });
  sessions.push(s);
  return s;
}

const inNode = async (s: RootSession, command: string): Promise<string> => {
  const r = await s.exec('node-0', command, { PATH }, '/', 10_000);
  expect(r.code, `${command}: ${r.output}`).toBe(0);
  return r.output.trim();
};

const hostLinks = (): string => spawnSync('ip', ['-o', 'link'], { encoding: 'utf8' }).stdout;
const cgroupsOf = (tag: string): string[] =>
  fs
    .readdirSync('/sys/fs/cgroup')
    .filter((h) => fs.existsSync(path.join('/sys/fs/cgroup', h, `demystify-${tag}`)));
const agents = (): string[] =>
  spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((l) => l.includes('agent-main.js') && !l.includes('ps -eo'));

function output(c: Component): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    c.onData((d) => (text += d));
    c.onState((st) => {
      if (!isRunning(st)) setTimeout(() => resolve(text), 300);
    });
  });
}

describe('a node', () => {
  it('is a machine of its own, reached over the node network, with its kernel settings its own', async () => {
    // A stand-in for the API server: answers whoever reaches it through the node's relay.
    const port = await freePort();
    const api = net.createServer((c) => c.end('api answered\n')).listen(port, '127.0.0.1');
    try {
      const s = await session(port);
      const plan = await s.createNode('node-0', 'testing');
      expect(await inNode(s, 'hostname')).toBe('node-0');
      expect(await inNode(s, 'ip -o -4 addr show eth0')).toContain(`${plan.ip}/24`);
      // The host reaches the node (as the API server reaches kubelets), through its end of the network.
      expect(spawnSync('ip', ['route', 'get', plan.ip], { encoding: 'utf8' }).stdout).toContain(
        s.network.hostLink,
      );
      expect(hostLinks()).toContain(s.network.hostLink);
      // The node's own process list, and its own root cgroup.
      expect(await inNode(s, 'ps -e -o comm= | head -1')).toBe('bash');
      expect(await inNode(s, 'cat /proc/self/cgroup | head -1')).toMatch(/:\/$/);
      // The kubelet's writes to these stay on the node.
      const before = fs.readFileSync('/proc/sys/vm/overcommit_memory', 'utf8');
      await inNode(s, 'echo 1 > /proc/sys/vm/overcommit_memory && echo 10 > /proc/sys/kernel/panic');
      expect(await inNode(s, 'cat /proc/sys/vm/overcommit_memory')).toBe('1');
      expect(fs.readFileSync('/proc/sys/vm/overcommit_memory', 'utf8')).toBe(before);
      // 127.0.0.1:6443 on the node is the relay to the host's API server.
      expect(await inNode(s, 'exec 3<>/dev/tcp/127.0.0.1/6443 && cat <&3')).toBe('api answered');
      // No route out of the node network: nothing a node sends leaves this machine.
      const out = await s.exec('node-0', 'ip route get 1.1.1.1', { PATH }, '/', 5000);
      expect(out.code).not.toBe(0);
    } finally {
      api.close();
    }
  });

  it('runs a process on a terminal demystify holds, and takes it down with the node', async () => {
    const s = await session();
    await s.createNode('node-0', 'testing');
    const sup = createSupervisor({ stateDir: state, rootBackend: () => s.backendFactory() });
    const c = sup.start({
      name: 'reader',
      node: 'node-0',
      command: 'tty -s && echo "a terminal, pid $$"; read -r line; echo "got $line"',
      cwd: '/',
      env: { PATH },
    });
    const text = output(c);
    await new Promise((r) => setTimeout(r, 500));
    c.write('hello\r');
    expect(await text).toMatch(/a terminal, pid \d+[\s\S]*got hello/);
    expect(c.state()).toMatchObject({ kind: 'exited', code: 0 });
    const long = sup.start({
      name: 'sleeper',
      node: 'node-0',
      command: 'sleep 1000',
      cwd: '/',
      env: { PATH },
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(isRunning(long.state())).toBe(true);
    const removed = await s.destroyNode('node-0');
    expect(removed.join(' ')).toMatch(/node-0 .*node network/);
    expect(spawnSync('pgrep', ['-f', '^sleep 1000$']).status).toBe(1);
    expect(hostLinks()).not.toContain(s.network.hostLink);
    expect(cgroupsOf(s.tag)).toEqual([]);
  });
});

describe("a node's /tmp", () => {
  it("is its own: the host's files in /tmp are not there, its own stay on it, the learner's folders it uses are", async () => {
    const s = await session();
    const hostFile = path.join(os.tmpdir(), `demystify-host-only-${process.pid}`);
    fs.writeFileSync(hostFile, 'the host');
    const used = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-used-'));
    fs.writeFileSync(path.join(used, 'ca.pem'), 'a certificate');
    try {
      await s.createNode('node-0', 'testing', [used, state]);
      expect(await inNode(s, `test -e ${hostFile} && echo visible || echo absent`)).toBe('absent');
      expect(await inNode(s, 'stat -c %a /tmp')).toBe('1777');
      await inNode(s, 'echo node > /tmp/written-on-the-node');
      expect(fs.existsSync('/tmp/written-on-the-node')).toBe(false);
      // The folders the node's processes use are the host's own, both ways.
      expect(await inNode(s, `cat ${used}/ca.pem`)).toBe('a certificate');
      await inNode(s, `echo from-the-node > ${used}/kubelet.log`);
      expect(fs.readFileSync(path.join(used, 'kubelet.log'), 'utf8')).toBe('from-the-node\n');
    } finally {
      fs.rmSync(hostFile, { force: true });
      fs.rmSync(used, { recursive: true, force: true });
    }
  });

  it("never shows another user's folder under /tmp", async () => {
    const s = await session();
    const theirs = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-theirs-'));
    fs.chownSync(theirs, 65534, 65534);
    try {
      // Asked for directly (RootSession would pass it on as given): the helper checks who owns it.
      const helper = await s.ensure('testing');
      await expect(helper.request({ op: 'node.create', node: 'node-0', keep: [theirs] })).rejects.toThrow(
        /belongs to another user/,
      );
    } finally {
      fs.rmSync(theirs, { recursive: true, force: true });
    }
  });
});

describe('a helper killed outright', () => {
  it('takes its nodes with it; the next session removes the cgroups they leave', async () => {
    const s = await session();
    await s.createNode('node-0', 'testing');
    await inNode(s, 'setsid sleep 1001 >/dev/null 2>&1 < /dev/null &');
    expect(spawnSync('pgrep', ['-f', '^sleep 1001$']).status).toBe(0);
    const helperPid = (
      JSON.parse(fs.readFileSync(path.join(state, 'host-session.json'), 'utf8')) as { helperPid: number }
    ).helperPid;
    process.kill(helperPid, 'SIGKILL');
    // pdeathsig: the node's init goes with the helper, and the kernel ends the rest.
    const gone = Date.now() + 10_000;
    while (
      Date.now() < gone &&
      (spawnSync('pgrep', ['-f', '^sleep 1001$']).status === 0 || agents().length)
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(spawnSync('pgrep', ['-f', '^sleep 1001$']).status).toBe(1);
    expect(agents()).toEqual([]);
    expect(hostLinks()).not.toContain(s.network.hostLink);
    expect(cgroupsOf(s.tag).length).toBeGreaterThan(0);
    sessions = [];
    const state0 = state;
    // The next session, in the same state folder.
    const next = new RootSession({ stateDir: state0, access: { kind: 'root' } });
    sessions.push(next);
    expect(inspectJournal(state0).kind).toBe('leftovers');
    const removed = await next.repair();
    expect(removed.join(' ')).toMatch(/cgroup folders/);
    expect(cgroupsOf(s.tag)).toEqual([]);
    state = state0;
  });
});

describe('the helper itself', () => {
  it('refuses to run anything on the host: only node work, in the shapes its protocol has', async () => {
    const s = await session();
    const helper = await s.ensure('testing');
    const marker = path.join(state, 'ran-on-the-host-as-root');
    const onHost = { target: { kind: 'host' }, command: `id -u > ${marker}`, env: { PATH }, cwd: '/' };
    // What demystify could ask before: a command, or a long-running process, on the host.
    const exec = helper.request({ op: 'exec', ...onHost, timeoutMs: 5000 } as never);
    await expect(exec).rejects.toThrow(/the root helper only does node work/);
    const spawn = helper.request({ op: 'spawn', ...onHost, proc: 'x#1', tty: '/dev/pts/0' } as never);
    await expect(spawn).rejects.toThrow(/the root helper only does node work/);
    // A node's command with a host target slipped in, and a node that is not one.
    const slipped = helper.request({ op: 'node.exec', node: 'node-0', ...onHost, timeoutMs: 5000 } as never);
    await expect(slipped).rejects.toThrow(/refused: target/);
    await expect(helper.request({ op: 'node.create', node: '../../etc', keep: [] })).rejects.toThrow(
      /node-0 to node-9/,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(fs.existsSync(marker)).toBe(false);
    // Still answering afterwards: a refusal is a sentence, not the end of the session.
    expect((await helper.request({ op: 'hello' })).uid).toBe(0);
  });
});
