// The one place src/lesson touches the file system: reading lesson files.
// Failures become sentences (LoadError), never stack traces.
import fs from 'node:fs/promises';
import path from 'node:path';
import { issue, type LessonIssue } from './issues.js';
import type { Workshop } from './model.js';
import { parseWorkshop, type LessonSource } from './workshop.js';

export class LoadError extends Error {
  override name = 'LoadError';
}

/** Chapter files: *.md in the folder, in name order; README.md and _*.md are not chapters. */
export async function listLessonFiles(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch (e) {
    throw new LoadError(describeFsError(e, dir, 'the lessons folder'));
  }
  return entries
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md' && !f.startsWith('_'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((f) => path.join(dir, f));
}

export async function readSources(files: readonly string[]): Promise<LessonSource[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        return { file, text: await fs.readFile(file, 'utf8') };
      } catch (e) {
        throw new LoadError(describeFsError(e, file, 'the lesson file'));
      }
    }),
  );
}

/** The workshop in `dir`; with `assetsDir`, the scripts its chapters name there must exist too. */
export async function loadWorkshop(
  dir: string,
  assetsDir?: string,
): Promise<{ workshop: Workshop; issues: LessonIssue[] }> {
  const files = await listLessonFiles(dir);
  if (files.length === 0) throw new LoadError(`${dir} holds no lesson files (*.md): is it the right folder?`);
  const rel = (f: string): string => path.relative(process.cwd(), f) || f;
  const sources = (await readSources(files)).map((s) => ({ ...s, file: rel(s.file) }));
  const parsed = parseWorkshop(dir, sources);
  if (assetsDir) parsed.issues.push(...(await missingAssets(parsed.workshop, assetsDir)));
  return parsed;
}

/** A chapter's `teardown:` names a script in the assets folder: one that is not there is the lesson's mistake. */
export async function missingAssets(workshop: Workshop, assetsDir: string): Promise<LessonIssue[]> {
  const present = await fs.readdir(assetsDir).catch(() => [] as string[]);
  const scripts = present.filter((f) => f.endsWith('.sh'));
  const out: LessonIssue[] = [];
  for (const ch of workshop.chapters) {
    const name = ch.meta.teardown;
    if (name === undefined) continue;
    const exists = await fs
      .stat(path.join(assetsDir, name))
      .then((st) => st.isFile())
      .catch(() => false);
    if (exists) continue;
    const pos = ch.meta.keyPositions.teardown ?? { file: ch.file, line: 2, column: 1 };
    const has = scripts.length ? `it has ${scripts.join(', ')}` : 'it has no .sh scripts';
    out.push(
      issue(
        pos.file,
        pos.line,
        pos.column,
        `teardown: ${name} is not a file in the assets folder ${assetsDir} (${has}): add the script there, or fix the name`,
      ),
    );
  }
  return out;
}

export function describeFsError(e: unknown, p: string, what: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `${what} ${p} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `${what} ${p} cannot be read: permission denied`;
    case 'ENOTDIR':
      return `${what} ${p} is not a folder`;
    case 'EISDIR':
      return `${what} ${p} is a folder, not a file`;
    default:
      return `${what} ${p} cannot be read: ${(e as Error).message}`;
  }
}
