// `demystify fetch`: download the official releases once, each verified
// against the SHA-256 pinned in demystify (or, for a version without pins,
// fetched from upstream only, against the sum upstream publishes), into the
// cache. Each line says which.
import { createProgressRenderer, fetchBinaries, fetchFailureLines } from '../cluster/binaries/index.js';
import type { Project } from '../cluster/versions.js';
import { defaultVersions } from '../cluster/versions.js';
import { CliError, EXIT } from './cli-error.js';
import type { Resolved } from './options.js';

export async function fetchCommand(
  r: Resolved,
  only: readonly string[],
  write: (s: string) => void,
): Promise<number> {
  const known = Object.keys(defaultVersions);
  const bad = only.filter((p) => !known.includes(p));
  if (bad.length) throw new CliError(`unknown project ${bad.join(', ')}: choose from ${known.join(', ')}`);
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  const renderer = createProgressRenderer({ stream: process.stderr });
  try {
    const result = await fetchBinaries({
      versions: r.versions,
      cacheRoot: r.cacheRoot,
      mirror: r.mirror,
      ...(only.length ? { projects: only as Project[] } : {}),
      onProgress: renderer.onProgress,
      signal: abort.signal,
    });
    renderer.stop();
    for (const o of result.outcomes) {
      if (o.status === 'failed') continue;
      const how =
        o.verifiedBy === 'pin'
          ? ' (SHA-256 pinned in demystify)'
          : o.verifiedBy === 'published-sum'
            ? ' (no pin for this version: the SHA-256 upstream publishes, over HTTPS)'
            : '';
      write(
        `${o.status === 'cached' ? 'cached ' : 'fetched'}  ${o.project} ${o.version}: ${o.binaries.join(', ')}${how}`,
      );
    }
    const failures = fetchFailureLines(result);
    for (const line of failures) write(`failed   ${line}`);
    if (!result.ok) return abort.signal.aborted ? EXIT.interrupted : EXIT.failed;
    write(`binaries are in ${r.cacheRoot}/bin`);
    return EXIT.ok;
  } finally {
    renderer.stop();
    process.off('SIGINT', onSigint);
  }
}
