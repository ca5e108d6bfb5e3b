// Which of the given binaries a set of chapters uses: those named, as a word,
// in any of their steps. What a first run must have before those chapters
// can run (and what the UI offers to download).
import type { Chapter } from '../lesson/model.js';

export function binariesUsed<N extends string>(chapters: readonly Chapter[], names: readonly N[]): N[] {
  const bodies = chapters.flatMap((c) => c.steps.map((s) => s.body)).join('\n');
  return names.filter((name) =>
    new RegExp(`(^|[^\\w.-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w.-])`, 'm').test(bodies),
  );
}
