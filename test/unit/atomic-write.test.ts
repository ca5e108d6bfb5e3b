import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicIfChanged } from '../../src/fs/atomic-write.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'demystify-atomic-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('sets the exact mode whatever the umask', async () => {
    const old = process.umask(0o077);
    try {
      await writeFileAtomic(path.join(dir, 'cert.pem'), 'cert', { mode: 0o644 });
      process.umask(0o000);
      await writeFileAtomic(path.join(dir, 'key.pem'), 'key', { mode: 0o600 });
    } finally {
      process.umask(old);
    }
    expect((await fs.stat(path.join(dir, 'cert.pem'))).mode & 0o777).toBe(0o644);
    expect((await fs.stat(path.join(dir, 'key.pem'))).mode & 0o777).toBe(0o600);
  });

  it('replaces the file by rename (new inode), leaving no temp files', async () => {
    const file = path.join(dir, 'a.pem');
    await fs.writeFile(file, 'old');
    const before = await fs.stat(file);
    await writeFileAtomic(file, 'new', { mode: 0o600 });
    expect(await fs.readFile(file, 'utf8')).toBe('new');
    expect((await fs.stat(file)).ino).not.toBe(before.ino);
    expect(await fs.readdir(dir)).toEqual(['a.pem']);
  });

  it('cleans up its temp file when the rename fails', async () => {
    // a directory in the way makes rename fail after the temp file exists
    await fs.mkdir(path.join(dir, 'busy.pem'));
    await fs.writeFile(path.join(dir, 'busy.pem', 'x'), 'x');
    await expect(writeFileAtomic(path.join(dir, 'busy.pem'), 'data', { mode: 0o600 })).rejects.toThrow();
    expect(await fs.readdir(dir)).toEqual(['busy.pem']);
  });

  it('creates a missing folder (a kubeconfigs/ folder on first run)', async () => {
    await writeFileAtomic(path.join(dir, 'new', 'a.pem'), 'x', { mode: 0o600 });
    expect(await fs.readFile(path.join(dir, 'new', 'a.pem'), 'utf8')).toBe('x');
    expect((await fs.stat(path.join(dir, 'new', 'a.pem'))).mode & 0o777).toBe(0o600);
  });
});

describe('writeFileAtomicIfChanged', () => {
  it('leaves identical content (and its mtime) alone, rewrites different content', async () => {
    const file = path.join(dir, 'k.yaml');
    expect(await writeFileAtomicIfChanged(file, 'one', { mode: 0o600 })).toBe('written');
    const first = await fs.stat(file);
    expect(await writeFileAtomicIfChanged(file, 'one', { mode: 0o600 })).toBe('unchanged');
    expect((await fs.stat(file)).mtimeMs).toBe(first.mtimeMs);
    expect(await writeFileAtomicIfChanged(file, 'two', { mode: 0o600 })).toBe('written');
    expect(await fs.readFile(file, 'utf8')).toBe('two');
  });
});
