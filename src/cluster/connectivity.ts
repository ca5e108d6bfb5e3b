// Whether chapters that need the internet (front matter `internet: true`) can
// run here, decided without sending a single packet: DEMYSTIFY_OFFLINE=1 says
// offline and DEMYSTIFY_OFFLINE=0 online, outright; otherwise a machine whose
// routing table has no default route (IPv4 or IPv6) is offline. A default
// route does not prove the internet answers (a firewall may stand in the
// way, as in a classroom that only reaches a mirror): DEMYSTIFY_OFFLINE=1 is
// for that.
import fs from 'node:fs';

export interface RouteTables {
  /** The text of /proc/net/route, or undefined when it cannot be read. */
  readonly ipv4: string | undefined;
  /** The text of /proc/net/ipv6_route. */
  readonly ipv6: string | undefined;
}

/** Why this machine counts as offline, or undefined when it counts as online. */
export function offlineReason(
  env: NodeJS.ProcessEnv = process.env,
  routes: RouteTables = readRouteTables(),
): string | undefined {
  const flag = env.DEMYSTIFY_OFFLINE;
  if (flag === '1' || flag === 'true') return 'DEMYSTIFY_OFFLINE=1 says this machine is offline';
  if (flag === '0' || flag === 'false') return undefined;
  if (routes.ipv4 === undefined && routes.ipv6 === undefined) return undefined; // not Linux: cannot tell, so try
  if (hasDefaultRoute(routes)) return undefined;
  return 'this machine has no default route, so nothing beyond it is reachable (DEMYSTIFY_OFFLINE=0 says otherwise)';
}

export function hasDefaultRoute(routes: RouteTables): boolean {
  const v4 = (routes.ipv4 ?? '')
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    // Iface Destination Gateway Flags ... Mask: destination and mask 0 is the default route.
    .some((f) => f[1] === '00000000' && f[7] === '00000000' && f[0] !== 'lo');
  const v6 = (routes.ipv6 ?? '')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    // dest prefixlen src srclen nexthop metric refcnt use flags iface; 0x200 is a reject route.
    .some(
      (f) =>
        f.length >= 10 &&
        /^0{32}$/.test(f[0] ?? '') &&
        f[1] === '00' &&
        f[9] !== 'lo' &&
        (parseInt(f[8] ?? '0', 16) & 0x200) === 0,
    );
  return v4 || v6;
}

function readRouteTables(): RouteTables {
  const read = (p: string): string | undefined => {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
  return { ipv4: read('/proc/net/route'), ipv6: read('/proc/net/ipv6_route') };
}
