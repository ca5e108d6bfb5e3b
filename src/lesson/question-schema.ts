// The bodies of ```yaml {question} and ```yaml {predict} fences:
//
//   question: ask, answer (a command: the truth), solution (the worked
//             answer, a command), form (text | number | word), on
//   predict:  ask, choices, outcome (a command, measured after `reveal`),
//             reveal (a later step's id), why, expect, on
//
// Unknown keys, missing ones and wrong values are issues at their key's
// line and column. Whether `reveal` names a later step is for the chapter to
// say (parse-chapter.ts), once every step has its id.
import { ANSWER_FORMS, sameOutcome } from './answer-form.js';
import { parseOn } from './check-schema.js';
import type { LessonIssue } from './issues.js';
import type { AnswerForm, PredictStep, QuestionStep } from './model.js';
import { loadMapping, type KeyIssue, type MappingBody } from './yaml-body.js';

export const QUESTION_KEYS = ['ask', 'answer', 'solution', 'form', 'on'] as const;
export const PREDICT_KEYS = ['ask', 'choices', 'outcome', 'reveal', 'why', 'expect', 'on'] as const;

type QuestionFields = Pick<QuestionStep, 'ask' | 'answer' | 'solution' | 'form' | 'on'>;
/** `reveal` is '' when the lesson leaves it out: the chapter puts the first later check there. */
type PredictFields = Pick<PredictStep, 'ask' | 'choices' | 'outcome' | 'reveal' | 'why' | 'expect' | 'on'>;

export function parseQuestion(
  file: string,
  bodyLine: number,
  body: string,
): { fields: QuestionFields | undefined; issues: LessonIssue[] } {
  const m = mapping(file, bodyLine, body, 'question', QUESTION_KEYS, 'ask, answer and solution');
  if (!m.doc) return { fields: undefined, issues: m.issues };
  const { doc, at, issues } = m;
  const text = required('question', { doc, at, issues });
  const ask = text('ask', 'ask is the question, in a sentence');
  const answer = text('answer', 'answer is the command whose output is the true value, read at check time');
  const solution = text(
    'solution',
    'solution is the worked answer: a command the learner could run to read the value (shown as a hint after a wrong try; headless test runs it)',
  );
  const form = doc.form ?? 'text';
  if (!(ANSWER_FORMS as readonly unknown[]).includes(form))
    issues.push(at('form', `form is ${ANSWER_FORMS.join(', ')}: how a typed answer is compared`));
  const on = parseOn(doc, at, issues);
  if (issues.length) return { fields: undefined, issues };
  return { fields: { ask, answer, solution, form: form as AnswerForm, on }, issues };
}

export function parsePredict(
  file: string,
  bodyLine: number,
  body: string,
): { fields: PredictFields | undefined; issues: LessonIssue[] } {
  const m = mapping(file, bodyLine, body, 'prediction', PREDICT_KEYS, 'ask, outcome and why');
  if (!m.doc) return { fields: undefined, issues: m.issues };
  const { doc, at, issues } = m;
  const text = required('prediction', { doc, at, issues });
  const ask = text('ask', 'ask is the question, in a sentence: what will happen when ...?');
  const outcome = text('outcome', 'outcome is the command whose output is what happened, measured at reveal');
  const why = text('why', 'why is one sentence on why it happens, shown with the outcome');
  const reveal = doc.reveal ?? '';
  if (typeof reveal !== 'string' || (doc.reveal !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(reveal)))
    issues.push(at('reveal', 'reveal is the id of a later step, after which the outcome is measured'));
  const choices = parseChoices(doc.choices, at, issues);
  const expect = scalar(doc.expect);
  if (doc.expect !== undefined && expect === undefined)
    issues.push(at('expect', 'expect is the outcome the lesson says will happen: a number or a word'));
  else if (expect !== undefined && choices && !choices.some((c) => sameOutcome(c, expect)))
    issues.push(at('expect', `expect "${expect}" is not one of the choices: ${choices.join(', ')}`));
  const on = parseOn(doc, at, issues);
  if (issues.length) return { fields: undefined, issues };
  return { fields: { ask, choices, outcome, reveal: String(reveal), why, expect, on }, issues };
}

function mapping(
  file: string,
  bodyLine: number,
  body: string,
  kind: string,
  keys: readonly string[],
  needs: string,
): MappingBody {
  return loadMapping(file, bodyLine, body, {
    keys,
    notMapping: `a ${kind} is a YAML mapping with ${needs}`,
    unknown: (key) => `unknown ${kind} key "${key}": a ${kind} takes ${keys.join(', ')}`,
  });
}

/** A key that must hold text that is not blank. */
function required(
  kind: string,
  { doc, at, issues }: { doc: Record<string, unknown>; at: KeyIssue; issues: LessonIssue[] },
): (key: string, what: string) => string {
  return (key, what) => {
    const v = doc[key];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    // A missing key is pointed at the body's first line (keyPosition's fallback).
    issues.push(at(key, v === undefined ? `a ${kind} needs ${key}: ${what}` : `${what} (text)`));
    return '';
  };
}

function parseChoices(v: unknown, at: KeyIssue, issues: LessonIssue[]): string[] | undefined {
  if (v === undefined) return undefined;
  const list = Array.isArray(v) ? v.map(scalar) : [];
  if (!Array.isArray(v) || list.some((c) => c === undefined) || list.length < 2) {
    issues.push(at('choices', 'choices is a list of at least two answers, e.g. ["0", "1", "2"]'));
    return undefined;
  }
  const values = list as string[];
  const twice = values.find((c, i) => values.findIndex((d) => sameOutcome(c, d)) !== i);
  if (twice !== undefined) issues.push(at('choices', `"${twice}" is among the choices twice`));
  return values;
}

/** A YAML scalar as the learner would type it: `2` and `"2"` alike. */
function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
