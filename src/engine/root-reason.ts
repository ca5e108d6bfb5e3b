// Why a chapter needs root, in the words the password prompt shows: the
// chapter's own `root:` sentence when it has one, and, for lessons that did
// not come with demystify (--lessons), where they come from: their author,
// not demystify, decides what their steps run as root.
import type { Chapter, Workshop } from '../lesson/model.js';

/**
 * What root is used for and for how long, in the words every place that asks
 * for it shows (the UI's password screen, the terminal prompt of the headless
 * commands): one statement, so none says more or less than the root helper
 * does (src/host/protocol.ts).
 */
export const ROOT_USE =
  "Root is used only for the nodes: making them (namespaces, cgroups, a network of their own), and running their components and the steps marked 'as root' inside them. demystify's root helper holds it from now until you quit, then undoes everything it made and ends. A node shares your files (all but /tmp, /run, /var/lib and /var/log), so read what a step runs as root before you let it.";

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
