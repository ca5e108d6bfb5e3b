// IPv4 helpers for certificate SANs. The apiserver answers in-cluster clients
// on the first address of --service-cluster-ip-range (the `kubernetes`
// Service), so that address has to be in the serving certificate.

export class InvalidAddressError extends Error {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`"${input}" ${reason}`);
    this.name = 'InvalidAddressError';
  }
}

/** Parses dotted-quad IPv4 text into a 32-bit unsigned number. */
export function parseIpv4(text: string): number {
  if (text.includes(':')) throw new InvalidAddressError(text, 'is IPv6; only IPv4 is supported here');
  const parts = text.trim().split('.');
  if (parts.length !== 4) throw new InvalidAddressError(text, 'is not an IPv4 address (expected a.b.c.d)');
  let value = 0;
  for (const part of parts) {
    // Reject leading zeros: some parsers read them as octal, so "010" is ambiguous.
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) {
      throw new InvalidAddressError(text, `is not an IPv4 address ("${part}" is not a number from 0 to 255)`);
    }
    value = value * 256 + Number(part);
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function isIpv4(text: string): boolean {
  try {
    parseIpv4(text);
    return true;
  } catch {
    return false;
  }
}

export interface Ipv4Cidr {
  readonly network: number;
  readonly prefix: number;
}

/** Parses "10.96.0.0/12". Host bits must be zero, as the apiserver requires. */
export function parseCidr(text: string): Ipv4Cidr {
  const match = /^([^/]+)\/(\d+)$/.exec(text.trim());
  if (!match)
    throw new InvalidAddressError(text, 'is not an IPv4 CIDR (expected a.b.c.d/prefix, e.g. 10.0.0.0/24)');
  const address = parseIpv4(match[1] ?? '');
  const prefix = Number(match[2]);
  if (prefix > 32) throw new InvalidAddressError(text, 'has a prefix longer than 32 bits');
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) {
    const network = formatIpv4(address - (address % size));
    throw new InvalidAddressError(text, `has host bits set (did you mean ${network}/${prefix}?)`);
  }
  return { network: address, prefix };
}

/**
 * The first usable address of a service range: 10.0.0.0/24 -> 10.0.0.1,
 * 10.96.0.0/12 -> 10.96.0.1. The apiserver gives it to the `kubernetes` Service.
 */
export function firstServiceIp(serviceCidr: string): string {
  const { network, prefix } = parseCidr(serviceCidr);
  // A /31 or /32 has no room for the network address plus a Service.
  if (prefix > 30)
    throw new InvalidAddressError(serviceCidr, 'is too small for a service range (use /30 or larger)');
  return formatIpv4(network + 1);
}
