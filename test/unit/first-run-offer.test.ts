// The first-run offer and `doctor` agree on a machine that cannot run the
// workshop: one sentence, and no download offered (the CPU alone has a
// release on a Mac; the OS is what rules it out).
import { describe, expect, it } from 'vitest';
import { fetchOffer, unsupportedHost } from '../../src/cluster/binaries/offer.js';
import { checkPlatform } from '../../src/cluster/doctor/host-checks.js';
import type { HostProbes } from '../../src/cluster/doctor/probes.js';
import { defaultVersions } from '../../src/cluster/versions.js';

const linuxVersion = 'Linux version 6.1.0 (gcc) #1 SMP Debian';
const probes = (platform: string, arch: string) =>
  ({ platform, arch, readText: () => Promise.resolve(linuxVersion) }) as unknown as HostProbes;

describe('a machine that cannot run the workshop', () => {
  it.each([
    ['darwin', 'arm64'],
    ['win32', 'x64'],
    ['linux', 'ia32'],
  ])('%s %s: one sentence, no download offered, doctor says the same', async (platform, arch) => {
    const why = unsupportedHost(platform, arch);
    expect(why).toBeDefined();
    expect(why).toContain(`${platform} ${arch}`);
    // One sentence: no full stop inside, no second line.
    expect(why).not.toMatch(/\.\s|\n/);
    expect(fetchOffer(['kubelet', 'etcd'], defaultVersions, undefined, arch, platform)).toBeUndefined();
    expect(await checkPlatform(probes(platform, arch))).toMatchObject({ status: 'fail', detail: why });
  });

  it('Linux on amd64 or arm64 is offered the download, and doctor passes it', async () => {
    for (const arch of ['x64', 'arm64']) {
      expect(unsupportedHost('linux', arch)).toBeUndefined();
      const offer = fetchOffer(['kubelet', 'etcd'], defaultVersions, undefined, arch, 'linux');
      expect(offer?.projects.map((p) => p.project)).toEqual(['kubernetes', 'etcd']);
      expect((await checkPlatform(probes('linux', arch))).status).toBe('ok');
    }
  });
});
