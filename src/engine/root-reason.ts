// Why a chapter needs root, in the words the password prompt shows: the
// chapter's own `root:` sentence when it has one, and, for lessons that did
// not come with demystify (--lessons), where they come from: their author,
// not demystify, decides what their steps run as root.
import type { Chapter, Workshop } from '../lesson/model.js';

const GENERIC =
  'its components create namespaces, mounts, cgroups and network interfaces, which only root may do';

/** `origin`: the lessons folder, when it is not the one demystify ships. */
export function rootWhy(chapter: Chapter, origin?: string): string {
  return `${chapter.meta.title} needs root: ${chapter.meta.rootReason ?? GENERIC}${originSentence(origin)}`;
}

/** The reason for the chapter a step belongs to (found by its file). */
export function rootWhyForFile(workshop: Workshop | undefined, file: string, origin?: string): string {
  const chapter = workshop?.chapters.find((c) => c.file === file);
  return chapter ? rootWhy(chapter, origin) : `this step needs root: ${GENERIC}${originSentence(origin)}`;
}

function originSentence(origin: string | undefined): string {
  return origin
    ? `. These lessons are from ${origin}, not the ones demystify ships: what their steps run as root is their author's choice (each such step shows its command and "as root")`
    : '';
}

/** The first of these chapters that needs root, if any. */
export function firstRootChapter(chapters: readonly Chapter[]): Chapter | undefined {
  return chapters.find((c) => c.meta.needsRoot);
}
