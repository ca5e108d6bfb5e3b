// Only the demystify that started the root helper can ask it anything. The
// learner (an ordinary account whose sudo wants a password, made by
// scripts/ci-learner.sh) starts the helper through sudo with demystify's own
// code (dist/host/root-helper.js); then another process of the same user
// tries every file descriptor of that demystify, of sudo and of the helper
// through /proc/<pid>/fd, and writes a request into each it can open: a
// command on the host that would leave a file behind if the helper ran it,
// and a node, which would leave the session's cgroup and interface.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnerAccount } from '../helpers/learner.js';

let dir: string;
let demystify: ChildProcessWithoutNullStreams | undefined;
let lines: readline.Interface;
const account = learnerAccount();

/** demystify's side: starts the helper through sudo with the learner's password, prints the pids, answers "hello" lines. */
const DRIVER = `
import { RootHelper } from './host/root-helper.js';
const helper = await RootHelper.start({
  access: { kind: 'sudo-password' },
  apiSocket: process.env.API_SOCKET,
  tag: 'c0ffee',
  askPassword: async () => Buffer.from(process.env.LEARNER_PASSWORD),
});
console.log(JSON.stringify({ demystify: process.pid, helper: helper.pid }));
process.stdin.setEncoding('utf8');
process.stdin.on('data', async () => console.log(JSON.stringify(await helper.request({ op: 'hello' }))));
process.stdin.on('end', () => helper.shutdown().finally(() => process.exit(0)));
`;

/**
 * Another process of the learner: opens every fd of those pids it can, and
 * writes the requests into each that is the helper's channel (a write into
 * demystify's own wake-up pipes would only crash it, which proves nothing).
 */
const INTRUDER = `
import fs from 'node:fs';
const [marker, channelList, ...pids] = process.argv.slice(2);
const channel = new Set(channelList.split(','));
const requests = [
  { id: 900, op: 'exec', target: { kind: 'host' }, command: 'touch ' + marker, env: { PATH: '/usr/bin:/bin' }, cwd: '/', timeoutMs: 5000 },
  { id: 901, op: 'node.create', node: 'node-0' },
].map((r) => JSON.stringify(r) + '\\n').join('');
const opened = [];
const refused = {};
for (const pid of pids) {
  let fds;
  try {
    fds = fs.readdirSync('/proc/' + pid + '/fd');
  } catch (e) {
    refused[pid + '/fd'] = e.code;
    continue;
  }
  for (const fd of fds) {
    const file = '/proc/' + pid + '/fd/' + fd;
    try {
      const w = fs.openSync(file, 'w');
      const target = fs.readlinkSync(file);
      opened.push(file + ' -> ' + target);
      if (channel.has(target)) try { fs.writeSync(w, requests); } catch {}
      fs.closeSync(w);
    } catch (e) {
      refused[file] = e.code;
    }
  }
}
console.log(JSON.stringify({ opened, refused }));
`;

/** The helper's ancestors up to (not including) the driver: sudo, and its monitor when it uses a pty. */
function between(helper: number, top: number): number[] {
  const out: number[] = [];
  for (let pid = helper; pid > 1 && pid !== top;) {
    out.push(pid);
    pid = Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  }
  return out;
}

const asLearner = (args: string[]): string[] => [
  '-u',
  account.user,
  '--',
  'env',
  '-i',
  `HOME=${account.home}`,
  `USER=${account.user}`,
  'PATH=/usr/bin:/bin',
  ...args,
];

beforeAll(() => {
  if (!fs.existsSync(path.resolve('dist/host/root-helper.js')))
    throw new Error('dist/host/root-helper.js is missing: run `npm run build` first');
  // Readable by the learner: the built app's host and fs folders (the helper checks its own binary with
  // fs/others-can-write.js) and the chunks the helper's bundle shares, a node binary.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-channel-'));
  fs.chmodSync(dir, 0o755);
  for (const part of ['host', 'fs'])
    fs.cpSync(path.resolve('dist', part), path.join(dir, part), { recursive: true });
  if (fs.existsSync('dist/chunks'))
    fs.cpSync(path.resolve('dist/chunks'), path.join(dir, 'chunks'), { recursive: true });
  fs.copyFileSync(process.execPath, path.join(dir, 'node'));
  fs.writeFileSync(path.join(dir, 'driver.mjs'), DRIVER);
  fs.writeFileSync(path.join(dir, 'intruder.mjs'), INTRUDER);
  spawnSync('chmod', ['-R', 'a+rX', dir]);
  fs.chmodSync(path.join(dir, 'node'), 0o755);
});

afterAll(async () => {
  if (demystify && demystify.exitCode === null) {
    demystify.stdin.end();
    await new Promise((r) => demystify!.once('exit', r));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the root helper's channel", () => {
  it('takes requests from the demystify that started it, and from no other process of the same user', async () => {
    demystify = spawn(
      'runuser',
      asLearner([
        `API_SOCKET=${path.join(dir, 'api.sock')}`,
        `LEARNER_PASSWORD=${account.password}`,
        path.join(dir, 'node'),
        path.join(dir, 'driver.mjs'),
      ]),
      { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stderr = '';
    demystify.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    lines = readline.createInterface({ input: demystify.stdout });
    const next = (): Promise<string> =>
      new Promise((resolve, reject) => {
        lines.once('line', resolve);
        demystify!.once('exit', () => reject(new Error(`the driver ended: ${stderr}`)));
      });
    const pids = JSON.parse(await next()) as { demystify: number; helper: number };
    // The helper runs as root, started through sudo by the learner's demystify.
    expect(fs.statSync(`/proc/${pids.helper}`).uid).toBe(0);
    expect(fs.statSync(`/proc/${pids.demystify}`).uid).toBe(account.uid);
    const targets = [pids.demystify, ...between(pids.helper, pids.demystify)];
    expect(targets.length).toBeGreaterThanOrEqual(3); // demystify, sudo, the helper

    // What reaches the helper: its stdin, and the stdin of every sudo process in between (it relays).
    const fd0 = (pid: number): string[] => {
      try {
        return [fs.readlinkSync(`/proc/${pid}/fd/0`)];
      } catch {
        return []; // sudo's monitor process keeps no stdin
      }
    };
    const channel = new Set(targets.slice(1).flatMap(fd0));
    const marker = path.join(dir, 'written-by-an-intruder');
    const intruder = spawnSync(
      'runuser',
      asLearner([
        path.join(dir, 'node'),
        path.join(dir, 'intruder.mjs'),
        marker,
        [...channel].join(','),
        ...targets.map(String),
      ]),
      { cwd: dir, encoding: 'utf8' },
    );
    expect(intruder.status, intruder.stderr).toBe(0);
    const seen = JSON.parse(intruder.stdout) as { opened: string[]; refused: Record<string, string> };
    // demystify's end of that channel is a socket pair, which /proc cannot reopen (ENXIO); sudo's and the
    // helper's descriptors are root's (EACCES). What the intruder could open (node's own wake-up pipes) is
    // none of it.
    expect(seen.opened.filter((f) => channel.has(f.split(' -> ')[1]!))).toEqual([]);
    // sudo reads the requests from a socket (the first process below demystify), and every socket demystify
    // holds refuses to be opened again.
    expect(fs.readlinkSync(`/proc/${targets.at(-1)}/fd/0`)).toMatch(/^socket:/);
    const sockets = fs
      .readdirSync(`/proc/${pids.demystify}/fd`)
      .filter((fd) => /^socket:/.test(fs.readlinkSync(`/proc/${pids.demystify}/fd/${fd}`)));
    expect(sockets.length).toBeGreaterThan(0);
    for (const fd of sockets) expect(seen.refused[`/proc/${pids.demystify}/fd/${fd}`]).toBe('ENXIO');
    // The channel itself works: demystify's request is answered by the helper, as root, after anything
    // that reached it before (it reads its stdin in order); a node would have been under way by then.
    demystify.stdin.write('hello\n');
    expect(JSON.parse(await next())).toMatchObject({ pid: pids.helper, uid: 0 });
    await new Promise((r) => setTimeout(r, 1000));
    // Nothing the intruder asked for happened: no file written as root, no node, no cgroup, no interface.
    expect(fs.existsSync(marker)).toBe(false);
    expect(spawnSync('ip', ['link', 'show', 'dmyc0ffee']).status).not.toBe(0);
    expect(
      fs.readdirSync('/sys/fs/cgroup').filter((h) => fs.existsSync(`/sys/fs/cgroup/${h}/demystify-c0ffee`)),
    ).toEqual([]);
  });
});
