// The state of a chapter run as the learner sees it, and the reducer that
// moves it. Pure: events in, state out; the UI and the headless runner render
// the same state.
import type { Chapter, Step } from '../lesson/model.js';

export type StepStatus =
  | { readonly kind: 'todo' }
  /** The step's command or action is under way (a component is starting). */
  | { readonly kind: 'running'; readonly detail: string | undefined }
  /** A check (or a readiness probe) is waiting for the cluster. */
  | { readonly kind: 'waiting'; readonly waiting: string; readonly progress: string | undefined }
  | { readonly kind: 'passed'; readonly detail: string | undefined; readonly ms: number }
  | { readonly kind: 'failed'; readonly reason: string; readonly ms: number };

export interface ChapterRunState {
  readonly chapterId: string;
  readonly stepIds: readonly string[];
  readonly steps: Readonly<Record<string, StepStatus>>;
  /** Index of the step the learner is on. */
  readonly cursor: number;
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
  | { readonly type: 'reset' };

export function initialState(chapter: Chapter, passed: readonly string[] = []): ChapterRunState {
  const stepIds = chapter.steps.map((s) => s.id);
  const steps: Record<string, StepStatus> = {};
  for (const id of stepIds)
    steps[id] = passed.includes(id) ? { kind: 'passed', detail: undefined, ms: 0 } : { kind: 'todo' };
  const firstTodo = stepIds.findIndex((id) => steps[id]?.kind !== 'passed');
  return { chapterId: chapter.meta.id, stepIds, steps, cursor: firstTodo < 0 ? stepIds.length : firstTodo };
}

export function reduce(state: ChapterRunState, event: EngineEvent): ChapterRunState {
  const set = (id: string, s: StepStatus): ChapterRunState =>
    state.steps[id] === undefined ? state : { ...state, steps: { ...state.steps, [id]: s } };
  switch (event.type) {
    case 'started':
      return set(event.stepId, { kind: 'running', detail: event.detail });
    case 'waiting':
      return set(event.stepId, { kind: 'waiting', waiting: event.waiting, progress: event.progress });
    case 'passed': {
      const next = set(event.stepId, { kind: 'passed', detail: event.detail, ms: event.ms });
      const at = state.stepIds.indexOf(event.stepId);
      // Passing the current step moves the learner on; passing a later one (typed by hand) does not skip ahead.
      return at === state.cursor ? { ...next, cursor: state.cursor + 1 } : next;
    }
    case 'failed':
      return set(event.stepId, { kind: 'failed', reason: event.reason, ms: event.ms });
    case 'moved':
      return { ...state, cursor: Math.max(0, Math.min(event.cursor, state.stepIds.length)) };
    case 'reset': {
      const steps: Record<string, StepStatus> = {};
      for (const id of state.stepIds) steps[id] = { kind: 'todo' };
      return { ...state, steps, cursor: 0 };
    }
  }
}

export function chapterDone(state: ChapterRunState): boolean {
  return state.stepIds.every((id) => state.steps[id]?.kind === 'passed');
}

/** A short human label for a step, for lists and reports. */
export function stepLabel(step: Step): string {
  switch (step.kind) {
    case 'shell':
      return firstLine(step.body);
    case 'component':
      return `start ${step.pane}: ${firstLine(step.body)}`;
    case 'stop':
      return `stop ${step.pane}`;
    case 'file':
      return `write ${step.path}`;
    case 'apply':
      return 'apply manifest';
    case 'action':
      return `${step.action} (built-in)`;
    case 'check':
      return `check: ${step.check.waiting.replace(/^waiting for /, '')}`;
  }
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() && !l.trim().startsWith('#')) ?? '';
  const more = text.trim().split('\n').length > 1 ? ' …' : '';
  return line.trim().length > 70 ? `${line.trim().slice(0, 69)}…` : line.trim() + more;
}
