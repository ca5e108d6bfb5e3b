// What the workshop could change on the host, as text, so a test can take it
// before and after and compare: links, addresses, routes, rules, packet
// filter rule sets, the kernel settings the components touch, the kernel's
// loaded modules, mounts, named network namespaces, demystify's cgroups, and
// the processes of a node.
import { execaSync } from 'execa';
import fs from 'node:fs';

const sh = (cmd: string): string => execaSync('bash', ['-c', cmd], { reject: false }).stdout;

/** The settings the kubelet, the bridge plugin and kube-proxy change on a real node. */
export const TOUCHED_SYSCTLS = [
  'vm/overcommit_memory',
  'vm/panic_on_oom',
  'kernel/panic',
  'kernel/panic_on_oops',
  'kernel/keys/root_maxkeys',
  'kernel/keys/root_maxbytes',
  'net/ipv4/ip_forward',
  'net/ipv4/conf/all/route_localnet',
  'net/ipv4/conf/all/forwarding',
  'net/bridge/bridge-nf-call-iptables',
  'net/netfilter/nf_conntrack_max',
];

/** Rule sets without what changes by itself: generation comments and packet counters. */
const ruleSet = (cmd: string): string =>
  sh(`${cmd} 2>/dev/null`)
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .map((l) => l.replace(/\[\d+:\d+\]/g, '[]'))
    .join('\n');

export function hostSnapshot(): Record<string, string> {
  return {
    links: sh('ip -d -o link show | sed -E "s/^[0-9]+: //"'),
    addresses: sh('ip -o address show'),
    routes: sh('ip route show table all; ip -6 route show table all'),
    rules: sh('ip rule show; ip -6 rule show'),
    iptables: ruleSet('iptables-save'),
    ip6tables: ruleSet('ip6tables-save'),
    nft: sh('nft list ruleset 2>/dev/null'),
    sysctls: TOUCHED_SYSCTLS.map((k) => {
      try {
        return `${k}=${fs.readFileSync(`/proc/sys/${k}`, 'utf8').trim()}`;
      } catch {
        return `${k} (none)`;
      }
    }).join('\n'),
    // A node's processes are root in the host's kernel: a module they load (bridge, br_netfilter, overlay,
    // an xt_ match) stays loaded after them. Names only (use counts change with any traffic); a kernel built
    // without modules has no /proc/modules, and says so both times.
    modules: sh('cut -d" " -f1 /proc/modules 2>/dev/null | sort || true') || '(no loadable modules)',
    mounts: sh('findmnt -r -n -o TARGET,FSTYPE | sort'),
    netns: sh('ls /run/netns 2>/dev/null'),
    cgroups: sh('find /sys/fs/cgroup -maxdepth 2 -name "demystify-*" 2>/dev/null | sort'),
    nodes: sh(
      'ps -eo args | grep -E "demystify-(node-agent|root-helper)|[c]ontainerd-shim|agent-main.js|helper-main.js" | grep -v grep',
    ),
  };
}

/** "key: first differing line" for every part that changed; empty when the host is as it was. */
export function hostDiff(before: Record<string, string>, after: Record<string, string>): string[] {
  const out: string[] = [];
  for (const key of Object.keys(before)) {
    if (before[key] === after[key]) continue;
    const a = new Set(before[key]!.split('\n'));
    const b = new Set(after[key]!.split('\n'));
    const added = [...b].filter((l) => !a.has(l));
    const removed = [...a].filter((l) => !b.has(l));
    out.push(`${key}: +${JSON.stringify(added.slice(0, 5))} -${JSON.stringify(removed.slice(0, 5))}`);
  }
  return out;
}
