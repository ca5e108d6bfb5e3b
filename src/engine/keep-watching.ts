// "What broke since": the checks of chapters already passed that are meant
// to stay true (`keep`, and the api, etcd and node checks by default) go on
// being watched, through their own observers (resource and node checks
// through their watches, the others at a slow poll). One that stays false
// for a grace period is reported with its chapter, its step and its reason,
// so a learner who broke something three chapters ago finds it at a glance.
// A chapter that stops components (`stop=` steps) pauses the watching while
// the learner is in it: what it stops is meant to go.
import type { CheckSpec } from '../lesson/check-model.js';
import type { Chapter, CheckStep } from '../lesson/model.js';
import type { Observer } from '../verify/types.js';
import { substituteDeep, type StepDeps } from './run-step.js';
import { scopeOf } from './step-runner.js';

export interface BrokenCheck {
  readonly chapterId: string;
  readonly stepId: string;
  /** What the check waits for, e.g. "waiting for node node-0 to be Ready". */
  readonly what: string;
  readonly reason: string;
  /** Since when it has been false (ms). */
  readonly since: number;
}

export interface KeepWatchingOptions {
  /** How long a check must stay false before it counts as broken (a restart is not a break). */
  readonly graceMs?: number;
  /** How often a check without a watch is looked at. */
  readonly pollMs?: number;
  readonly now?: () => number;
}

/** Is this check meant to stay true after its chapter? */
export function isKept(spec: CheckSpec): boolean {
  if (spec.keep !== undefined) return spec.keep;
  if (spec.holdMs !== undefined) return false;
  return spec.target.kind === 'api' || spec.target.kind === 'etcd' || spec.target.kind === 'node';
}

interface Watched {
  readonly chapter: Chapter;
  readonly step: CheckStep;
  readonly stop: AbortController;
  falseSince: number | undefined;
  reason: string;
}

export class KeepWatching {
  private readonly watched = new Map<string, Watched>();
  private readonly listeners = new Set<(broken: readonly BrokenCheck[]) => void>();
  private readonly graceMs: number;
  private readonly pollMs: number;
  private readonly now: () => number;
  private last = '';

  constructor(
    private readonly deps: StepDeps,
    opts: KeepWatchingOptions = {},
  ) {
    // Long enough for a lesson restarting the API server (chapter 7 does) to pass unreported.
    this.graceMs = opts.graceMs ?? 30_000;
    this.pollMs = opts.pollMs ?? 5_000;
    this.now = opts.now ?? Date.now;
  }

  /**
   * Watches the kept checks of `passed` (the chapters done before the one the
   * learner is in), or none while `current` stops components.
   */
  follow(passed: readonly Chapter[], current: Chapter | undefined): void {
    const pause = current?.steps.some((s) => s.kind === 'stop') ?? false;
    const wanted = new Map<string, { chapter: Chapter; step: CheckStep }>();
    if (!pause)
      for (const chapter of passed)
        for (const step of chapter.steps)
          if (step.kind === 'check' && isKept(step.check))
            wanted.set(`${chapter.meta.id}/${step.id}`, { chapter, step });
    for (const [key, w] of this.watched)
      if (!wanted.has(key)) {
        w.stop.abort();
        this.watched.delete(key);
      }
    for (const [key, { chapter, step }] of wanted) if (!this.watched.has(key)) this.start(key, chapter, step);
    this.emit();
  }

  broken(): BrokenCheck[] {
    const t = this.now();
    return [...this.watched.values()]
      .filter((w) => w.falseSince !== undefined && t - w.falseSince >= this.graceMs)
      .map((w) => ({
        chapterId: w.chapter.meta.id,
        stepId: w.step.id,
        what: w.step.check.waiting,
        reason: w.reason,
        since: w.falseSince!,
      }));
  }

  /** Called whenever the list of broken checks changes. */
  subscribe(listener: (broken: readonly BrokenCheck[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    for (const w of this.watched.values()) w.stop.abort();
    this.watched.clear();
  }

  private start(key: string, chapter: Chapter, step: CheckStep): void {
    const scope = scopeOf(this.deps, chapter);
    const spec = substituteDeep(step.check, scope.vars);
    const w: Watched = { chapter, step, stop: new AbortController(), falseSince: undefined, reason: '' };
    this.watched.set(key, w);
    const observer = scope.observerFor(spec, scope);
    void this.loop(w, observer);
  }

  private async loop(w: Watched, observer: Observer): Promise<void> {
    const signal = w.stop.signal;
    let wake: (() => void) | undefined;
    const unsubscribe = observer.subscribe?.(() => wake?.(), signal);
    try {
      while (!signal.aborted) {
        const look = await observer
          .observe(signal)
          .catch((e: unknown) => ({ ok: false, reason: (e as Error).message }));
        if (signal.aborted) break;
        if (look.ok) w.falseSince = undefined;
        else {
          w.falseSince ??= this.now();
          w.reason = look.reason ?? 'it is no longer true';
        }
        this.emit();
        // Wake at the next change, or at the poll, or when the grace period of a false check ends.
        const wait = w.falseSince === undefined ? this.pollMs : Math.min(this.pollMs, this.graceMs);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, wait);
          wake = () => (clearTimeout(t), resolve());
          signal.addEventListener('abort', wake, { once: true });
        });
        if (wake) signal.removeEventListener('abort', wake);
      }
    } finally {
      unsubscribe?.();
    }
  }

  private emit(): void {
    const broken = this.broken();
    const text = JSON.stringify(broken.map((b) => [b.chapterId, b.stepId, b.reason]));
    if (text === this.last) return;
    this.last = text;
    for (const l of this.listeners) l(broken);
  }
}
