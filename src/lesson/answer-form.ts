// How a learner's answer meets the true value. Pure: the parser uses it to
// check a prediction's `expect` against its `choices`, the engine to judge
// answers and predictions, headless test to make a wrong answer; the views
// what a learner may see of a question.
import type { AnswerForm, PredictStep, QuestionStep } from './model.js';

export const ANSWER_FORMS: readonly AnswerForm[] = ['text', 'number', 'word'];

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The value as a number, when it is written as one ("7", "-2", "0.5", "1e3"). */
export function asNumber(value: string): number | undefined {
  const t = value.trim();
  return NUMBER.test(t) ? Number(t) : undefined;
}

/**
 * text: trimmed, then exactly equal; number: both numbers and equal (so
 * "7" and "7.0" agree); word: trimmed, case-insensitive.
 */
export function sameAnswer(form: AnswerForm, given: string, truth: string): boolean {
  switch (form) {
    case 'text':
      return given.trim() === truth.trim();
    case 'word':
      return given.trim().toLowerCase() === truth.trim().toLowerCase();
    case 'number': {
      const a = asNumber(given);
      const b = asNumber(truth);
      return a !== undefined && b !== undefined && a === b;
    }
  }
}

/** A prediction meets an outcome (or a lesson's `expect`) as a number when both are numbers, else as a word. */
export function sameOutcome(said: string, outcome: string): boolean {
  const bothNumbers = asNumber(said) !== undefined && asNumber(outcome) !== undefined;
  return sameAnswer(bothNumbers ? 'number' : 'word', said, outcome);
}

/**
 * A value that can never be judged equal to `truth` in this form: what
 * `--prove-checks` types first, to see a wrong answer refused. A number
 * answer gets a number one off (or, past what a double counts exactly, a
 * digit more); any other gets a letter more.
 */
export function wrongAnswerFor(form: AnswerForm, truth: string): string {
  const t = truth.trim();
  const n = asNumber(t);
  const candidates = [
    ...(form === 'number' && n !== undefined ? [String(n + 1), `${t}1`] : []),
    `${t}x`,
    `not-${t}`,
  ];
  return candidates.find((c) => !sameAnswer(form, c, t)) ?? `not-${t}`;
}

/** What the learner sees of a question or prediction: never its commands, only the question (and the choices). */
export function askLines(step: QuestionStep | PredictStep): string[] {
  const lines = step.ask.split('\n');
  if (step.kind === 'predict' && step.choices) lines.push(`choices: ${step.choices.join(' · ')}`);
  return lines;
}
