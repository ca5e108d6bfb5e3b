// The start of the root helper through a stand-in for sudo (a small node
// program that asks for the password the way `sudo -S -p` does, then talks
// the helper's protocol): the clock stops while the learner types, the
// password reaches sudo from a Buffer that is zeroed afterwards, and a helper
// that is gone makes requests fail with a sentence, not demystify crash.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RootHelper } from '../../src/host/root-helper.js';

const PROMPT = '<<demystify: sudo password>>';
let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * A fake sudo: prompts, keeps the line it is given in `got`, then answers
 * hello; told to, it then closes its stdin and ends a moment later.
 */
const FAKE_SUDO = `
const fs = require('node:fs');
const [got, endAfterHello] = process.argv.slice(1);
process.stderr.write(${JSON.stringify(PROMPT)});
let buf = '', ready = false;
process.stdin.on('data', (d) => {
  buf += d;
  if (!ready) {
    const nl = buf.indexOf('\\n');
    if (nl < 0) return;
    fs.writeFileSync(got, buf.slice(0, nl));
    buf = buf.slice(nl + 1);
    ready = true;
    process.stdout.write(JSON.stringify({ event: 'helper-ready' }) + '\\n');
  }
  let nl;
  while ((nl = buf.indexOf('\\n')) >= 0) {
    const req = JSON.parse(buf.slice(0, nl));
    buf = buf.slice(nl + 1);
    process.stdout.write(JSON.stringify({ id: req.id, ok: true, result: { pid: process.pid, uid: 0, cgroupVersion: 1 } }) + '\\n');
    if (endAfterHello === 'yes') {
      process.stdin.destroy();
      try { fs.closeSync(0); } catch {}
      setTimeout(() => process.exit(0), 500);
    }
  }
});
`;

function start(
  askPassword: () => Promise<Buffer | undefined>,
  endAfterHello = false,
  startTimeoutMs = 10_000,
): Promise<RootHelper> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-sudo-'));
  return RootHelper.start({
    access: { kind: 'sudo-password' },
    apiSocket: '/nonexistent/api.sock',
    tag: 'abcdef',
    askPassword,
    startTimeoutMs,
    launcher: () => ({
      file: process.execPath,
      args: ['-e', FAKE_SUDO, path.join(dir, 'got'), endAfterHello ? 'yes' : 'no'],
    }),
  });
}

describe('starting the root helper through sudo', () => {
  it('does not count the time the learner spends typing against sudo', async () => {
    const typed = Buffer.from('hunter2');
    // Typing takes longer than sudo may take to start the helper.
    const helper = await start(() => new Promise((r) => setTimeout(() => r(typed), 2500)), false, 2000);
    expect(helper.pid).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(dir, 'got'), 'utf8')).toBe('hunter2');
    // What the learner typed is zeroed once sudo has it.
    expect(typed.every((b) => b === 0)).toBe(true);
    await helper.shutdown();
  });

  it('still gives up when sudo itself hangs, after the password', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-sudo-'));
    const hung = RootHelper.start({
      access: { kind: 'sudo-password' },
      apiSocket: '/nonexistent/api.sock',
      tag: 'abcdef',
      askPassword: () => Promise.resolve(Buffer.from('x')),
      startTimeoutMs: 300,
      launcher: () => ({
        file: process.execPath,
        args: ['-e', `process.stderr.write(${JSON.stringify(PROMPT)}); process.stdin.resume()`],
      }),
    });
    await expect(hung).rejects.toThrow('sudo did not start the root helper within 0.3 s');
  });

  it('turns a helper gone mid-session into failed requests, not an EPIPE that ends demystify', async () => {
    const helper = await start(() => Promise.resolve(Buffer.from('pw')), true);
    // Its stdin is closed now: this write fails with EPIPE, and the request with a sentence once it ends.
    await new Promise((r) => setTimeout(r, 100));
    await expect(helper.request({ op: 'node.destroy', node: 'node-0' })).rejects.toThrow(
      'the root helper has ended',
    );
    expect(helper.alive()).toBe(false);
    await expect(helper.request({ op: 'hello' })).rejects.toThrow('the root helper has ended');
  });
});
