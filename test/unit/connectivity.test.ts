// Offline detection for `internet: true` chapters: an explicit flag, else the
// routing table. Never a packet sent.
import { describe, expect, it } from 'vitest';
import { hasDefaultRoute, offlineReason } from '../../src/cluster/connectivity.js';

const HEADER = 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT';
const v4Default = `${HEADER}\neth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\neth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n`;
const v4Local = `${HEADER}\neth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n`;
const v6Default =
  '00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000002 00000000 00000003     eth0\n';
const v6Reject =
  '00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n';

describe('offline detection', () => {
  it('takes DEMYSTIFY_OFFLINE at its word, both ways', () => {
    const routes = { ipv4: v4Default, ipv6: '' };
    expect(offlineReason({ DEMYSTIFY_OFFLINE: '1' }, routes)).toBe(
      'DEMYSTIFY_OFFLINE=1 says this machine is offline',
    );
    expect(offlineReason({ DEMYSTIFY_OFFLINE: '0' }, { ipv4: v4Local, ipv6: v6Reject })).toBeUndefined();
  });

  it('reads a machine without a default route as offline', () => {
    expect(offlineReason({}, { ipv4: v4Default, ipv6: '' })).toBeUndefined();
    expect(offlineReason({}, { ipv4: v4Local, ipv6: v6Default })).toBeUndefined();
    expect(offlineReason({}, { ipv4: v4Local, ipv6: v6Reject })).toMatch(
      /^this machine has no default route/,
    );
    expect(hasDefaultRoute({ ipv4: `${HEADER}\n`, ipv6: undefined })).toBe(false);
  });

  it('cannot tell without a routing table, and then tries', () => {
    expect(offlineReason({}, { ipv4: undefined, ipv6: undefined })).toBeUndefined();
  });
});
