// "No check passes by accident": before a chapter runs, each of its checks is
// looked at and must NOT pass yet. A check that is already true before the
// steps meant to make it true cannot catch a learner who skipped them.
// A check with `hold` is different: "count: 0 with hold: 10s" says nothing
// happens yet, and is true before the chapter as well. It is watched for its
// hold, as the chapter will watch it, and must hold: one that breaks before
// the chapter even starts would break during it too, whatever the learner did.
import type { Chapter } from '../lesson/model.js';
import { formatDuration } from '../lesson/duration.js';
import { runCheck } from '../verify/run-check.js';
import { substituteDeep, type StepDeps } from './run-step.js';
import { chapterScope } from './step-runner.js';

export interface ProvenCheck {
  readonly stepId: string;
  /** True when the check behaved as it must before the chapter (failed, or held for a hold check). */
  readonly proven: boolean;
  /** What it did, as a sentence: "fails before the chapter: …", "passes already: …". */
  readonly detail: string;
}

const LOOK_TIMEOUT_MS = 10_000;

export async function proveChecksFailFirst(chapter: Chapter, deps: StepDeps): Promise<ProvenCheck[]> {
  // Audit checks look at what happens from the chapter's start: here, nothing yet.
  const scoped = { ...(await chapterScope(deps, chapter)), chapterStartedAt: Date.now() };
  const results: ProvenCheck[] = [];
  for (const step of chapter.steps) {
    if (step.kind !== 'check') continue;
    const spec = substituteDeep(step.check, scoped.vars);
    const first = await scoped
      .observerFor(spec, scoped)
      .observe(AbortSignal.timeout(LOOK_TIMEOUT_MS))
      .catch((e: unknown) => ({ ok: false, reason: (e as Error).message, progress: undefined }));
    const line = (s: string | undefined, fallback: string): string => (s ?? fallback).split('\n')[0] ?? '';
    if (!first.ok) {
      results.push({
        stepId: step.id,
        proven: true,
        detail: `fails before the chapter: ${line(first.reason, 'not true')}`,
      });
    } else if (spec.holdMs === undefined) {
      results.push({
        stepId: step.id,
        proven: false,
        detail: `passes before the chapter already: ${line(first.progress, 'it passed')}`,
      });
    } else {
      const held = await runCheck(scoped.observerFor(spec, scoped), {
        waiting: spec.waiting,
        holdMs: spec.holdMs,
        timeoutMs: spec.holdMs + LOOK_TIMEOUT_MS,
      });
      const hold = formatDuration(spec.holdMs);
      results.push(
        held.kind === 'passed'
          ? {
              stepId: step.id,
              proven: true,
              detail: `holds for ${hold} before the chapter, as it must: it fails only if something happens`,
            }
          : {
              stepId: step.id,
              proven: false,
              detail: `does not hold for ${hold} even before the chapter: ${line(held.kind === 'failed' ? held.reason : undefined, 'it broke')}`,
            },
      );
    }
  }
  return results;
}
