// Drives an Observer to a verdict: waits until the condition holds (and, for
// `hold`, keeps holding), reports progress on the way, and turns a timeout
// into a reason. Stops on AbortSignal; whatever it subscribed to is released.
import type { CheckStatus, Observation, Observer } from './types.js';
import { formatDuration } from '../lesson/duration.js';

export interface RunCheckOptions {
  readonly waiting: string;
  readonly timeoutMs: number;
  readonly holdMs?: number;
  readonly onFail?: string;
  /** Lines of the component's log that likely explain a failure. */
  readonly logTail?: () => readonly string[];
  readonly logName?: string;
  readonly signal?: AbortSignal;
  readonly onUpdate?: (s: CheckStatus) => void;
  readonly now?: () => number;
}

export async function runCheck(observer: Observer, opts: RunCheckOptions): Promise<CheckStatus> {
  const now = opts.now ?? Date.now;
  const inner = new AbortController();
  const onOuterAbort = (): void => inner.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let wakeUp: (() => void) | undefined;
  let woken: boolean;
  const wake = (): void => {
    woken = true;
    wakeUp?.();
  };
  const unsubscribe = observer.subscribe?.(wake, inner.signal);
  const start = now();
  let trueSince: number | undefined;
  let last: Observation;
  let delay = observer.pollMs;
  let lastProgress: string | undefined;
  const emit = (s: CheckStatus): CheckStatus => {
    opts.onUpdate?.(s);
    return s;
  };
  try {
    emit({ kind: 'pending', waiting: opts.waiting, progress: undefined });
    for (;;) {
      if (inner.signal.aborted)
        return emit({ kind: 'failed', reason: 'the check was stopped before it finished' });
      woken = false;
      try {
        last = await observer.observe(inner.signal);
        delay = observer.pollMs;
      } catch (e) {
        last = { ok: false, reason: (e as Error).message };
        delay = Math.min(delay * 2, observer.maxPollMs ?? 2000);
      }
      const t = now();
      if (last.ok) {
        trueSince ??= t;
        if (!opts.holdMs || t - trueSince >= opts.holdMs)
          return emit({ kind: 'passed', detail: last.progress });
      } else if (trueSince !== undefined && opts.holdMs) {
        return emit({
          kind: 'failed',
          reason: explain(
            `it held for ${formatDuration(t - trueSince)}, then stopped: ${last.reason ?? 'the condition became false'}`,
            opts,
          ),
        });
      } else {
        trueSince = undefined;
      }
      if (t - start >= opts.timeoutMs) {
        return emit({
          kind: 'failed',
          reason: explain(
            `not true after ${formatDuration(opts.timeoutMs)}: ${last.reason ?? last.progress ?? opts.waiting}`,
            opts,
          ),
        });
      }
      const progress =
        trueSince !== undefined && opts.holdMs
          ? `holding (${formatDuration(t - trueSince)} of ${formatDuration(opts.holdMs)})`
          : last.progress;
      if (progress !== lastProgress) emit({ kind: 'pending', waiting: opts.waiting, progress });
      lastProgress = progress;
      if (!woken) {
        const remaining =
          trueSince !== undefined && opts.holdMs
            ? opts.holdMs - (t - trueSince)
            : opts.timeoutMs - (t - start);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, Math.max(1, Math.min(delay, remaining)));
          function done(): void {
            clearTimeout(timer);
            wakeUp = undefined;
            inner.signal.removeEventListener('abort', done);
            resolve();
          }
          wakeUp = done;
          inner.signal.addEventListener('abort', done, { once: true });
        });
      }
    }
  } finally {
    inner.abort();
    unsubscribe?.();
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
}

function explain(reason: string, opts: RunCheckOptions): string {
  const parts = [reason];
  if (opts.onFail) parts.push(opts.onFail);
  const tail = opts.logTail?.() ?? [];
  if (tail.length)
    parts.push(`last lines of ${opts.logName ?? 'the component'}:\n${tail.map((l) => `  ${l}`).join('\n')}`);
  return parts.join('\n');
}
