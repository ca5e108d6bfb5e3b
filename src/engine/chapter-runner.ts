// Runs a chapter's steps in order through the reducer, so the headless runner
// and the UI see the same states. Stops at the first failing step: later
// steps build on earlier ones.
import type { Chapter, Step } from '../lesson/model.js';
import { runStep, type StepDeps, type StepOutcome } from './run-step.js';
import { initialState, reduce, type ChapterRunState, type EngineEvent } from './step-status.js';
import { notRunning } from '../terminal/types.js';

export interface ChapterRunOptions {
  readonly deps: StepDeps;
  readonly signal?: AbortSignal;
  /** Step ids already passed (resume); they are not run again. */
  readonly skip?: readonly string[];
  readonly onEvent?: (event: EngineEvent, state: ChapterRunState, step: Step) => void;
  /** Awaited before each step starts: replay pauses here for Enter, presenter mode for the presenter. */
  readonly beforeStep?: (step: Step) => Promise<void>;
  readonly now?: () => number;
}

export async function runChapter(chapter: Chapter, opts: ChapterRunOptions): Promise<ChapterRunState> {
  const now = opts.now ?? Date.now;
  let state = initialState(chapter, opts.skip ?? []);
  const fire = (event: EngineEvent, step: Step): void => {
    state = reduce(state, event);
    opts.onEvent?.(event, state, step);
  };
  const missing = notRunning(opts.deps.supervisor, chapter.meta.requires);
  const first = chapter.steps[0];
  if (missing.length && first) {
    fire(
      {
        type: 'failed',
        stepId: first.id,
        ms: 0,
        reason: `this chapter needs ${missing.join(', ')} running, started by an earlier chapter: run that chapter first (or use demystify replay ${chapter.meta.id})`,
      },
      first,
    );
    return state;
  }
  for (const step of chapter.steps) {
    if (opts.skip?.includes(step.id)) continue;
    if (opts.signal?.aborted) break;
    await opts.beforeStep?.(step);
    if (opts.signal?.aborted) break;
    const started = now();
    fire({ type: 'started', stepId: step.id }, step);
    const deps: StepDeps = {
      ...opts.deps,
      onWaiting: (waiting, progress) =>
        fire({ type: 'waiting', stepId: step.id, waiting, ...(progress ? { progress } : {}) }, step),
    };
    let outcome: StepOutcome;
    try {
      outcome = await runStep(step, deps, opts.signal);
    } catch (e) {
      // A bug or an I/O error in a step is still the step's failure, shown with its reason.
      outcome = { ok: false, reason: (e as Error).message };
    }
    const ms = now() - started;
    fire(
      outcome.ok
        ? { type: 'passed', stepId: step.id, ms, ...(outcome.detail ? { detail: outcome.detail } : {}) }
        : { type: 'failed', stepId: step.id, ms, reason: outcome.reason },
      step,
    );
    if (!outcome.ok) break;
  }
  return state;
}
