// A workshop's own description, `workshop.yaml` next to its lessons/ folder:
//
//   id: my-workshop            required; lowercase letters, digits, "-": the workshop's
//                              identity. Progress, checkpoints and the default workspace
//                              are kept under it, so every copy of the workshop (npx,
//                              a global install, a clone) resumes the same progress.
//   title: My workshop         required: what the learner sees as its name
//   tagline: One sentence.     optional: shown under the title
//   language: en               optional (default en): the language its chapters are
//                              written in; translations live in lessons/<language>/
//
// Pure: parsing only, every problem at file:line:col (load.ts reads the file).
import { issue, type LessonIssue } from './issues.js';
import { loadMapping } from './yaml-body.js';

export const MANIFEST_FILE = 'workshop.yaml';

export interface WorkshopMeta {
  /** Stable identity: progress, checkpoints and the default workspace are kept under it. */
  readonly id: string;
  readonly title: string;
  readonly tagline: string | undefined;
  /** The language the chapters are written in (a translation's folder name is another). */
  readonly language: string;
  /** The manifest it was read from; undefined: the workshop has none (an old-style folder of lessons). */
  readonly file: string | undefined;
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A language tag as folders name them: fr, pt-BR, zh-Hans. */
export const LANGUAGE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/;
const KEYS = ['id', 'title', 'tagline', 'language'];

export function parseManifest(
  file: string,
  text: string,
): { meta: WorkshopMeta | undefined; issues: LessonIssue[] } {
  const { doc, at, issues } = loadMapping(file, 1, text, {
    keys: KEYS,
    notMapping: `${MANIFEST_FILE} is a YAML mapping: id, title, and optionally tagline and language`,
    unknown: (key) => `unknown key "${key}": ${MANIFEST_FILE} knows ${KEYS.join(', ')}`,
  });
  if (!doc) return { meta: undefined, issues };
  const text_ = (key: string): string | undefined => {
    const v = doc[key];
    if (v === undefined) return undefined;
    if (typeof v === 'string' && v.trim()) return v.trim();
    issues.push(at(key, `${key} is a sentence (a non-empty string)`));
    return undefined;
  };
  const id = text_('id');
  const title = text_('title');
  const language = text_('language') ?? 'en';
  if (id === undefined && doc.id === undefined)
    issues.push(issue(file, 1, 1, `${MANIFEST_FILE} needs an id: (the workshop's identity)`));
  else if (id !== undefined && !ID.test(id))
    issues.push(at('id', `id "${id}" is lowercase letters, digits and "-" (e.g. my-workshop)`));
  if (title === undefined && doc.title === undefined)
    issues.push(issue(file, 1, 1, `${MANIFEST_FILE} needs a title:`));
  if (!LANGUAGE.test(language))
    issues.push(at('language', `language "${language}" is a language tag such as en, fr or pt-BR`));
  if (issues.length || id === undefined || title === undefined) return { meta: undefined, issues };
  return { meta: { id, title, tagline: text_('tagline'), language, file }, issues };
}

/**
 * A workshop without a manifest (a folder of lessons, as before workshops had
 * one): its identity is its lessons folder's real path, which is what its
 * progress has always been kept under.
 */
export function folderMeta(lessonsRealPath: string): WorkshopMeta {
  const parts = lessonsRealPath.split('/').filter(Boolean);
  // A folder called lessons is named by the folder that holds it.
  const name = (parts.at(-1) === 'lessons' ? parts.at(-2) : parts.at(-1)) ?? 'lessons';
  return { id: lessonsRealPath, title: name, tagline: undefined, language: 'en', file: undefined };
}
