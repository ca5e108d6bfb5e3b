// `demystify lint [paths...]`: validates lesson files (or folders of them)
// and prints every problem as file:line:col: message.
import fs from 'node:fs/promises';
import path from 'node:path';
import { formatIssue, type LessonIssue } from '../lesson/issues.js';
import { describeFsError, listLessonFiles, missingAssets, readSources } from '../lesson/load.js';
import { parseWorkshop } from '../lesson/workshop.js';
import { CliError, EXIT } from './cli-error.js';
import { assetsDirFor } from './options.js';

export async function lintCommand(paths: readonly string[], write: (s: string) => void): Promise<number> {
  let total = 0;
  let issues: LessonIssue[] = [];
  for (const p of paths) {
    const stat = await fs.stat(p).catch((e: unknown) => {
      throw new CliError(describeFsError(e, p, 'the path'));
    });
    // A folder is a workshop: its files are checked together (chapter ids, requires).
    const files = stat.isDirectory() ? await listLessonFiles(p) : [p];
    if (stat.isDirectory() && files.length === 0) throw new CliError(`${p} holds no lesson files (*.md)`);
    const sources = (await readSources(files)).map((s) => ({
      ...s,
      file: path.relative(process.cwd(), s.file) || s.file,
    }));
    total += sources.length;
    const parsed = parseWorkshop(p, sources);
    const assets = assetsDirFor(stat.isDirectory() ? p : path.dirname(p));
    issues = issues.concat(parsed.issues, await missingAssets(parsed.workshop, assets));
  }
  for (const i of issues) write(formatIssue(i));
  write(
    issues.length
      ? `${issues.length} problem${issues.length > 1 ? 's' : ''} in ${total} file${total > 1 ? 's' : ''}`
      : `${total} lesson file${total > 1 ? 's' : ''} ok`,
  );
  return issues.length ? EXIT.usage : EXIT.ok;
}
