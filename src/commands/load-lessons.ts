// Loads the workshop for a command, in the learner's language where it has a
// translation; authoring errors become one CliError listing every problem
// with file:line:col.
import { formatIssue, type LessonIssue } from '../lesson/issues.js';
import { loadWorkshop, LoadError } from '../lesson/load.js';
import type { Chapter, Workshop } from '../lesson/model.js';
import { findChapter } from '../lesson/workshop.js';
import { CliError } from './cli-error.js';
import type { Resolved } from './options.js';

type Where = Pick<Resolved, 'lessonsDir' | 'assetsDir' | 'manifest' | 'languages' | 'languageGiven'>;

/** The workshop with its problems; a LoadError (no folder, no lessons) is thrown as it is. */
export async function loadFor(r: Where): Promise<{ workshop: Workshop; issues: LessonIssue[] }> {
  const loaded = await loadWorkshop(r.lessonsDir, r.assetsDir, {
    manifest: r.manifest,
    languages: r.languages,
  });
  const { workshop } = loaded;
  const asked = r.languages[0];
  // --lang names a language the workshop has not: say which it has, rather than quietly showing another.
  if (r.languageGiven && asked !== undefined && workshop.language.toLowerCase() !== asked.toLowerCase()) {
    const has = [workshop.meta.language, ...workshop.languages].join(', ');
    throw new CliError(`this workshop has no "${asked}" translation: its languages are ${has}`);
  }
  return loaded;
}

export async function loadOrExplain(r: Where): Promise<Workshop> {
  try {
    const { workshop, issues } = await loadFor(r);
    if (issues.length) {
      throw new CliError(
        `the lessons in ${r.lessonsDir} have ${issues.length} problem${issues.length > 1 ? 's' : ''}:\n${issues.map(formatIssue).join('\n')}\n(run demystify lint for the same list)`,
      );
    }
    return workshop;
  } catch (e) {
    if (e instanceof LoadError) throw new CliError(e.message);
    throw e;
  }
}

export function chaptersByKeys(workshop: Workshop, keys: readonly string[]): Chapter[] {
  return keys.map((key) => {
    const ch = findChapter(workshop, key);
    if (!ch) {
      throw new CliError(
        `there is no chapter "${key}"; the chapters are: ${workshop.chapters.map((c) => c.meta.id).join(', ')}`,
      );
    }
    return ch;
  });
}
