// A chapter's YAML front matter:
//
//   id: etcd                    required; lowercase letters, digits, "-"
//   title: etcd, the cluster's memory
//   summary: one sentence
//   requires: [etcd]            components earlier chapters must leave running
//   time: 15m                   estimated time for a learner
//   root: why it needs root     the chapter needs root (sudo); the sentence is shown when
//                               demystify asks for the password (`root: true` works too)
//   internet: false             the chapter needs the internet
//   vars: {NAME: value}         extra ${NAME} variables for this chapter's steps
//   teardown: teardown-node.sh  a script in the assets folder that undoes what this
//                               chapter's components leave on the host; run when a
//                               session that started them closes (it must be idempotent)
import { parseDuration } from './duration.js';
import { issue, type LessonIssue } from './issues.js';
import type { ChapterMeta } from './model.js';
import { BUILTIN_VARIABLES, variableRefs } from './variables.js';
import { isRecord, keyPosition, loadYamlBody, textPosition } from './yaml-body.js';

export const FRONT_MATTER_KEYS = [
  'id',
  'title',
  'summary',
  'requires',
  'time',
  'root',
  'internet',
  'vars',
  'teardown',
] as const;
const KEYS: readonly string[] = FRONT_MATTER_KEYS;

export function parseFrontMatter(
  file: string,
  fm: { text: string; line: number } | undefined,
): { meta: ChapterMeta | undefined; issues: LessonIssue[] } {
  if (!fm) {
    return {
      meta: undefined,
      issues: [
        issue(
          file,
          1,
          1,
          'a chapter starts with YAML front matter between --- lines, with at least id and title',
        ),
      ],
    };
  }
  const { docs, issues } = loadYamlBody(file, fm.line, fm.text);
  if (issues.length) return { meta: undefined, issues };
  const doc = docs[0];
  if (!isRecord(doc))
    return {
      meta: undefined,
      issues: [issue(file, fm.line, 1, 'the front matter must be a YAML mapping (key: value lines)')],
    };
  const at = (key: string, message: string): LessonIssue => {
    const p = keyPosition(fm.line, fm.text, key);
    return issue(file, p.line, p.column, message);
  };
  for (const key of Object.keys(doc)) {
    if (!KEYS.includes(key))
      issues.push(at(key, `unknown front matter key "${key}": known keys are ${KEYS.join(', ')}`));
  }
  const id = doc.id;
  if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(id)) {
    issues.push(
      id === undefined
        ? issue(file, fm.line, 1, 'the front matter needs an id, e.g. id: etcd')
        : at('id', 'id is lowercase letters, digits and "-", e.g. id: etcd'),
    );
  }
  if (typeof doc.title !== 'string' || doc.title.trim() === '') {
    issues.push(
      doc.title === undefined
        ? issue(file, fm.line, 1, 'the front matter needs a title')
        : at('title', 'title must be text'),
    );
  }
  if (doc.summary !== undefined && typeof doc.summary !== 'string')
    issues.push(at('summary', 'summary must be text'));
  const requires = doc.requires ?? [];
  if (!Array.isArray(requires) || !requires.every((r) => typeof r === 'string')) {
    issues.push(at('requires', 'requires is a list of pane names, e.g. requires: [etcd, kube-apiserver]'));
  }
  let minutes: number | undefined;
  if (doc.time !== undefined) {
    const ms = parseDuration(String(doc.time));
    if (ms === undefined) issues.push(at('time', 'time is a duration such as 15m'));
    else minutes = Math.round(ms / 60_000);
  }
  if (doc.internet !== undefined && typeof doc.internet !== 'boolean')
    issues.push(at('internet', 'internet is true or false'));
  if (
    doc.root !== undefined &&
    typeof doc.root !== 'boolean' &&
    (typeof doc.root !== 'string' || !doc.root.trim())
  )
    issues.push(at('root', 'root is true, false, or a sentence saying why the chapter needs root'));
  const vars: Record<string, string> = {};
  // A variable written inside `vars: {A: 1}` has no line of its own: point at its name.
  const varAt = (k: string, message: string): LessonIssue => {
    const p = textPosition(fm.line, fm.text, `${k}:`) ?? keyPosition(fm.line, fm.text, 'vars');
    return issue(file, p.line, p.column, message);
  };
  if (doc.vars !== undefined) {
    if (!isRecord(doc.vars)) issues.push(at('vars', 'vars maps NAMES to values'));
    else
      for (const [k, v] of Object.entries(doc.vars)) {
        if (!/^[A-Z][A-Z0-9_]*$/.test(k)) issues.push(varAt(k, `variable names are UPPER_CASE: ${k}`));
        else if ((BUILTIN_VARIABLES as readonly string[]).includes(k))
          issues.push(varAt(k, `${k} is a built-in variable, set by demystify: give yours another name`));
        else if (typeof v === 'object' && v !== null)
          issues.push(varAt(k, `variable ${k} must be a plain value`));
        else {
          vars[k] = String(v);
          // A value may build on the built-in variables (not on other vars: they have no order).
          for (const ref of variableRefs(vars[k]))
            if (!(BUILTIN_VARIABLES as readonly string[]).includes(ref.name))
              issues.push(
                varAt(
                  k,
                  `the value of ${k} uses \${${ref.name}}, which is not a built-in variable: write the value out`,
                ),
              );
        }
      }
  }
  const teardown = doc.teardown;
  if (
    teardown !== undefined &&
    (typeof teardown !== 'string' ||
      teardown === '' ||
      teardown.startsWith('/') ||
      teardown.split('/').includes('..'))
  ) {
    issues.push(
      at('teardown', 'teardown names a script in the assets folder, e.g. teardown: teardown-node.sh'),
    );
  }
  if (issues.length) return { meta: undefined, issues };
  return {
    meta: {
      id: id as string,
      title: (doc.title as string).trim(),
      summary: typeof doc.summary === 'string' ? doc.summary.trim() : '',
      requires: requires as string[],
      minutes,
      needsRoot: doc.root === true || (typeof doc.root === 'string' && doc.root.trim() !== ''),
      rootReason: typeof doc.root === 'string' && doc.root.trim() ? doc.root.trim() : undefined,
      needsInternet: doc.internet === true,
      vars,
      teardown: typeof teardown === 'string' ? teardown : undefined,
      keyPositions: Object.fromEntries(
        Object.keys(doc).map((k) => [k, { file, ...keyPosition(fm.line, fm.text, k) }]),
      ),
    },
    issues,
  };
}
