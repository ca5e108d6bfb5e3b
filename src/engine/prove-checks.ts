// "No check passes by accident": before a chapter runs, each of its checks is
// looked at once and must NOT pass yet. A check that is already true before
// the steps meant to make it true cannot catch a learner who skipped them.
import type { Chapter } from '../lesson/model.js';
import { substituteDeep, type StepDeps } from './run-step.js';

export interface ProvenCheck {
  readonly stepId: string;
  /** True when the check failed before the chapter, as it should. */
  readonly failedFirst: boolean;
  /** Why it failed (or what it saw when it wrongly passed). */
  readonly detail: string;
}

const LOOK_TIMEOUT_MS = 10_000;

export async function proveChecksFailFirst(chapter: Chapter, deps: StepDeps): Promise<ProvenCheck[]> {
  const results: ProvenCheck[] = [];
  for (const step of chapter.steps) {
    if (step.kind !== 'check') continue;
    const signal = AbortSignal.timeout(LOOK_TIMEOUT_MS);
    let ok: boolean;
    let detail: string;
    try {
      const seen = await deps.observerFor(substituteDeep(step.check, deps.vars)).observe(signal);
      ok = seen.ok;
      detail = (seen.ok ? seen.progress : seen.reason) ?? (seen.ok ? 'it passed' : 'not true');
    } catch (e) {
      ok = false;
      detail = (e as Error).message;
    }
    results.push({ stepId: step.id, failedFirst: !ok, detail: detail.split('\n')[0] ?? '' });
  }
  return results;
}
