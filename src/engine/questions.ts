// Questions and predictions, judged: an answer against the truth its
// question's `answer` command reads at that moment, a prediction's outcome
// measured after its reveal step. The UI's controller calls these with what
// the learner typed; headless runs (test, replay, fast-forward) answer a
// question from its worked answer and record no prediction.
import { sameAnswer, sameOutcome, wrongAnswerFor } from '../lesson/answer-form.js';
import type { Chapter, PredictStep, QuestionStep, Step } from '../lesson/model.js';
import { substitute } from '../lesson/variables.js';
import { readCommandValue, type CommandValue } from '../verify/command-value.js';
import type { StepDeps, StepOutcome } from './run-step.js';
import type { ChapterRunState, EngineEvent } from './step-status.js';

type ValueDeps = Pick<StepDeps, 'vars' | 'env' | 'workspace' | 'nodes'>;

/** A question's or prediction's command, run as a command check's would be: here, or as root on `on`. */
export function readValue(
  command: string,
  on: string | undefined,
  deps: ValueDeps,
  signal?: AbortSignal,
): Promise<CommandValue> {
  const text = substitute(command, deps.vars).text;
  if (!on) return readCommandValue(text, { cwd: deps.workspace, env: deps.env, signal });
  if (!deps.nodes)
    return Promise.resolve({ ok: false, reason: `${on}: nodes need the full session (root and its helper)` });
  return readCommandValue(text, {
    cwd: '/',
    env: { ...deps.vars, ...deps.nodes.env(on) },
    run: deps.nodes.runner(on),
    where: ` on ${on}`,
    signal,
  });
}

export type AnswerVerdict =
  | { readonly kind: 'right'; readonly value: string }
  /** `truth` is for headless reports and tests; the learner is never shown it after a wrong answer. */
  | { readonly kind: 'wrong'; readonly value: string; readonly truth: string }
  /** The truth could not be read (the cluster is not there, the lesson's command is broken). */
  | { readonly kind: 'unknown'; readonly reason: string };

/** Reads the truth once, and judges the value `valueFor` gives for it (the learner's ignores it). */
export async function judgeAnswer(
  step: QuestionStep,
  deps: ValueDeps,
  valueFor: (truth: string) => string,
  signal?: AbortSignal,
): Promise<AnswerVerdict> {
  const truth = await readValue(step.answer, step.on, deps, signal);
  if (!truth.ok) return { kind: 'unknown', reason: `the true value could not be read: ${truth.reason}` };
  const value = valueFor(truth.value).trim();
  return sameAnswer(step.form, value, truth.value)
    ? { kind: 'right', value }
    : { kind: 'wrong', value, truth: truth.value };
}

/**
 * What a judged answer does to the step: answered, then passed, or waiting
 * again with a sentence that says what was typed, never what is right;
 * failed when the truth could not be read (no fault of the learner's).
 */
export function verdictEvents(
  step: QuestionStep,
  verdict: AnswerVerdict,
  ms: number,
): { events: EngineEvent[] } & ({ ok: true } | { ok: false; reason: string }) {
  const stepId = step.id;
  if (verdict.kind === 'unknown')
    return {
      ok: false,
      reason: verdict.reason,
      events: [{ type: 'failed', stepId, reason: verdict.reason, ms }],
    };
  const answered: EngineEvent = {
    type: 'answered',
    stepId,
    value: verdict.value,
    right: verdict.kind === 'right',
  };
  if (verdict.kind === 'right')
    return {
      ok: true,
      events: [answered, { type: 'passed', stepId, detail: `${verdict.value}: right`, ms }],
    };
  const reason = `${verdict.value} is not it: look at the output again${step.form === 'number' ? ' (a number)' : ''}`;
  const waiting: EngineEvent = { type: 'waiting', stepId, waiting: waitingSentence(step), progress: reason };
  return { ok: false, reason, events: [answered, waiting] };
}

/**
 * A question headless: the worked answer run for the value it "types". With
 * `prove`, a value that cannot be right is given first and must be refused.
 */
export async function answerHeadless(
  step: QuestionStep,
  deps: StepDeps,
  signal?: AbortSignal,
): Promise<StepOutcome> {
  const worked = await readValue(step.solution, step.on, deps, signal);
  if (!worked.ok)
    return { ok: false, reason: `the worked answer (solution) gives no value: ${worked.reason}` };
  let refused = '';
  if (deps.proveAnswers) {
    const wrong = await judgeAnswer(step, deps, (truth) => wrongAnswerFor(step.form, truth), signal);
    if (wrong.kind === 'unknown') return { ok: false, reason: wrong.reason };
    if (wrong.kind === 'right')
      return { ok: false, reason: `a wrong answer, ${wrong.value}, was accepted: this question cannot fail` };
    refused = `; a wrong answer, ${wrong.value}, was refused first`;
  }
  const verdict = await judgeAnswer(step, deps, () => worked.value, signal);
  if (verdict.kind === 'unknown') return { ok: false, reason: verdict.reason };
  if (verdict.kind === 'wrong')
    return {
      ok: false,
      reason: `the worked answer gives ${verdict.value}, but the answer command reads ${verdict.truth}: solution and answer disagree`,
    };
  return { ok: true, detail: `answered ${verdict.value}, the worked answer's value${refused}` };
}

/** What a step waits for from the learner: a question's answer, a prediction, until it passed. */
export function awaitingOf(
  step: Step | undefined,
  run: ChapterRunState,
): 'answer' | 'prediction' | undefined {
  if (!step || run.steps[step.id]?.kind === 'passed') return undefined;
  return step.kind === 'question' ? 'answer' : step.kind === 'predict' ? 'prediction' : undefined;
}

/** Why Enter and `n` do not pass a question or a prediction. */
export function notRunnable(awaiting: 'answer' | 'prediction'): string {
  return awaiting === 'answer'
    ? 'a question is answered, not run or skipped: type the value you read off the output (in the shell: answer VALUE)'
    : 'say what you think will happen first (in the shell: answer VALUE): the next step waits for your prediction';
}

/** What a question's or prediction's status says while it waits for the learner. */
export function waitingSentence(step: QuestionStep | PredictStep): string {
  if (step.kind === 'question') return 'waiting for your answer (in the shell: answer VALUE)';
  const choices = step.choices ? `: ${step.choices.join(', ')}` : '';
  return `waiting for your prediction${choices} (in the shell: answer VALUE)`;
}

/** A prediction the learner gives: one of the choices (as the lesson spells it), or free text. */
export function pickPrediction(
  step: PredictStep,
  text: string,
): { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string } {
  const said = text.trim();
  if (said === '') return { ok: false, reason: 'a prediction needs a value: what do you think will happen?' };
  if (!step.choices) return { ok: true, value: said.slice(0, 200) };
  const choice = step.choices.find((c) => sameOutcome(c, said));
  return choice !== undefined
    ? { ok: true, value: choice }
    : { ok: false, reason: `pick one of ${step.choices.join(', ')}` };
}

/** The outcome of each prediction that `stepId` reveals, measured now (in the chapter's scope). */
export async function measureReveals(
  chapter: Chapter,
  stepId: string,
  deps: ValueDeps,
  signal?: AbortSignal,
): Promise<
  { step: PredictStep; measured: CommandValue; event: Extract<EngineEvent, { type: 'revealed' }> }[]
> {
  const out = [];
  for (const step of chapter.steps) {
    if (step.kind !== 'predict' || step.reveal !== stepId) continue;
    const measured = await readValue(step.outcome, step.on, deps, signal);
    const event = measured.ok
      ? { type: 'revealed' as const, stepId: step.id, outcome: measured.value }
      : { type: 'revealed' as const, stepId: step.id, error: measured.reason };
    out.push({ step, measured, event });
  }
  return out;
}

/** Headless test's judgement of a measured outcome: the lesson's `expect`, when it has one. */
export function driftReason(step: PredictStep, outcome: CommandValue): string | undefined {
  if (!outcome.ok) return `the outcome could not be measured: ${outcome.reason}`;
  if (step.expect !== undefined && !sameOutcome(step.expect, outcome.value))
    return `the outcome was ${outcome.value}, but the lesson expects ${step.expect}: the lesson no longer says what happens`;
  return undefined;
}

/** "you said X, it was Y" and why: what the learner sees once the outcome is in. */
export function revealSentence(
  step: PredictStep,
  record: {
    readonly said?: string | undefined;
    readonly outcome?: string | undefined;
    readonly error?: string | undefined;
  },
): string {
  if (record.outcome === undefined) return `the outcome could not be measured: ${record.error ?? 'not yet'}`;
  const said = record.said === undefined ? '' : `you said ${record.said}, `;
  const hit = record.said !== undefined && sameOutcome(record.said, record.outcome) ? ' — as you said' : '';
  return `${said}it was ${record.outcome}${hit}. ${step.why}`;
}
