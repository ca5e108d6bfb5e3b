// A first run with no binaries, in the UI: find what the workshop's steps
// use that is on this machine nowhere, offer to download it (binaries-scene),
// and say whether to go on. Nothing to offer (all there, or no release for
// this machine) goes straight on.
import { resolveAll } from '../cluster/binaries/resolve.js';
import { fetchOffer } from '../cluster/binaries/offer.js';
import { binaryProject, type BinaryName } from '../cluster/versions.js';
import { binariesUsed } from '../engine/binaries-used.js';
import type { Workshop } from '../lesson/model.js';
import type { ScreenLoop } from '../ui/screen-loop.js';
import type { Resolved } from './options.js';

export async function offerMissingBinaries(
  screen: () => Promise<ScreenLoop>,
  r: Resolved,
  workshop: Workshop,
): Promise<'go' | 'quit'> {
  const resolved = await resolveAll({ binDir: r.binDir, versions: r.versions, cacheRoot: r.cacheRoot });
  const absent = resolved.filter((x) => !x.found).map((x) => x.name as BinaryName);
  // A project comes whole (etcd brings etcdutl too, which checkpoints use): offer every binary
  // missing of the projects whose binaries the steps name.
  const needed = new Set(binariesUsed(workshop.chapters, absent).map((b) => binaryProject[b]));
  const offer = fetchOffer(
    absent.filter((b) => needed.has(binaryProject[b])),
    r.versions,
    r.mirror,
  );
  if (!offer) return 'go';
  // The offer's screen (Ink and its components) loads only when there is something to offer.
  const { binariesScene } = await import('../ui/binaries-scene.js');
  const choice = await binariesScene(await screen(), offer, async (onProgress, signal) => {
    const { fetchBinaries, fetchFailureLines } = await import('../cluster/binaries/index.js');
    const result = await fetchBinaries({
      versions: r.versions,
      cacheRoot: r.cacheRoot,
      mirror: r.mirror,
      projects: offer.projects.map((p) => p.project),
      onProgress: (p) => onProgress({ file: p.file, phase: p.phase, done: p.done, total: p.total }),
      signal,
    });
    return result.ok ? [] : fetchFailureLines(result);
  });
  return choice === 'quit' ? 'quit' : 'go';
}
