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
      // `ip` asked about the node network's range: nothing uses it.
      if (file === 'ip') return { ok: true, output: '' };
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
    expect(row(rows, 'ports')?.detail).toBe('2379 2380 6443 10257 10259 free');
    expect(row(rows, 'node network')?.detail).toBe('10.240.0.0/24 is free');
    expect(probes.calls).toContain('/cache/kubectl version --client');
    expect(probes.calls).toContain('/cache/coredns --version');
    expect(probes.calls).toContain('/cache/traefik version');
    expect(rows.map((r) => r.check).slice(0, 8)).toEqual([
      'OS/arch',
      'root/sudo',
      'cgroups',
      'swap',
      'node tools',
      'iptables',
      'node network',
      'ports',
    ]);
    expect(rows.at(-1)?.check).toBe('internet');
  });

  it('only warns on our Debian VMs: cgroup v1, no systemd, offline', async () => {
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
        file === '/usr/bin/sudo'
          ? { ok: false, output: '', error: 'ENOENT', notStarted: true }
          : file === 'ip'
            ? { ok: true, output: '' }
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
    expect(row(rows, 'root/sudo')?.detail).toMatch(/^not root, and sudo is not installed/);
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
    ['CoreDNS-1.15.0\nlinux/amd64, go1.26.8, go-module-v1.15.0\n', 'v1.15.0'],
    ['Version:      3.6.12\nCodename:     ramequin\nGo version:   go1.26.8\n', 'v3.6.12'],
  ])('reads %j', (output, version) => {
    expect(parseVersion(output)).toBe(version);
  });

  it('reads CNI plugins from their first line only', () => {
    expect(
      parseVersion('CNI bridge plugin version unknown\nCNI protocol versions supported: 0.1.0', true),
    ).toBeUndefined();
  });
});

describe('the root/sudo row', () => {
  const sudoSays = (result: ExecResult) =>
    host({
      uid: 1000,
      exec: (file) =>
        file === '/usr/bin/sudo'
          ? result
          : file === 'ip'
            ? { ok: true, output: '' }
            : { ok: true, output: '' },
    });
  const sudoRow = async (probes: HostProbes): Promise<DoctorRow | undefined> =>
    row(await runDoctor({ probes }), 'root/sudo');

  it('root', async () => {
    expect(await sudoRow(host({ uid: 0 }))).toMatchObject({ status: 'ok', detail: 'running as root' });
  });

  it('passwordless sudo', async () => {
    expect(await sudoRow(sudoSays({ ok: true, output: '' }))).toMatchObject({
      status: 'ok',
      detail: 'not root; sudo works without a password',
    });
  });

  it('sudo with a password: asked once by demystify, not a failure', async () => {
    const r = await sudoRow(
      sudoSays({ ok: false, output: 'sudo: a password is required\n', error: 'exit 1' }),
    );
    expect(r?.status).toBe('ok');
    expect(r?.detail).toMatch(/sudo asks for your password: demystify asks for it once/);
  });

  it('no sudo at all', async () => {
    const r = await sudoRow(sudoSays({ ok: false, output: '', error: 'ENOENT', notStarted: true }));
    expect(r).toMatchObject({
      status: 'fail',
      fix: 'install sudo and allow this user to use it (or run demystify as root)',
    });
    expect(r?.detail).toMatch(/^not root, and sudo is not installed/);
  });

  it('sudo that refuses outright', async () => {
    const r = await sudoRow(
      sudoSays({ ok: false, output: 'sudo: account validation failure\n', error: 'exit 1' }),
    );
    expect(r?.status).toBe('fail');
    expect(r?.detail).toMatch(/sudo refuses: account validation failure/);
  });
});

describe('machines that cannot run nodes', () => {
  it('WSL 1 fails with what to do instead; WSL 2 passes', async () => {
    const wsl1 = host({
      files: { '/proc/version': 'Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com)' },
    });
    expect(row(await runDoctor({ probes: wsl1 }), 'OS/arch')).toMatchObject({
      status: 'fail',
      fix: '`wsl --set-version <distro> 2`, then run demystify in WSL 2',
    });
    const wsl2 = host({ files: { '/proc/version': 'Linux version 5.15.153.1-microsoft-standard-WSL2' } });
    expect(row(await runDoctor({ probes: wsl2 }), 'OS/arch')?.status).toBe('ok');
  });

  it('a machine without the tools nodes are made with', async () => {
    const probes = host({
      exec: (file) =>
        file === 'setpriv'
          ? { ok: false, output: '', error: 'ENOENT', notStarted: true }
          : { ok: true, output: '' },
    });
    expect(row(await runDoctor({ probes }), 'node tools')).toMatchObject({ status: 'fail' });
  });

  it('a node network range this machine already uses', async () => {
    const probes = host({
      exec: (file, args) =>
        file === 'ip' && args.includes('route')
          ? { ok: true, output: '10.240.0.0/24 dev tun0 scope link\n' }
          : file === 'ip'
            ? { ok: true, output: '' }
            : { ok: true, output: 'Kubernetes v1.37.2\n' },
    });
    expect(row(await runDoctor({ probes }), 'node network')).toMatchObject({
      status: 'fail',
      detail: '10.240.0.0/24 is already in use here: 10.240.0.0/24 dev tun0 scope link',
    });
  });

  it('an address in the range, named with its interface', async () => {
    const probes = host({
      exec: (file, args) =>
        file === 'ip' && args.includes('addr')
          ? {
              ok: true,
              output:
                '127: dmy422829    inet 10.240.0.1/24 scope global dmy422829\\       valid_lft forever preferred_lft forever\n',
            }
          : file === 'ip'
            ? { ok: true, output: '' }
            : { ok: true, output: 'Kubernetes v1.37.2\n' },
    });
    expect(row(await runDoctor({ probes }), 'node network')?.detail).toBe(
      '10.240.0.0/24 is already in use here: 10.240.0.1/24 on dmy422829',
    );
  });
});
