// `demystify lint [paths...]`: validates lesson files (or workshops) and
// prints every problem as file:line:col: message. A folder is a workshop
// (its folder, or its lessons/ folder): its chapters are checked together
// (chapter ids, requires), with its workshop.yaml and every translation
// against its original.
import fs from 'node:fs/promises';
import path from 'node:path';
import { formatIssue, type LessonIssue } from '../lesson/issues.js';
import {
  describeFsError,
  listLessonFiles,
  loadTranslation,
  loadWorkshop,
  missingAssets,
  readSources,
} from '../lesson/load.js';
import { parseWorkshop } from '../lesson/workshop.js';
import { CliError, EXIT } from './cli-error.js';
import { workshopPaths } from './options.js';

interface Linted {
  readonly files: number;
  readonly issues: readonly LessonIssue[];
}

async function lintWorkshop(dir: string): Promise<Linted> {
  const w = workshopPaths(dir);
  const { workshop, issues } = await loadWorkshop(w.lessonsDir, w.assetsDir, { manifest: w.manifest }).catch(
    (e: unknown) => {
      throw new CliError((e as Error).message);
    },
  );
  let files = (await listLessonFiles(w.lessonsDir)).length;
  const all = [...issues];
  for (const language of workshop.languages) {
    const t = await loadTranslation(w.lessonsDir, workshop, language);
    files += t.files;
    all.push(...t.issues);
  }
  return { files, issues: all };
}

async function lintFile(file: string): Promise<Linted> {
  const sources = (await readSources([file])).map((s) => ({
    ...s,
    file: path.relative(process.cwd(), s.file) || s.file,
  }));
  const parsed = parseWorkshop(path.dirname(file), sources);
  return {
    files: 1,
    issues: [
      ...parsed.issues,
      ...(await missingAssets(parsed.workshop, workshopPaths(path.dirname(file)).assetsDir)),
    ],
  };
}

export async function lintCommand(paths: readonly string[], write: (s: string) => void): Promise<number> {
  let total = 0;
  let issues: LessonIssue[] = [];
  for (const p of paths) {
    const stat = await fs.stat(p).catch((e: unknown) => {
      throw new CliError(describeFsError(e, p, 'the path'));
    });
    const linted = stat.isDirectory() ? await lintWorkshop(p) : await lintFile(p);
    total += linted.files;
    issues = issues.concat(linted.issues);
  }
  for (const i of issues) write(formatIssue(i));
  write(
    issues.length
      ? `${issues.length} problem${issues.length > 1 ? 's' : ''} in ${total} file${total > 1 ? 's' : ''}`
      : `${total} lesson file${total > 1 ? 's' : ''} ok`,
  );
  return issues.length ? EXIT.usage : EXIT.ok;
}
