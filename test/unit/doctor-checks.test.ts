// The doctor's decisions on hosts described as data.
import { describe, expect, it } from 'vitest';
import type { Resolution } from '../../src/cluster/binaries/resolve.js';
import { parseVersion } from '../../src/cluster/doctor/binary-checks.js';
import { doctorPassed, type DoctorRow } from '../../src/cluster/doctor/doctor-row.js';
import type { ExecResult, HostProbes } from '../../src/cluster/doctor/probes.js';
import { runDoctor } from '../../src/cluster/doctor/run-doctor.js';
import { binaryNames, defaultVersions, type BinaryName } from '../../src/cluster/versions.js';

const found = (name: BinaryName, dir = '/cache'): Resolution => ({
  name,
  found: true,
  path: `${dir}/${name}`,
  source: dir === '/cache' ? 'cache' : 'system',
});

interface Host {
  files: Record<string, string>;
  uid: number;
  platform: string;
  arch: string;
  busy: Record<number, string>;
  offline: string | undefined;
  resolved: Resolution[];
  exec: (file: string, args: readonly string[]) => ExecResult;
}

function host(overrides: Partial<Host> = {}): HostProbes & { calls: string[] } {
  const h: Host = {
    files: {
      '/proc/self/mounts': 'proc /proc proc rw 0 0\ncgroup2 /sys/fs/cgroup cgroup2 rw 0 0\n',
      '/proc/1/comm': 'systemd\n',
      '/proc/swaps': 'Filename\tType\tSize\tUsed\tPriority\n',
      '/proc/sys/net/ipv4/ip_forward': '1\n',
    },
    uid: 0,
    platform: 'linux',
    arch: 'x64',
    busy: {},
    offline: undefined,
    resolved: binaryNames.map((n) =>
      found(
        n,
        n === 'bridge' || n === 'host-local' || n === 'loopback' || n === 'portmap'
          ? '/usr/lib/cni'
          : '/cache',
      ),
    ),
    exec: (file) => {
      if (file === 'iptables') return { ok: true, output: 'iptables v1.8.9 (nf_tables)\n' };
      if (file.endsWith('/bridge'))
        return {
          ok: false,
          output: 'CNI bridge plugin v1.9.1\nCNI protocol versions supported: 0.1.0, 1.1.0\n',
          error: 'exit 1',
        };
      if (file.endsWith('/etcd'))
        return { ok: true, output: 'etcd Version: 3.6.16\nGit SHA: abc\nGo Version: go1.24.1\n' };
      return { ok: true, output: 'Kubernetes v1.37.2\n' };
    },
    ...overrides,
  };
  const calls: string[] = [];
  return {
    calls,
    platform: h.platform,
    arch: h.arch,
    uid: () => h.uid,
    exec: async (file, args) => {
      calls.push([file, ...args].join(' '));
      return h.exec(file, args);
    },
    readText: async (file) => h.files[file],
    portBusy: async (port) => h.busy[port],
    reach: async () => h.offline,
    resolveBinaries: async () => h.resolved,
  };
}

const row = (rows: DoctorRow[], check: string): DoctorRow | undefined => rows.find((r) => r.check === check);

describe('runDoctor', () => {
  it('passes a healthy cgroup v2 host, asking each binary its version', async () => {
    const probes = host();
    const rows = await runDoctor({ probes });
    expect(rows.filter((r) => r.status !== 'ok')).toEqual([]);
    expect(doctorPassed(rows)).toBe(true);
    expect(row(rows, 'kube-apiserver')?.detail).toBe('v1.37.2 in the cache');
    expect(row(rows, 'etcd')?.detail).toBe('v3.6.16 in the cache');
    expect(row(rows, 'CNI plugins')?.detail).toBe('v1.9.1 in /usr/lib/cni');
    expect(row(rows, 'ports')?.detail).toBe('2379 2380 6443 10250 10257 10259 free');
    expect(probes.calls).toContain('/cache/kubectl version --client');
    expect(rows.map((r) => r.check).slice(0, 7)).toEqual([
      'OS/arch',
      'root/sudo',
      'cgroups',
      'swap',
      'iptables',
      'ip_forward',
      'ports',
    ]);
    expect(rows.at(-1)?.check).toBe('internet');
  });

  it('only warns on our Debian VMs: cgroup v1, no systemd, ip_forward off, offline', async () => {
    const probes = host({
      files: {
        '/proc/self/mounts':
          'tmpfs /sys/fs/cgroup tmpfs ro 0 0\ncgroup /sys/fs/cgroup/memory cgroup rw 0 0\n',
        '/proc/1/comm': 'bash\n',
        '/proc/swaps': 'Filename\tType\tSize\tUsed\tPriority\n',
        '/proc/sys/net/ipv4/ip_forward': '0\n',
      },
      offline: 'ENOTFOUND',
    });
    const rows = await runDoctor({ probes });
    expect(doctorPassed(rows)).toBe(true);
    expect(row(rows, 'cgroups')).toMatchObject({
      status: 'warn',
      detail: 'v1: kubelet needs failCgroupV1: false and cgroupDriver: cgroupfs',
    });
    expect(row(rows, 'ip_forward')).toMatchObject({
      status: 'warn',
      detail: 'off; the bridge CNI plugin turns it on',
    });
    expect(row(rows, 'internet')).toMatchObject({
      status: 'warn',
      detail: 'cannot reach dl.k8s.io: ENOTFOUND',
    });
  });

  it('notes the cgroupfs driver on a v2 host without systemd', async () => {
    const probes = host({
      files: { '/proc/self/mounts': 'cgroup2 /sys/fs/cgroup cgroup2 rw 0 0\n', '/proc/1/comm': 'tini\n' },
    });
    const rows = await runDoctor({ probes });
    expect(row(rows, 'cgroups')?.detail).toBe(
      'v2 (unified); systemd is not PID 1, so cgroupDriver: cgroupfs',
    );
  });

  it('fails on what stops the workshop: busy port, no sudo, missing binary, wrong OS', async () => {
    const probes = host({
      platform: 'darwin',
      arch: 'arm64',
      uid: 1000,
      busy: { 6443: 'EADDRINUSE', 2379: 'EADDRINUSE' },
      resolved: binaryNames.map((n) =>
        n === 'kubelet' ? { name: n, found: false, hint: 'run `demystify fetch`', searched: [] } : found(n),
      ),
      exec: (file) =>
        file === 'sudo'
          ? { ok: false, output: 'sudo: a password is required\n', error: 'exit 1' }
          : { ok: true, output: 'iptables v1.8.9 (legacy)\n' },
    });
    const rows = await runDoctor({ probes });
    expect(doctorPassed(rows)).toBe(false);
    expect(rows.filter((r) => r.status === 'fail').map((r) => r.check)).toEqual([
      'OS/arch',
      'root/sudo',
      'ports',
      'kubelet',
    ]);
    expect(row(rows, 'ports')?.detail).toBe('in use on 127.0.0.1: 2379, 6443');
    expect(row(rows, 'kubelet')).toMatchObject({ detail: 'not found', fix: 'run `demystify fetch`' });
    expect(row(rows, 'iptables')?.status).toBe('warn');
    expect(row(rows, 'root/sudo')?.detail).toMatch(/^not root, and sudo asks for a password/);
  });

  it('warns on swap and an old etcd, fails on a binary that cannot run and missing iptables', async () => {
    const probes = host({
      files: {
        '/proc/self/mounts': 'cgroup2 /sys/fs/cgroup cgroup2 rw 0 0\n',
        '/proc/swaps': 'Filename\tType\tSize\tUsed\tPriority\n/swapfile file 1024 0 -2\n',
        '/proc/sys/net/ipv4/ip_forward': '1',
      },
      resolved: binaryNames.map((n) => found(n, n === 'etcd' ? '/usr/bin' : '/cache')),
      exec: (file) => {
        if (file === 'iptables') return { ok: false, output: '', error: 'ENOENT', notStarted: true };
        if (file === '/usr/bin/etcd') return { ok: true, output: 'etcd Version: 3.4.23\n' };
        if (file === '/cache/kube-proxy')
          return { ok: false, output: '', error: 'ENOEXEC', notStarted: true };
        return { ok: true, output: 'v1.37.2' };
      },
    });
    const rows = await runDoctor({ probes });
    expect(row(rows, 'swap')).toMatchObject({
      status: 'warn',
      detail: 'on (1 device): kubelet refuses to start unless failSwapOn: false',
    });
    expect(row(rows, 'etcd')).toMatchObject({
      status: 'warn',
      detail: 'v3.4.23 at /usr/bin/etcd: too old for current Kubernetes (needs 3.5.24+)',
    });
    expect(row(rows, 'kube-proxy')).toMatchObject({
      status: 'fail',
      detail: '/cache/kube-proxy does not run here (ENOEXEC)',
    });
    expect(row(rows, 'iptables')).toMatchObject({ status: 'fail', fix: '`apt-get install iptables`' });
  });

  it('groups missing CNI plugins into one row with the apt hint', async () => {
    const probes = host({
      resolved: binaryNames.map((n) =>
        n === 'portmap' || n === 'loopback'
          ? {
              name: n,
              found: false,
              hint: `run \`demystify fetch\` to download ${n} v1.9.1, or \`apt-get install containernetworking-plugins\``,
              searched: [],
            }
          : found(n),
      ),
    });
    const rows = await runDoctor({ probes });
    expect(row(rows, 'CNI plugins')).toEqual({
      check: 'CNI plugins',
      status: 'fail',
      detail: 'not found: loopback, portmap',
      fix: `run \`demystify fetch\` to download the CNI plugins ${defaultVersions.cni}, or \`apt-get install containernetworking-plugins\``,
    });
  });
});

it('groups several missing binaries of one project into one row', async () => {
  const missing = new Set<BinaryName>(['kube-scheduler', 'kubelet', 'etcd']);
  const probes = host({
    resolved: binaryNames.map((n) =>
      missing.has(n) ? { name: n, found: false, hint: `fetch ${n}`, searched: [] } : found(n),
    ),
  });
  const rows = (await runDoctor({ probes })).filter((r) => r.status === 'fail');
  expect(rows).toEqual([
    { check: 'etcd', status: 'fail', detail: 'not found', fix: 'fetch etcd' },
    {
      check: 'kubernetes',
      status: 'fail',
      detail: 'not found: kube-scheduler, kubelet',
      fix: `run \`demystify fetch\` to download Kubernetes ${defaultVersions.kubernetes}`,
    },
  ]);
});

describe('parseVersion', () => {
  it.each([
    ['Kubernetes v1.37.2', 'v1.37.2'],
    ['etcdctl version: 3.6.16\nAPI version: 3.6', 'v3.6.16'],
    ['containerd github.com/containerd/containerd v1.6.20~ds1 1.6.20~ds1-1+b1', 'v1.6.20'],
    ['runc version 1.1.5+ds1\ncommit: 1.1.5', 'v1.1.5+ds1'],
    ['containerd-shim-runc-v2:\n  Version:  v2.3.7\n', 'v2.3.7'],
  ])('reads %j', (output, version) => {
    expect(parseVersion(output)).toBe(version);
  });

  it('reads CNI plugins from their first line only', () => {
    expect(
      parseVersion('CNI bridge plugin version unknown\nCNI protocol versions supported: 0.1.0', true),
    ).toBeUndefined();
  });
});
