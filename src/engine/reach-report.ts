// The progress of reachChapterStart as plain lines, for `demystify replay`:
// the same one-line-per-step view as `demystify test`.
import { formatDuration } from '../lesson/duration.js';
import { formatStepLine } from './headless.js';
import { printable } from '../text/printable.js';
import type { ReachEvent } from './reach-chapter.js';
import { stepLabel } from './step-status.js';

export type Paint = (code: number, s: string) => string;

export function painter(color: boolean): Paint {
  return (code, s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
}

export function formatReachEvent(e: ReachEvent, paint: Paint): string | undefined {
  switch (e.kind) {
    case 'plan': {
      const ff = e.fastForward.join(', ');
      if (e.restoreFrom === e.target) return `restoring the checkpoint saved at the start of ${e.target}`;
      if (e.restoreFrom) return `restoring the checkpoint of ${e.restoreFrom}, then fast-forwarding ${ff}`;
      return ff
        ? `no checkpoint of ${e.target} in this workspace: fast-forwarding ${ff} from an empty workspace`
        : `starting ${e.target} from an empty workspace`;
    }
    case 'restore-step':
      return paint(
        2,
        `  ${paint(32, '✓')} ${e.step.phase.padEnd(6)} ${printable(e.step.detail)}  ${formatDuration(e.step.ms)}`,
      );
    case 'restored':
      return [
        paint(
          2,
          `  ${e.from ? `checkpoint of ${e.from} restored` : 'workspace emptied'} in ${formatDuration(e.ms)}`,
        ),
        ...e.warnings.map((w) => `  warning: ${printable(w)}`),
      ].join('\n');
    case 'chapter-start':
      return paint(1, `${e.chapter.meta.id} — ${e.chapter.meta.title}`);
    case 'step':
      return e.event.type === 'passed' || e.event.type === 'failed'
        ? formatStepLine(e.step.id, stepLabel(e.step), e.status, paint)
        : undefined;
    case 'chapter-end':
      return paint(2, `  ${e.chapter.meta.id}: ${e.ok ? 'done' : 'failed'} in ${formatDuration(e.ms)}`);
    case 'checkpoint-saved':
      return paint(2, `  checkpoint of ${e.chapterId} saved (${formatDuration(e.ms)})`);
    case 'checkpoint-failed':
      return `  warning: ${printable(e.reason)}`;
  }
}
