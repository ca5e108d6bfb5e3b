// `demystify reset [chapter]`: forget progress of one chapter, or all.
import { ProgressStore } from '../engine/progress.js';
import type { Workshop } from '../lesson/model.js';
import { chaptersByKeys } from './load-lessons.js';
import { workshopKey, type Resolved } from './options.js';

export async function resetCommand(
  workshop: Workshop,
  r: Resolved,
  chapter: string | undefined,
  write: (s: string) => void,
): Promise<void> {
  const store = await ProgressStore.open(r.stateDir, workshopKey(r));
  for (const n of store.notices) write(n);
  if (chapter === undefined) {
    await store.reset();
    write(`progress of every chapter reset (${store.file})`);
    return;
  }
  const [ch] = chaptersByKeys(workshop, [chapter]);
  await store.reset(ch!.meta.id);
  write(`progress of chapter ${ch!.meta.id} reset`);
}
