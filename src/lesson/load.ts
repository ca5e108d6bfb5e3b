// The one place src/lesson touches the file system: reading lesson files.
// Failures become sentences (LoadError), never stack traces.
import fs from 'node:fs/promises';
import path from 'node:path';
import { issue, type LessonIssue } from './issues.js';
import { pickLanguage } from './language.js';
import type { Chapter, Workshop } from './model.js';
import { parseChapter } from './parse-chapter.js';
import { translationIssues } from './translation.js';
import { folderMeta, LANGUAGE, parseManifest, type WorkshopMeta } from './workshop-manifest.js';
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

export interface LoadOptions {
  /** The workshop's workshop.yaml, when it has one. */
  readonly manifest?: string | undefined;
  /** The languages to show the chapters in, first choice first, where the workshop has a translation (lessons/<language>/). */
  readonly languages?: readonly string[] | undefined;
}

const rel = (f: string): string => path.relative(process.cwd(), f) || f;

/** The workshop in `dir`; with `assetsDir`, the scripts its chapters name there must exist too. */
export async function loadWorkshop(
  dir: string,
  assetsDir?: string,
  opts: LoadOptions = {},
): Promise<{ workshop: Workshop; issues: LessonIssue[] }> {
  const files = await listLessonFiles(dir);
  if (files.length === 0) throw new LoadError(`${dir} holds no lesson files (*.md): is it the right folder?`);
  const sources = (await readSources(files)).map((s) => ({ ...s, file: rel(s.file) }));
  const manifest = await readManifest(dir, opts.manifest);
  const parsed = parseWorkshop(dir, sources, manifest.meta);
  parsed.issues.push(...manifest.issues);
  if (assetsDir) parsed.issues.push(...(await missingAssets(parsed.workshop, assetsDir)));
  const languages = await translationLanguages(dir);
  const language = pickLanguage(opts.languages ?? [], parsed.workshop.meta.language, languages);
  if (language === parsed.workshop.meta.language)
    return { workshop: { ...parsed.workshop, languages }, issues: parsed.issues };
  const translated = await loadTranslation(dir, parsed.workshop, language);
  const chapters = parsed.workshop.chapters.map((c) => translated.chapters.get(c.meta.id) ?? c);
  return {
    workshop: { ...parsed.workshop, chapters, language, languages },
    issues: [...parsed.issues, ...translated.issues],
  };
}

async function readManifest(
  dir: string,
  file: string | undefined,
): Promise<{ meta: WorkshopMeta; issues: LessonIssue[] }> {
  const fallback = folderMeta(await fs.realpath(dir).catch(() => path.resolve(dir)));
  if (file === undefined) return { meta: fallback, issues: [] };
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new LoadError(describeFsError(e, file, 'the workshop description'));
  }
  const parsed = parseManifest(rel(file), text);
  return { meta: parsed.meta ?? fallback, issues: parsed.issues };
}

/** The languages the workshop has translations in: the folders of lessons/ named like a language. */
export async function translationLanguages(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && LANGUAGE.test(e.name))
    .map((e) => e.name)
    .sort();
}

/**
 * The chapters of lessons/<language>/, each checked against its original (the
 * chapter file of the same name): by chapter id, with their problems.
 */
export async function loadTranslation(
  dir: string,
  original: Workshop,
  language: string,
): Promise<{ chapters: Map<string, Chapter>; issues: LessonIssue[]; files: number }> {
  const chapters = new Map<string, Chapter>();
  const issues: LessonIssue[] = [];
  const byName = new Map(original.chapters.map((c) => [path.basename(c.file), c]));
  const files = await listLessonFiles(path.join(dir, language));
  for (const s of await readSources(files)) {
    const file = rel(s.file);
    const of = byName.get(path.basename(s.file));
    if (!of) {
      issues.push(
        issue(
          file,
          1,
          1,
          `no chapter ${path.basename(s.file)} in ${rel(dir)} for this to translate: a translation has its original's file name`,
        ),
      );
      continue;
    }
    const parsed = parseChapter(file, s.text);
    issues.push(...parsed.issues);
    if (!parsed.chapter) continue;
    const differ = translationIssues(of, parsed.chapter);
    issues.push(...differ);
    if (!differ.length) chapters.set(of.meta.id, parsed.chapter);
  }
  return { chapters, issues, files: files.length };
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
