// Why a chapter needs root, in the words the password prompt shows: the
// chapter's own `root:` sentence when it has one.
import type { Chapter, Workshop } from '../lesson/model.js';

const GENERIC =
  'its components create namespaces, mounts, cgroups and network interfaces, which only root may do';

export function rootWhy(chapter: Chapter): string {
  return `${chapter.meta.title} needs root: ${chapter.meta.rootReason ?? GENERIC}`;
}

/** The reason for the chapter a step belongs to (found by its file). */
export function rootWhyForFile(workshop: Workshop | undefined, file: string): string {
  const chapter = workshop?.chapters.find((c) => c.file === file);
  return chapter ? rootWhy(chapter) : `this step needs root: ${GENERIC}`;
}

/** The first of these chapters that needs root, if any. */
export function firstRootChapter(chapters: readonly Chapter[]): Chapter | undefined {
  return chapters.find((c) => c.meta.needsRoot);
}
