// One row per binary the workshop runs (the four CNI plugins share one row,
// since containerd needs them together in one folder): where it was found and
// the version it reports. Asking a binary for its version also proves it runs
// on this machine (right architecture, not a truncated file).
import path from 'node:path';
import { isCniPlugin, missingProjectHint, shellEnvironment, type Resolution } from '../binaries/resolve.js';
import { binaryProject, versionsFromEnv, type BinaryName, type Project, type Versions } from '../versions.js';
import type { DoctorRow } from './doctor-row.js';
import type { HostProbes } from './probes.js';

/** How to ask each binary its version when `--version` is not the way. */
const versionArgs: Partial<Record<BinaryName, readonly string[]>> = {
  kubectl: ['version', '--client'],
  etcdctl: ['version'],
  etcdutl: ['version'],
  'containerd-shim-runc-v2': ['-v'],
  // A subcommand: Traefik's own flag parser knows no --version.
  traefik: ['version'],
};

/**
 * The first version-looking token. CNI plugins only: the first line, because
 * later lines list protocol versions ("0.1.0, 0.2.0") that are not theirs.
 */
export function parseVersion(output: string, firstLineOnly = false): string | undefined {
  const text = firstLineOnly ? (output.trim().split('\n')[0] ?? '') : output;
  const match = /\bv?(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)/.exec(text);
  return match?.[1] === undefined ? undefined : `v${match[1]}`;
}

function where(r: Extract<Resolution, { found: true }>): string {
  switch (r.source) {
    case 'cache':
      return 'in the cache';
    case 'bin-dir':
      return `in ${path.dirname(r.path)}`;
    default:
      return `at ${r.path}`;
  }
}

async function versionRow(
  probes: HostProbes,
  label: string,
  r: Extract<Resolution, { found: true }>,
  timeoutMs: number,
): Promise<DoctorRow> {
  const cni = isCniPlugin(r.name);
  const run = await probes.exec(r.path, versionArgs[r.name] ?? ['--version'], timeoutMs);
  if (run.notStarted) {
    return {
      check: label,
      status: 'fail',
      detail: `${r.path} does not run here (${run.error ?? 'unknown error'})`,
      fix: 'it may be for another architecture; remove it and run `demystify fetch`',
    };
  }
  const version = parseVersion(run.output, cni);
  const detail = `${version ?? 'version unknown'} ${where(r)}`;
  if (r.name === 'etcd' && version && /^v3\.[0-4]\./.test(version)) {
    return {
      check: label,
      status: 'warn',
      detail: `${detail}: too old for current Kubernetes (needs 3.5.24+)`,
      fix: '`demystify fetch` puts a current etcd in the cache, which wins over PATH',
    };
  }
  return { check: label, status: 'ok', detail };
}

export interface BinaryCheckOptions {
  readonly timeoutMs?: number | undefined;
  /** For the hints; defaults to the pinned versions (and their env overrides). */
  readonly versions?: Versions | undefined;
}

/**
 * Found binaries get a row each; missing ones are grouped per project, so a
 * fresh machine gets "kubernetes: not found: ..." once, not six rows.
 */
export async function checkBinaries(
  probes: HostProbes,
  resolved: readonly Resolution[],
  options: BinaryCheckOptions = {},
): Promise<DoctorRow[]> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const versions = options.versions ?? versionsFromEnv();
  const rows: Promise<DoctorRow>[] = [];
  const reported = new Set<Project>();
  for (const r of resolved) {
    if (isCniPlugin(r.name)) continue;
    if (r.found) {
      rows.push(versionRow(probes, r.name, r, timeoutMs));
      continue;
    }
    const project = binaryProject[r.name];
    if (reported.has(project)) continue;
    reported.add(project);
    const missing = resolved.filter(
      (x) => !x.found && !isCniPlugin(x.name) && binaryProject[x.name] === project,
    );
    const row: DoctorRow =
      missing.length === 1
        ? { check: r.name, status: 'fail', detail: 'not found', fix: r.hint }
        : {
            check: project,
            status: 'fail',
            detail: `not found: ${missing.map((x) => x.name).join(', ')}`,
            fix: missingProjectHint(project, versions[project]),
          };
    rows.push(Promise.resolve(row));
  }
  rows.push(cniRow(probes, resolved, timeoutMs, versions));
  return Promise.all(rows);
}

async function cniRow(
  probes: HostProbes,
  resolved: readonly Resolution[],
  timeoutMs: number,
  versions: Versions,
): Promise<DoctorRow> {
  const check = 'CNI plugins';
  const plugins = resolved.filter((r) => isCniPlugin(r.name));
  const missing = plugins.filter((r) => !r.found);
  if (missing.length > 0) {
    return {
      check,
      status: 'fail',
      detail: `not found: ${missing.map((r) => r.name).join(', ')}`,
      fix: missingProjectHint('cni', versions.cni),
    };
  }
  const bridge = plugins.find((r) => r.name === 'bridge');
  if (!bridge?.found) return { check, status: 'fail', detail: 'bridge not found' };
  const row = await versionRow(probes, check, bridge, timeoutMs);
  const { problems, cniBinDir } = shellEnvironment(resolved, '');
  if (row.status !== 'ok') return row;
  if (problems.length > 0) {
    return { check, status: 'warn', detail: problems.join('; '), fix: 'put all four plugins in one folder' };
  }
  return { ...row, detail: `${parseVersion(row.detail) ?? 'version unknown'} in ${cniBinDir ?? '?'}` };
}
