// The state of a chapter run as the learner sees it, and the reducer that
// moves it. Pure: events in, state out; the UI and the headless runner render
// the same state.
import type { Chapter, Step } from '../lesson/model.js';
import { printable } from '../text/printable.js';
import { rootUse } from './root-use.js';

export type StepStatus =
  | { readonly kind: 'todo' }
  /** The step's command or action is under way (a component is starting). */
  | { readonly kind: 'running'; readonly detail: string | undefined }
  /** A check (or a readiness probe) is waiting for the cluster. */
  | { readonly kind: 'waiting'; readonly waiting: string; readonly progress: string | undefined }
  | { readonly kind: 'passed'; readonly detail: string | undefined; readonly ms: number }
  | { readonly kind: 'failed'; readonly reason: string; readonly ms: number };

/** What the learner has typed for a question. */
export interface AnswerRecord {
  /** Answers judged wrong so far: after the first, the worked answer may be shown. */
  readonly wrongTries: number;
  /** The last answer given. */
  readonly last: string | undefined;
  readonly right: boolean;
}

/** A prediction: what the learner said (none headless), and the outcome once measured. */
export interface PredictionRecord {
  readonly said: string | undefined;
  readonly outcome: string | undefined;
  /** Why the outcome could not be measured. */
  readonly error: string | undefined;
}

export interface ChapterRunState {
  readonly chapterId: string;
  readonly stepIds: readonly string[];
  readonly steps: Readonly<Record<string, StepStatus>>;
  /** Index of the step the learner is on. */
  readonly cursor: number;
  /** By question step id. */
  readonly answers: Readonly<Record<string, AnswerRecord>>;
  /** By predict step id. */
  readonly predictions: Readonly<Record<string, PredictionRecord>>;
}

/** Answers and predictions kept from an earlier session (progress.json). */
export interface SavedSayings {
  readonly answers?: Readonly<Record<string, string>>;
  readonly predictions?: Readonly<Record<string, { readonly said?: string; readonly outcome?: string }>>;
}

export type EngineEvent =
  | { readonly type: 'started'; readonly stepId: string; readonly detail?: string }
  | {
      readonly type: 'waiting';
      readonly stepId: string;
      readonly waiting: string;
      readonly progress?: string;
    }
  | { readonly type: 'passed'; readonly stepId: string; readonly detail?: string; readonly ms: number }
  | { readonly type: 'failed'; readonly stepId: string; readonly reason: string; readonly ms: number }
  | { readonly type: 'moved'; readonly cursor: number }
  | { readonly type: 'reset' }
  /** An answer to a question was judged (the step passes by its own 'passed' event). */
  | { readonly type: 'answered'; readonly stepId: string; readonly value: string; readonly right: boolean }
  | { readonly type: 'predicted'; readonly stepId: string; readonly said: string }
  /** A prediction's outcome, measured after its reveal step (or why it could not be). */
  | {
      readonly type: 'revealed';
      readonly stepId: string;
      readonly outcome?: string;
      readonly error?: string;
    };

export function initialState(
  chapter: Chapter,
  passed: readonly string[] = [],
  saved: SavedSayings = {},
): ChapterRunState {
  const stepIds = chapter.steps.map((s) => s.id);
  const steps: Record<string, StepStatus> = {};
  for (const id of stepIds)
    steps[id] = passed.includes(id) ? { kind: 'passed', detail: undefined, ms: 0 } : { kind: 'todo' };
  const firstTodo = stepIds.findIndex((id) => steps[id]?.kind !== 'passed');
  const answers: Record<string, AnswerRecord> = {};
  const predictions: Record<string, PredictionRecord> = {};
  for (const id of stepIds) {
    const a = saved.answers?.[id];
    if (a !== undefined) answers[id] = { wrongTries: 0, last: a, right: true };
    const p = saved.predictions?.[id];
    if (p) predictions[id] = { said: p.said, outcome: p.outcome, error: undefined };
  }
  return {
    chapterId: chapter.meta.id,
    stepIds,
    steps,
    cursor: firstTodo < 0 ? stepIds.length : firstTodo,
    answers,
    predictions,
  };
}

/**
 * Every string kept here comes from outside (command output, a component's
 * lines, an error's message) and is drawn outside a pane: it is made
 * printable here, once, for the UI, the notes terminal and headless output.
 */
export function reduce(state: ChapterRunState, event: EngineEvent): ChapterRunState {
  const set = (id: string, s: StepStatus): ChapterRunState =>
    state.steps[id] === undefined ? state : { ...state, steps: { ...state.steps, [id]: s } };
  switch (event.type) {
    case 'started':
      return set(event.stepId, { kind: 'running', detail: maybe(event.detail) });
    case 'waiting':
      return set(event.stepId, {
        kind: 'waiting',
        waiting: printable(event.waiting),
        progress: maybe(event.progress),
      });
    case 'passed': {
      const next = set(event.stepId, { kind: 'passed', detail: maybe(event.detail), ms: event.ms });
      const at = state.stepIds.indexOf(event.stepId);
      // Passing the current step moves the learner on; passing a later one (typed by hand) does not skip ahead.
      return at === state.cursor ? { ...next, cursor: state.cursor + 1 } : next;
    }
    case 'failed':
      return set(event.stepId, { kind: 'failed', reason: printable(event.reason), ms: event.ms });
    case 'moved':
      return { ...state, cursor: Math.max(0, Math.min(event.cursor, state.stepIds.length)) };
    case 'reset': {
      const steps: Record<string, StepStatus> = {};
      for (const id of state.stepIds) steps[id] = { kind: 'todo' };
      return { ...state, steps, cursor: 0, answers: {}, predictions: {} };
    }
    case 'answered': {
      const was = state.answers[event.stepId] ?? { wrongTries: 0, last: undefined, right: false };
      const now: AnswerRecord = {
        wrongTries: was.wrongTries + (event.right ? 0 : 1),
        last: event.value,
        right: event.right,
      };
      return { ...state, answers: { ...state.answers, [event.stepId]: now } };
    }
    case 'predicted':
    case 'revealed': {
      const was = state.predictions[event.stepId] ?? {
        said: undefined,
        outcome: undefined,
        error: undefined,
      };
      const now: PredictionRecord =
        event.type === 'predicted'
          ? { ...was, said: event.said }
          : { ...was, outcome: event.outcome, error: event.error };
      return { ...state, predictions: { ...state.predictions, [event.stepId]: now } };
    }
  }
}

const maybe = (s: string | undefined): string | undefined => (s === undefined ? undefined : printable(s));

export function chapterDone(state: ChapterRunState): boolean {
  return state.stepIds.every((id) => state.steps[id]?.kind === 'passed');
}

/** A short human label for a step, for lists and reports; one that runs as root says where, and its command. */
export function stepLabel(step: Step): string {
  const root = rootUse(step);
  switch (step.kind) {
    // What runs as root is shown whole (its first line, at least), never cut at 70 columns.
    case 'shell':
      return root ? `${root.says}: ${firstLine(step.body, Infinity)}` : firstLine(step.body);
    case 'component':
      return `start ${step.pane}${root ? ` ${root.says}` : ''}: ${firstLine(step.body, root ? Infinity : 70)}`;
    case 'stop':
      return `stop ${step.pane}`;
    case 'file':
      return `write ${step.path}`;
    case 'apply':
      return 'apply manifest';
    case 'action':
      return root ? `${step.action} (built-in): ${root.says}` : `${step.action} (built-in)`;
    case 'check':
      return root?.command
        ? `check ${root.says}: ${firstLine(root.command, Infinity)}`
        : `check: ${step.check.waiting.replace(/^waiting for /, '')}`;
    case 'question':
      return `question${root ? ` (${root.says})` : ''}: ${firstLine(step.ask)}`;
    case 'predict':
      return `predict${root ? ` (${root.says})` : ''}: ${firstLine(step.ask)}`;
  }
}

function firstLine(text: string, limit = 70): string {
  const line = text.split('\n').find((l) => l.trim() && !l.trim().startsWith('#')) ?? '';
  const more = text.trim().split('\n').length > 1 ? ' …' : '';
  return line.trim().length > limit ? `${line.trim().slice(0, limit - 1)}…` : line.trim() + more;
}
