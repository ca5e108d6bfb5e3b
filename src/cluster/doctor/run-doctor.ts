// `demystify doctor`: every check at once (they are independent, and the
// slow ones are network and process timeouts), rows in a fixed order.
import { checkMirror, mirroredUrl } from '../binaries/release-urls.js';
import type { ResolveOptions } from '../binaries/resolve.js';
import { checkBinaries } from './binary-checks.js';
import type { DoctorRow } from './doctor-row.js';
import {
  checkCgroups,
  checkInternet,
  checkIptables,
  checkNodeNetwork,
  checkNodeTools,
  checkPlatform,
  checkPorts,
  checkPrivileges,
  checkSwap,
  workshopPorts,
} from './host-checks.js';
import { networkPlan } from '../../host/plan.js';
import { hostProbes, type HostProbes } from './probes.js';

export interface DoctorOptions {
  /** Defaults to the real host, resolving binaries with `resolve`. */
  readonly probes?: HostProbes;
  readonly resolve?: ResolveOptions;
  /** When set, reachability is tested against the mirror instead of dl.k8s.io. */
  readonly mirror?: string | undefined;
  /** Overrides the reachability URL entirely (tests point it at loopback). */
  readonly internetUrl?: string;
  readonly ports?: readonly number[];
  readonly versionTimeoutMs?: number;
}

const stableUrl = 'https://dl.k8s.io/release/stable.txt';

export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorRow[]> {
  const probes = options.probes ?? hostProbes(options.resolve ?? {});
  const mirror = options.mirror || options.resolve?.env?.DEMYSTIFY_MIRROR || process.env.DEMYSTIFY_MIRROR;
  const usableMirror = mirror && checkMirror(mirror) === undefined ? mirror : undefined;
  const internetUrl = options.internetUrl ?? mirroredUrl(stableUrl, usableMirror);
  const [host, binaries, internet] = await Promise.all([
    Promise.all([
      checkPlatform(probes),
      checkPrivileges(probes),
      checkCgroups(probes),
      checkSwap(probes),
      checkNodeTools(probes),
      checkIptables(probes),
      checkNodeNetwork(probes, networkPlan('000000').cidr),
      checkPorts(probes, options.ports ?? workshopPorts),
    ]),
    probes.resolveBinaries().then((resolved) =>
      checkBinaries(probes, resolved, {
        timeoutMs: options.versionTimeoutMs,
        versions: options.resolve?.versions,
      }),
    ),
    checkInternet(probes, internetUrl).catch((error: unknown): DoctorRow => ({
      check: 'internet',
      status: 'warn',
      detail: String(error),
    })),
  ]);
  return [...host, ...binaries, internet];
}
