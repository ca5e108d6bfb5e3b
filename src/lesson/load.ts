// The one place src/lesson touches the file system: reading lesson files.
// Failures become sentences (LoadError), never stack traces.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { LessonIssue } from './issues.js';
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

export async function loadWorkshop(dir: string): Promise<{ workshop: Workshop; issues: LessonIssue[] }> {
  const files = await listLessonFiles(dir);
  if (files.length === 0) throw new LoadError(`${dir} holds no lesson files (*.md): is it the right folder?`);
  const rel = (f: string): string => path.relative(process.cwd(), f) || f;
  const sources = (await readSources(files)).map((s) => ({ ...s, file: rel(s.file) }));
  return parseWorkshop(dir, sources);
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
