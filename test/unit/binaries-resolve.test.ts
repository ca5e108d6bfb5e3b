// Resolution order against temp folders holding fake executables, so the
// result never depends on what this host has installed.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  missingProjectHint,
  resolveAll,
  resolveBinary,
  shellEnvironment,
  type ResolveOptions,
} from '../../src/cluster/binaries/resolve.js';
import { projectBinDir } from '../../src/cluster/cache-layout.js';
import { defaultVersions } from '../../src/cluster/versions.js';

let root: string;
let dirs: Record<'flag' | 'env' | 'cache' | 'path' | 'sbin' | 'cni' | 'optcni', string>;
const versions = { ...defaultVersions };

async function put(dir: string, name: string, mode = 0o755): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await writeFile(file, '#!/bin/sh\n');
  await chmod(file, mode);
  return file;
}

function options(extra: Partial<ResolveOptions> = {}): ResolveOptions {
  return {
    cacheRoot: dirs.cache,
    versions,
    env: { PATH: `relative/bin${path.delimiter}${dirs.path}` },
    systemDirs: [dirs.sbin],
    cniSystemDirs: [dirs.cni, dirs.optcni],
    ...extra,
  };
}

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'demystify-resolve-'));
  dirs = {
    flag: path.join(root, 'flag'),
    env: path.join(root, 'env'),
    cache: path.join(root, 'cache'),
    path: path.join(root, 'usr/bin'),
    sbin: path.join(root, 'usr/sbin'),
    cni: path.join(root, 'usr/lib/cni'),
    optcni: path.join(root, 'opt/cni/bin'),
  };
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('resolveBinary', () => {
  it('prefers --bin-dir, then DEMYSTIFY_BIN_DIR, then the cache, then PATH, then system folders', async () => {
    const cacheDir = projectBinDir(dirs.cache, 'containerd', versions.containerd);
    for (const dir of [dirs.flag, dirs.env, cacheDir, dirs.path, dirs.sbin]) await put(dir, 'containerd');
    const env = { PATH: dirs.path, DEMYSTIFY_BIN_DIR: dirs.env };
    const found = async (extra: Partial<ResolveOptions>) => {
      const r = await resolveBinary('containerd', options(extra));
      return r.found ? [r.source, path.dirname(r.path)] : ['missing'];
    };
    expect(await found({ binDir: dirs.flag, env })).toEqual(['bin-dir', dirs.flag]);
    expect(await found({ env })).toEqual(['bin-dir', dirs.env]);
    await rm(dirs.env, { recursive: true });
    expect(await found({ env })).toEqual(['cache', cacheDir]);
    await rm(cacheDir, { recursive: true });
    expect(await found({ env })).toEqual(['path', dirs.path]);
    await rm(dirs.path, { recursive: true });
    expect(await found({ env })).toEqual(['system', dirs.sbin]);
  });

  it('looks in the cache only at the pinned version', async () => {
    await put(projectBinDir(dirs.cache, 'etcd', 'v3.5.0'), 'etcd');
    const r = await resolveBinary('etcd', options());
    expect(r.found).toBe(false);
  });

  it('skips files that are not executable, folders, and temp files', async () => {
    await put(dirs.path, 'runc', 0o644);
    await mkdir(path.join(dirs.sbin, 'runc'), { recursive: true });
    await put(projectBinDir(dirs.cache, 'runc', versions.runc), '.tmp-1-00ff-runc');
    const r = await resolveBinary('runc', options());
    expect(r.found).toBe(false);
    if (!r.found)
      expect(r.searched).toEqual([projectBinDir(dirs.cache, 'runc', versions.runc), dirs.path, dirs.sbin]);
  });

  it('finds CNI plugins in Debian /usr/lib/cni or /opt/cni/bin, never on PATH', async () => {
    await put(dirs.path, 'bridge');
    await put(dirs.optcni, 'bridge');
    const fromOpt = await resolveBinary('bridge', options());
    expect(fromOpt.found && fromOpt.path).toBe(path.join(dirs.optcni, 'bridge'));
    await put(dirs.cni, 'bridge');
    const fromLib = await resolveBinary('bridge', options());
    expect(fromLib.found && [fromLib.source, fromLib.path]).toEqual([
      'system',
      path.join(dirs.cni, 'bridge'),
    ]);
  });

  it('says how to get what is missing', async () => {
    const hints = Object.fromEntries(
      (await resolveAll(options())).map((r) => [r.name, r.found ? 'found' : r.hint]),
    );
    expect(hints['kube-apiserver']).toBe(
      `run \`demystify fetch\` to download kube-apiserver ${versions.kubernetes}`,
    );
    expect(hints.ctr).toMatch(/or `apt-get install containerd`$/);
    expect(hints.runc).toMatch(/or `apt-get install runc`$/);
    expect(hints.portmap).toMatch(/or `apt-get install containernetworking-plugins`$/);
  });

  it('has one hint for several missing binaries of a project', () => {
    expect(missingProjectHint('kubernetes', 'v1.37.2')).toBe(
      'run `demystify fetch` to download Kubernetes v1.37.2',
    );
    expect(missingProjectHint('cni', 'v1.9.1')).toBe(
      'run `demystify fetch` to download the CNI plugins v1.9.1, or `apt-get install containernetworking-plugins`',
    );
  });
});

describe('shellEnvironment', () => {
  it('puts bin-dir and cache folders first, adds missing system folders last, and names the CNI dir', async () => {
    const k8s = projectBinDir(dirs.cache, 'kubernetes', versions.kubernetes);
    await put(dirs.flag, 'etcd');
    await put(k8s, 'kubelet');
    await put(k8s, 'kubectl');
    await put(dirs.sbin, 'runc');
    await put(dirs.path, 'containerd');
    for (const p of ['bridge', 'host-local', 'loopback', 'portmap']) await put(dirs.cni, p);
    const resolved = await resolveAll(options({ binDir: dirs.flag }));
    const shell = shellEnvironment(resolved, `${dirs.path}${path.delimiter}/bin`);
    expect(shell.prepended).toEqual([dirs.flag, k8s]);
    expect(shell.PATH.split(path.delimiter)).toEqual([dirs.flag, k8s, dirs.path, '/bin', dirs.sbin]);
    expect(shell.cniBinDir).toBe(dirs.cni);
    expect(shell.problems).toEqual([]);
  });

  it('reports CNI plugins split across folders', async () => {
    await put(dirs.cni, 'bridge');
    for (const p of ['host-local', 'loopback', 'portmap']) await put(dirs.optcni, p);
    const shell = shellEnvironment(await resolveAll(options()), '');
    expect(shell.problems).toEqual([
      `CNI plugins host-local, loopback, portmap are not in ${dirs.cni} with bridge`,
    ]);
  });
});
