// Loads the workshop for a command; authoring errors become one CliError
// listing every problem with file:line:col.
import { formatIssue } from '../lesson/issues.js';
import { loadWorkshop, LoadError } from '../lesson/load.js';
import type { Chapter, Workshop } from '../lesson/model.js';
import { findChapter } from '../lesson/workshop.js';
import { CliError } from './cli-error.js';
import type { Resolved } from './options.js';

export async function loadOrExplain(r: Pick<Resolved, 'lessonsDir' | 'assetsDir'>): Promise<Workshop> {
  const lessonsDir = r.lessonsDir;
  try {
    const { workshop, issues } = await loadWorkshop(lessonsDir, r.assetsDir);
    if (issues.length) {
      throw new CliError(
        `the lessons in ${lessonsDir} have ${issues.length} problem${issues.length > 1 ? 's' : ''}:\n${issues.map(formatIssue).join('\n')}\n(run demystify lint for the same list)`,
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
