// A translation of a chapter (lessons/<language>/<same file name>) must do
// exactly what its original does: the same front matter that matters to the
// engine, the same steps in the same order, with the same ids, kinds,
// commands, files, checks, questions and predictions. Only what a learner
// reads may differ: prose, titles, hints, notes, a question's or a
// prediction's wording, a check's waiting and failure sentences, the reason a
// chapter needs root. Pure: two parsed chapters in, issues out.
import { issue, type LessonIssue } from './issues.js';
import type { Chapter, ChapterMeta, Step } from './model.js';

/** Fields of a step a translation may change (everything else must be equal). */
const READ_NOT_RUN = new Set(['pos', 'explanation', 'hints', 'notes', 'ask', 'why']);
/** Kinds whose body is YAML holding sentences: their parsed fields are compared, not the text. */
const BODY_OF_FIELDS = new Set<Step['kind']>(['check', 'question', 'predict', 'action']);
/** Sentences inside a check. */
const CHECK_SENTENCES = new Set(['waiting', 'onFail']);

function runnable(step: Step): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(step)) {
    if (READ_NOT_RUN.has(key) || (key === 'body' && BODY_OF_FIELDS.has(step.kind))) continue;
    if (key === 'check' && step.kind === 'check')
      out.check = Object.fromEntries(Object.entries(step.check).filter(([k]) => !CHECK_SENTENCES.has(k)));
    else out[key] = value;
  }
  return out;
}

/** The first field (dotted path) where a and b differ, or undefined when they are the same. */
export function firstDifference(a: unknown, b: unknown, at = ''): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  )
    return at || '(value)';
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of [...keys].sort()) {
    const d = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      at ? `${at}.${key}` : key,
    );
    if (d) return d;
  }
  return undefined;
}

const META_RUN: readonly (keyof ChapterMeta)[] = [
  'id',
  'requires',
  'needsRoot',
  'needsInternet',
  'vars',
  'teardown',
];

function describe(value: unknown): string {
  const s = JSON.stringify(value) ?? 'nothing';
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function pick(value: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);
}

/** What is wrong with `translated` as a translation of `original` (at the translation's lines). */
export function translationIssues(original: Chapter, translated: Chapter): LessonIssue[] {
  const issues: LessonIssue[] = [];
  const where = (s: Step): string => `${original.file}:${s.pos.line}`;
  for (const key of META_RUN) {
    if (firstDifference(original.meta[key], translated.meta[key]) === undefined) continue;
    const pos = translated.meta.keyPositions[key] ?? { line: 2, column: 1 };
    issues.push(
      issue(
        translated.file,
        pos.line,
        pos.column,
        `front matter ${key} is ${describe(translated.meta[key])} here but ${describe(original.meta[key])} in the original ${original.file}: a translation changes only the words`,
      ),
    );
  }
  const n = Math.min(original.steps.length, translated.steps.length);
  for (let i = 0; i < n; i++) {
    const o = original.steps[i]!;
    const t = translated.steps[i]!;
    const field = firstDifference(runnable(o), runnable(t));
    if (field === undefined) continue;
    const what =
      field === 'id' || field === 'kind'
        ? `is step "${t.id}" (${t.kind}), where the original has step "${o.id}" (${o.kind}) at ${where(o)}`
        : `differs from its original at ${where(o)} in ${field}: ${describe(pick(runnable(t), field))} here, ${describe(pick(runnable(o), field))} there`;
    issues.push(
      issue(
        translated.file,
        t.pos.line,
        t.pos.column,
        `this step ${what}; a translation runs the same steps and changes only the words`,
      ),
    );
  }
  if (original.steps.length !== translated.steps.length) {
    const extra = translated.steps.slice(n).map((s) => s.id);
    const missing = original.steps.slice(n).map((s) => s.id);
    const detail = missing.length ? `it lacks ${missing.join(', ')}` : `it adds ${extra.join(', ')}`;
    // At the first step that has no counterpart, or at the last one.
    const at = translated.steps[n]?.pos ?? translated.steps.at(-1)?.pos ?? { line: 1, column: 1 };
    issues.push(
      issue(
        translated.file,
        at.line,
        at.column,
        `this translation has ${translated.steps.length} steps and ${original.file} has ${original.steps.length}: ${detail}`,
      ),
    );
  }
  return issues.sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column);
}
