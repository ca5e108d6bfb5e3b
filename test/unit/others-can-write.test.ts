// Who else could change a path: the rule behind refusing a --bin-dir (its
// binaries run as root on the nodes) and checking the root helper's files
// before sudo runs them. Built in a temp folder with chown/chmod, as root,
// for a made-up user 4242 whose own group is 4242.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { othersCanWrite, othersCanWriteIn } from '../../src/fs/others-can-write.js';
import { resolveFlags } from '../../src/commands/options.js';

const who = { uid: 4242, gid: 4242 };
let top: string;

beforeEach(() => {
  if (process.getuid?.() !== 0) throw new Error('this test chowns files to a made-up user: run it as root');
  top = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-owner-'));
  fs.chmodSync(top, 0o755);
});
afterEach(() => fs.rmSync(top, { recursive: true, force: true }));

/** A folder (or file) of the user's, with this mode. */
function mine(rel: string, mode: number, file = false): string {
  const p = path.join(top, rel);
  if (file) fs.writeFileSync(p, '#!/bin/sh\n');
  else fs.mkdirSync(p);
  fs.chownSync(p, who.uid, who.gid);
  fs.chmodSync(p, mode);
  return p;
}

describe('othersCanWrite', () => {
  it("is nothing for the user's own folder under root's and /tmp's (sticky) folders", () => {
    expect(othersCanWrite(mine('bin', 0o755), who)).toBeUndefined();
    // Group-writable is fine when the group is the user's own.
    expect(othersCanWrite(mine('grp', 0o775), who)).toBeUndefined();
  });

  it('names what lets others in: the folder, a folder above it, a file in it, a link on the way', () => {
    expect(othersCanWrite(mine('open', 0o777), who)).toMatch(/open is writable by everyone$/);
    const shared = mine('shared', 0o775);
    fs.chownSync(shared, who.uid, 100);
    expect(othersCanWrite(shared, who)).toMatch(/shared is writable by its group \(100\)$/);
    mine('open/bin', 0o755);
    expect(othersCanWrite(path.join(top, 'open', 'bin'), who)).toMatch(/open is writable by everyone$/);
    const theirs = path.join(top, 'theirs');
    fs.mkdirSync(theirs);
    fs.chownSync(theirs, 5151, 5151);
    expect(othersCanWrite(theirs, who)).toMatch(/theirs belongs to user 5151$/);
    // A link in an open folder can be pointed elsewhere, whatever it points at.
    const bin = mine('bin', 0o755);
    fs.symlinkSync(bin, path.join(top, 'open', 'link'));
    expect(othersCanWrite(path.join(top, 'open', 'link'), who)).toMatch(/open is writable by everyone$/);
    mine('bin/kubelet', 0o757, true);
    expect(othersCanWriteIn(bin, who)).toMatch(/kubelet is writable by everyone$/);
  });
});

describe('--bin-dir', () => {
  it('is refused, with a sentence, when another user can write to it', () => {
    const open = path.join(top, 'open');
    fs.mkdirSync(open);
    fs.chmodSync(open, 0o777);
    expect(() => resolveFlags({ binDir: open }, {})).toThrow(
      `--bin-dir ${open} is refused: ${open} can be changed by other users: ${open} is writable by everyone, and its binaries run as root on the nodes; use a folder only you can write to`,
    );
    fs.chmodSync(open, 0o755);
    expect(resolveFlags({ binDir: open }, {}).binDir).toBe(open);
  });
});
