// Who on this machine already uses an IPv4 range: an address in it, or a route
// into it. Asked by doctor (before a session) and by the root helper (before
// it makes the node network), with the same two `ip` questions and one way of
// naming what it found.

/** The two `ip` commands that answer it, as [file, args] pairs. */
export function rangeQueries(cidr: string): [string, string[]][] {
  return [
    ['ip', ['-o', '-4', 'addr', 'show', 'to', cidr]],
    ['ip', ['-4', 'route', 'show', 'root', cidr]],
  ];
}

/**
 * What the answers name, one entry each: an address as `10.240.0.1/24 on dmy1`
 * (from `127: dmy1    inet 10.240.0.1/24 scope global dmy1\ valid_lft…`), a route as it is.
 */
export function rangeUsers(addrOutput: string, routeOutput: string): string[] {
  return [...addrOutput.split('\n'), ...routeOutput.split('\n')]
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const addr = /^\d+:\s+(\S+)\s+inet\s+(\S+)/.exec(line);
      return addr ? `${addr[2]} on ${addr[1]}` : line;
    });
}
