// Runs a chapter's steps in order through the reducer, so the headless runner
// and the UI see the same states. Stops at the first failing step: later
// steps build on earlier ones.
import type { Chapter, Step } from '../lesson/model.js';
import type { StepDeps } from './run-step.js';
import { initialState, reduce, type ChapterRunState, type EngineEvent } from './step-status.js';
import { driftReason, measureReveals } from './questions.js';
import { chapterScope, outcomeEvent, runChapterStep } from './step-runner.js';
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
  /**
   * Measure each prediction's outcome once its reveal step passed, and fail
   * the prediction when it differs from the lesson's `expect` (demystify
   * test); replay and fast-forward have no use for outcomes.
   */
  readonly outcomes?: boolean;
}

export async function runChapter(chapter: Chapter, opts: ChapterRunOptions): Promise<ChapterRunState> {
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
  // Before any step: the learner's shell has the chapter's variables even for what they type first.
  const scoped = await chapterScope(opts.deps, chapter);
  // An audit check counts what happened from here on.
  const deps: StepDeps = { ...opts.deps, chapterStartedAt: (opts.now ?? Date.now)() };
  for (const step of chapter.steps) {
    if (opts.skip?.includes(step.id)) continue;
    if (opts.signal?.aborted) break;
    await opts.beforeStep?.(step);
    if (opts.signal?.aborted) break;
    const { outcome, ms } = await runChapterStep(chapter, step, deps, {
      signal: opts.signal,
      now: opts.now,
      fire: (event) => fire(event, step),
    });
    fire(outcomeEvent(step, outcome, ms), step);
    if (!outcome.ok) break;
    if (opts.outcomes && !(await reveal(step.id))) break;
  }
  return state;

  /** The outcomes this step reveals, measured; false when one is not what the lesson expects. */
  async function reveal(stepId: string): Promise<boolean> {
    let ok = true;
    for (const { step, measured, event } of await measureReveals(chapter, stepId, scoped, opts.signal)) {
      fire(event, step);
      const drift = driftReason(step, measured);
      if (drift) fire({ type: 'failed', stepId: step.id, reason: drift, ms: 0 }, step);
      ok &&= drift === undefined;
    }
    return ok;
  }
}
