// Checks of the host itself: can it run Kubernetes components at all, and
// which of its settings the lessons' configs must account for. Each check is
// a function from probes to one row; none throws.
import { unsupportedHost } from '../binaries/offer.js';
import { releaseArch } from '../binaries/release-urls.js';
import { rangeQueries, rangeUsers } from '../../host/range-users.js';
import { describeAccess, detectRootAccess, SUDO } from '../../host/root-access.js';
import type { DoctorRow } from './doctor-row.js';
import type { HostProbes } from './probes.js';

/** The control plane's ports on 127.0.0.1 (node components listen inside their nodes). */
export const workshopPorts = [2379, 2380, 6443, 10257, 10259] as const;

export async function checkPlatform(probes: HostProbes): Promise<DoctorRow> {
  // The same sentence the first run refuses with, so the two agree.
  const unsupported = unsupportedHost(probes.platform, probes.arch);
  if (unsupported) return { check: 'OS/arch', status: 'fail', detail: unsupported };
  // WSL 1 translates Linux calls and has no namespaces or cgroups; WSL 2 is a real Linux kernel.
  const version = (await probes.readText('/proc/version')) ?? '';
  if (/Microsoft/.test(version) && !/microsoft-standard|WSL2/i.test(version))
    return {
      check: 'OS/arch',
      status: 'fail',
      detail: 'WSL 1: it has no namespaces, cgroups or bridges, so containers cannot run',
      fix: '`wsl --set-version <distro> 2`, then run demystify in WSL 2',
    };
  return { check: 'OS/arch', status: 'ok', detail: `linux ${releaseArch(probes.arch)}` };
}

export async function checkPrivileges(probes: HostProbes): Promise<DoctorRow> {
  const check = 'root/sudo';
  const access = await detectRootAccess({
    uid: () => probes.uid() ?? -1,
    env: process.env,
    // -n: never prompt, so the doctor never hangs on a password.
    sudo: async (args) => {
      const r = await probes.exec(SUDO, args, 3000);
      if (r.notStarted && r.error === 'ENOENT') return 'ENOENT';
      return { code: r.ok ? 0 : 1, stderr: r.output };
    },
  });
  const detail = describeAccess(access);
  if (access.kind !== 'none') return { check, status: 'ok', detail };
  return {
    check,
    status: 'fail',
    detail: `${detail}; the node chapters (containerd onwards) run their components as root`,
    fix: 'install sudo and allow this user to use it (or run demystify as root)',
  };
}

/** The programs a node is made with (util-linux, iproute2). */
export async function checkNodeTools(probes: HostProbes): Promise<DoctorRow> {
  const tools = ['unshare', 'nsenter', 'setpriv', 'ip', 'mount'];
  const found = await Promise.all(
    tools.map(async (t) => ({ t, r: await probes.exec(t, ['--version'], 3000) })),
  );
  const missing = found.filter((f) => f.r.notStarted && f.r.error === 'ENOENT').map((f) => f.t);
  if (!missing.length) return { check: 'node tools', status: 'ok', detail: tools.join(', ') };
  return {
    check: 'node tools',
    status: 'fail',
    detail: `missing ${missing.join(', ')}: nodes are made of namespaces with these`,
    fix: "`apt-get install util-linux iproute2` (or your distribution's packages of the same names)",
  };
}

/** The node network's range must not be one this machine already uses. */
export async function checkNodeNetwork(probes: HostProbes, cidr: string): Promise<DoctorRow> {
  const [addrs, routes] = await Promise.all(rangeQueries(cidr).map(([f, a]) => probes.exec(f, a, 3000)));
  if (!addrs!.ok || !routes!.ok)
    return { check: 'node network', status: 'warn', detail: `cannot ask \`ip\` about ${cidr}` };
  const used = rangeUsers(addrs!.output, routes!.output);
  if (!used.length) return { check: 'node network', status: 'ok', detail: `${cidr} is free` };
  return {
    check: 'node network',
    status: 'fail',
    detail: `${cidr} is already in use here: ${used[0]}`,
    fix: 'quit the other demystify session (or the VPN/container network that uses this range)',
  };
}

export async function checkPorts(
  probes: HostProbes,
  ports: readonly number[] = workshopPorts,
): Promise<DoctorRow> {
  const results = await Promise.all(ports.map(async (port) => ({ port, busy: await probes.portBusy(port) })));
  const inUse = results.filter((r) => r.busy === 'EADDRINUSE').map((r) => r.port);
  const odd = results.filter((r) => r.busy !== undefined && r.busy !== 'EADDRINUSE');
  if (inUse.length > 0) {
    return {
      check: 'ports',
      status: 'fail',
      detail: `in use on 127.0.0.1: ${inUse.join(', ')}`,
      fix: `stop what listens there (see \`ss -ltnp\`); an earlier cluster may still be running`,
    };
  }
  if (odd.length > 0) {
    const list = odd.map((r) => `${r.port} (${r.busy})`).join(', ');
    return { check: 'ports', status: 'warn', detail: `could not test ${list}` };
  }
  return { check: 'ports', status: 'ok', detail: `${ports.join(' ')} free` };
}

/** cgroup v1 or v2, from how /sys/fs/cgroup is mounted. */
export async function checkCgroups(probes: HostProbes): Promise<DoctorRow> {
  const [mounts, pid1] = await Promise.all([
    probes.readText('/proc/self/mounts'),
    probes.readText('/proc/1/comm'),
  ]);
  const fsType = mounts
    ?.split('\n')
    .map((line) => line.split(' '))
    .find((fields) => fields[1] === '/sys/fs/cgroup')?.[2];
  // systemd is the only cgroup driver besides cgroupfs, and needs to be PID 1.
  const noSystemd = pid1 !== undefined && pid1.trim() !== 'systemd';
  const driver = noSystemd ? '; systemd is not PID 1, so cgroupDriver: cgroupfs' : '';
  if (fsType === 'cgroup2') return { check: 'cgroups', status: 'ok', detail: `v2 (unified)${driver}` };
  if (fsType === 'tmpfs' || fsType === 'cgroup') {
    return {
      check: 'cgroups',
      status: 'warn',
      detail: 'v1: kubelet needs failCgroupV1: false and cgroupDriver: cgroupfs',
      fix: 'the lessons set both; a cgroup v2 host avoids the deprecated path',
    };
  }
  return {
    check: 'cgroups',
    status: 'fail',
    detail: mounts === undefined ? 'cannot read /proc/self/mounts' : 'nothing is mounted on /sys/fs/cgroup',
    fix: 'mount the cgroup2 filesystem on /sys/fs/cgroup',
  };
}

export async function checkSwap(probes: HostProbes): Promise<DoctorRow> {
  const swaps = await probes.readText('/proc/swaps');
  if (swaps === undefined) return { check: 'swap', status: 'warn', detail: 'cannot read /proc/swaps' };
  // The first line is a header.
  const active = swaps
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '').length;
  if (active === 0) return { check: 'swap', status: 'ok', detail: 'off' };
  return {
    check: 'swap',
    status: 'warn',
    detail: `on (${active} device${active === 1 ? '' : 's'}): kubelet refuses to start unless failSwapOn: false`,
    fix: '`swapoff -a`, or keep failSwapOn: false in the kubelet config',
  };
}

export async function checkIptables(probes: HostProbes): Promise<DoctorRow> {
  const result = await probes.exec('iptables', ['--version'], 3000);
  if (result.notStarted && result.error !== 'ENOENT') {
    return {
      check: 'iptables',
      status: 'warn',
      detail: `cannot run iptables (${result.error ?? 'unknown error'})`,
    };
  }
  if (result.notStarted) {
    return {
      check: 'iptables',
      status: 'fail',
      detail: 'iptables is not installed; kube-proxy and the portmap plugin need it',
      fix: '`apt-get install iptables`',
    };
  }
  const version = /v\d+(\.\d+)+/.exec(result.output)?.[0] ?? 'unknown version';
  if (result.output.includes('nf_tables'))
    return { check: 'iptables', status: 'ok', detail: `${version} (nf_tables)` };
  if (result.output.includes('legacy')) {
    return {
      check: 'iptables',
      status: 'warn',
      detail: `${version} (legacy): rules mix badly with nf_tables users on the same host`,
      fix: '`update-alternatives --set iptables /usr/sbin/iptables-nft`',
    };
  }
  return {
    check: 'iptables',
    status: 'warn',
    detail: `${version}, backend unknown: ${result.output.trim()}`,
  };
}

export async function checkInternet(probes: HostProbes, url: string): Promise<DoctorRow> {
  const host = new URL(url).host;
  const why = await probes.reach(url, 3000);
  if (why === undefined) return { check: 'internet', status: 'ok', detail: `${host} answers` };
  // Never a failure: with binaries in place the workshop runs offline.
  return {
    check: 'internet',
    status: 'warn',
    detail: `cannot reach ${host}: ${why}`,
    fix: 'behind a proxy: set HTTPS_PROXY; otherwise point --mirror <url> at a copy of the releases, or --bin-dir <dir> at binaries you have',
  };
}
