// The progress a learner sends, made from the workshop controller's state
// and nothing else: which chapter and step, the step's state, the check's
// waiting sentence or failure reason (first line), hints opened, and time on
// the step. docs/class.md lists exactly these fields.
import type { ControllerState } from '../engine/controller.js';
import { stepLabel } from '../engine/step-status.js';
import { LIMITS, plainLine, type Progress, type StepState } from './protocol.js';

/** Where the learner is, as a key: a change of it restarts "time on this step". */
export function stepKeyOf(s: ControllerState): string {
  return `${s.chapter.meta.id}/${s.current?.id ?? '(end)'}`;
}

export function progressOf(
  s: ControllerState,
  chapterCount: number,
  stepMs: number,
  /** The last failure on this step, kept while it runs again (the row says why it failed before). */
  lastFailure: string | undefined,
): Progress {
  const step = s.current;
  const status = step ? s.run.steps[step.id] : undefined;
  let state: StepState = step ? (status?.kind ?? 'todo') : 'done';
  // A check waits by itself when the learner reaches it: that is "waiting on a check", not running.
  if (step?.kind === 'check' && state === 'running') state = 'waiting';
  const reason =
    status?.kind === 'failed'
      ? status.reason
      : status?.kind === 'waiting'
        ? status.waiting
        : (lastFailure ?? null);
  return {
    type: 'progress',
    chapter: {
      id: s.chapter.meta.id,
      title: s.chapter.meta.title,
      index: s.chapterIndex,
      count: chapterCount,
    },
    step: step
      ? {
          id: step.id,
          label: plainLine(stepLabel(step), LIMITS.label),
          index: s.run.cursor,
          count: s.chapter.steps.length,
        }
      : null,
    state,
    reason: reason === null ? null : plainLine(reason.split('\n')[0] ?? '', LIMITS.reason),
    hints: s.hintsShown,
    stepMs: Math.max(0, Math.round(stepMs)),
  };
}
