// The one way a step runs, for the UI's controller and every headless run
// (test, replay, fast-forward): in its chapter's scope, announced as
// "started", with "waiting" while a check or probe waits, and judged by
// runStep. A bug or an I/O error in a step is still the step's failure, with
// its reason. Each caller decides what the outcome means for it (the UI
// saves progress, a headless run stops at the first failure).
import type { Chapter, Step } from '../lesson/model.js';
import { substitute } from '../lesson/variables.js';
import { runStep, type StepDeps, type StepOutcome } from './run-step.js';
import type { EngineEvent } from './step-status.js';

export interface StepRun {
  readonly signal?: AbortSignal | undefined;
  /** Each engine event of the step, as it happens. */
  readonly fire: (event: EngineEvent) => void;
  readonly now?: () => number;
}

/**
 * A chapter's own variables (front matter `vars:`, whose values may use the
 * built-in ones) on top of the session's: in ${NAME} substitution, in the
 * environment of its panes and command checks, and in the learner's shell.
 */
export async function chapterScope(deps: StepDeps, chapter: Chapter): Promise<StepDeps> {
  const scoped = scopeOf(deps, chapter);
  await deps.shell.useChapterVars(ownVars(deps, chapter));
  return scoped;
}

/** The chapter's scope without telling the learner's shell: for a command run while the learner may be elsewhere. */
export function scopeOf(deps: StepDeps, chapter: Chapter): StepDeps {
  const own = ownVars(deps, chapter);
  if (!Object.keys(own).length) return deps;
  return { ...deps, vars: { ...deps.vars, ...own }, env: { ...deps.env, ...own } };
}

function ownVars(deps: StepDeps, chapter: Chapter): Record<string, string> {
  const own: Record<string, string> = {};
  for (const [k, v] of Object.entries(chapter.meta.vars)) own[k] = substitute(v, deps.vars).text;
  return own;
}

export async function runChapterStep(
  chapter: Chapter,
  step: Step,
  deps: StepDeps,
  run: StepRun,
): Promise<{ readonly outcome: StepOutcome; readonly ms: number }> {
  const now = run.now ?? Date.now;
  const started = now();
  run.fire({ type: 'started', stepId: step.id });
  let outcome: StepOutcome;
  try {
    const scoped = await chapterScope(deps, chapter);
    outcome = await runStep(
      step,
      {
        ...scoped,
        onWaiting: (waiting, progress) =>
          run.fire({ type: 'waiting', stepId: step.id, waiting, ...(progress ? { progress } : {}) }),
      },
      run.signal,
    );
  } catch (e) {
    outcome = { ok: false, reason: (e as Error).message };
  }
  return { outcome, ms: now() - started };
}

/** The event that ends a step. */
export function outcomeEvent(step: Step, outcome: StepOutcome, ms: number): EngineEvent {
  return outcome.ok
    ? { type: 'passed', stepId: step.id, ms, ...(outcome.detail ? { detail: outcome.detail } : {}) }
    : { type: 'failed', stepId: step.id, ms, reason: outcome.reason };
}
