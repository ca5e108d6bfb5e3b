// `demystify doctor` as a user runs it: on a machine prepared by .ci/run
// (binaries built into the cache, Debian packages installed) it says the
// workshop can run; with the cache hidden it names what is missing.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// process.execPath, not `node`: the second case narrows PATH to the system
// folders, whose node may be an older line than the one under test.
const doctor = (env: Record<string, string>) =>
  execa(process.execPath, ['dist/cli.js', 'doctor'], {
    env: { NO_COLOR: '1', ...env },
    reject: false,
    timeout: 60_000,
  });

describe('demystify doctor', () => {
  it('reports everything present on a prepared machine (exit 0)', async () => {
    const res = await doctor({});
    expect(res.stdout).toMatch(/^ok +kube-apiserver +v1\.37\.\d+ in the cache$/m);
    expect(res.stdout).toMatch(/^ok +etcd +v3\.6\.\d+ in the cache$/m);
    expect(res.stdout).not.toMatch(/^FAIL/m);
    expect(res.exitCode).toBe(0);
  });

  it('names a missing binary and how to get it (exit 1)', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-nocache-'));
    const res = await doctor({ XDG_CACHE_HOME: empty, PATH: '/usr/bin:/bin:/usr/sbin:/sbin' });
    expect(res.stdout).toMatch(
      /^FAIL +etcd +not found: etcd, etcdctl, etcdutl\n +fix: run `demystify fetch` to download etcd\s+v3\.6\.\d+/m,
    );
    expect(res.exitCode).toBe(1);
  });
});
