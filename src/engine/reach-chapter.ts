// "Bring the cluster to the start of chapter X": the one engine function that
// replay, presenter jumps and the UI share. The nearest checkpoint at or
// before X is restored; the chapters between it and X run headless (a
// fast-forward), each saving its own checkpoint on the way so the next jump
// is a restore. With no checkpoint at all, the fast-forward starts from an
// empty workspace with nothing running, like a learner's first run.
import type { Chapter, Step, Workshop } from '../lesson/model.js';
import { runChapter } from './chapter-runner.js';
import type { Checkpoints } from './checkpoint/checkpoints.js';
import type { RestoreStep } from './checkpoint/restore.js';
import type { StepDeps } from './run-step.js';
import type { EngineEvent, StepStatus } from './step-status.js';

export type ReachEvent =
  | {
      readonly kind: 'plan';
      readonly target: string;
      /** The checkpoint restored first, or undefined for an empty workspace. */
      readonly restoreFrom: string | undefined;
      /** Chapters run headless after the restore, in order. */
      readonly fastForward: readonly string[];
    }
  | { readonly kind: 'restore-step'; readonly step: RestoreStep }
  | {
      readonly kind: 'restored';
      readonly from: string | undefined;
      readonly ms: number;
      readonly warnings: readonly string[];
    }
  | { readonly kind: 'chapter-start'; readonly chapter: Chapter }
  /** Every engine event of a fast-forwarded step (started, waiting, passed, failed). */
  | {
      readonly kind: 'step';
      readonly chapter: Chapter;
      readonly step: Step;
      readonly event: EngineEvent;
      readonly status: StepStatus | undefined;
    }
  | { readonly kind: 'chapter-end'; readonly chapter: Chapter; readonly ok: boolean; readonly ms: number }
  | { readonly kind: 'checkpoint-saved'; readonly chapterId: string; readonly ms: number }
  /** Not fatal: the chapter is reached all the same, only the next jump will be slower. */
  | { readonly kind: 'checkpoint-failed'; readonly chapterId: string; readonly reason: string };

export type ReachResult =
  | {
      readonly ok: true;
      readonly restoredFrom: string | undefined;
      readonly fastForwarded: readonly string[];
      readonly restoreMs: number;
      readonly fastForwardMs: number;
      readonly ms: number;
    }
  | { readonly ok: false; readonly reason: string; readonly ms: number };

export interface ReachOptions {
  readonly workshop: Workshop;
  readonly chapterId: string;
  readonly deps: StepDeps;
  readonly checkpoints: Checkpoints;
  /** Restore a checkpoint when there is one (default true); false always fast-forwards from an empty workspace. */
  readonly useCheckpoints?: boolean;
  /** Save a checkpoint at the start of every chapter reached (default true). */
  readonly saveCheckpoints?: boolean;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: ReachEvent) => void;
}

export async function reachChapterStart(opts: ReachOptions): Promise<ReachResult> {
  const began = Date.now();
  const emit = opts.onEvent ?? ((): void => undefined);
  const chapters = opts.workshop.chapters;
  const target = chapters.findIndex((c) => c.meta.id === opts.chapterId);
  if (target < 0) return { ok: false, reason: `there is no chapter ${opts.chapterId}`, ms: 0 };

  let from = 0;
  let restoreFrom: string | undefined;
  if (opts.useCheckpoints !== false) {
    for (let i = target; i >= 0; i--) {
      const id = chapters[i]!.meta.id;
      if (await opts.checkpoints.find(id)) {
        from = i;
        restoreFrom = id;
        break;
      }
    }
  }
  const fastForward = chapters.slice(from, target);
  emit({ kind: 'plan', target: opts.chapterId, restoreFrom, fastForward: fastForward.map((c) => c.meta.id) });

  const restored = await opts.checkpoints.restore(restoreFrom, {
    signal: opts.signal,
    onStep: (step) => emit({ kind: 'restore-step', step }),
  });
  if (!restored.ok) return { ok: false, reason: restored.reason, ms: Date.now() - began };
  emit({ kind: 'restored', from: restoreFrom, ms: restored.ms, warnings: restored.warnings });

  const ffBegan = Date.now();
  const save = async (chapterId: string): Promise<void> => {
    if (opts.saveCheckpoints === false || opts.checkpoints.cannotSave()) return;
    const t = Date.now();
    try {
      await opts.checkpoints.save(chapterId);
      emit({ kind: 'checkpoint-saved', chapterId, ms: Date.now() - t });
    } catch (e) {
      emit({ kind: 'checkpoint-failed', chapterId, reason: (e as Error).message });
    }
  };
  for (const chapter of fastForward) {
    if (opts.signal?.aborted)
      return { ok: false, reason: 'stopped before the chapter was reached', ms: Date.now() - began };
    if (chapter.meta.needsInternet && opts.deps.offline)
      return {
        ok: false,
        reason: `fast-forwarding runs ${chapter.meta.id}, which needs the internet, and ${opts.deps.offline}`,
        ms: Date.now() - began,
      };
    // The restored chapter's checkpoint is the one just restored: no need to save it again.
    if (chapter.meta.id !== restoreFrom) await save(chapter.meta.id);
    emit({ kind: 'chapter-start', chapter });
    const t = Date.now();
    const state = await runChapter(chapter, {
      deps: opts.deps,
      signal: opts.signal,
      onEvent: (event, st, step) => emit({ kind: 'step', chapter, step, event, status: st.steps[step.id] }),
    });
    const failed = chapter.steps.find((s) => state.steps[s.id]?.kind !== 'passed');
    emit({ kind: 'chapter-end', chapter, ok: !failed, ms: Date.now() - t });
    if (failed) {
      const st = state.steps[failed.id];
      const why = st?.kind === 'failed' ? st.reason : 'it did not run';
      return {
        ok: false,
        reason: `fast-forwarding stopped in ${chapter.meta.id} at step ${failed.id}: ${why}`,
        ms: Date.now() - began,
      };
    }
  }
  if (restoreFrom !== opts.chapterId) await save(opts.chapterId);
  return {
    ok: true,
    restoredFrom: restoreFrom,
    fastForwarded: fastForward.map((c) => c.meta.id),
    restoreMs: restored.ms,
    fastForwardMs: Date.now() - ffBegan,
    ms: Date.now() - began,
  };
}
