// `demystify test`: every step and check of the chosen chapters, in order,
// without a UI, one line per step with pass/fail and the reason.
import type { Chapter, PredictStep, Step } from '../lesson/model.js';
import { formatDuration } from '../lesson/duration.js';
import { runChapter } from './chapter-runner.js';
import { proveChecksFailFirst } from './prove-checks.js';
import { driftReason } from './questions.js';
import type { StepDeps } from './run-step.js';
import { stepLabel, type ChapterRunState, type StepStatus } from './step-status.js';

export interface HeadlessResult {
  readonly passed: number;
  readonly failed: number;
  /** Steps not run because an earlier step failed (or the run was interrupted). */
  readonly notRun: number;
  /** Steps of chapters that need the internet, skipped on an offline machine (said with the reason). */
  readonly offline: number;
  readonly chapters: readonly { id: string; ms: number; ok: boolean }[];
}

export interface HeadlessOptions {
  readonly deps: StepDeps;
  readonly write: (line: string) => void;
  readonly color: boolean;
  readonly signal?: AbortSignal;
  /** Before each chapter, every check of it must fail (see prove-checks.ts). */
  readonly proveChecks?: boolean;
  /** Around each chapter run: checkpoints and recordings hook in here. */
  readonly hooks?: ChapterHooks;
}

export interface ChapterHooks {
  /** Before the chapter's first step (after --prove-checks looked). */
  beforeChapter?(chapter: Chapter): Promise<void>;
  onStepStart?(chapter: Chapter, step: Step): void;
  /** After the chapter ran, whether it passed or not (also when it was interrupted). */
  afterChapter?(chapter: Chapter, state: ChapterRunState | undefined): Promise<void>;
}

export async function runHeadless(
  chapters: readonly Chapter[],
  opts: HeadlessOptions,
): Promise<HeadlessResult> {
  const paint = (code: number, s: string): string => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  let passed = 0;
  let failed = 0;
  let notRun = 0;
  let offline = 0;
  const timings: { id: string; ms: number; ok: boolean }[] = [];
  let stopped = false;
  for (const chapter of chapters) {
    if (stopped) {
      notRun += chapter.steps.length;
      opts.write(paint(2, `- ${chapter.meta.id}: not run (an earlier chapter failed)`));
      continue;
    }
    if (chapter.meta.needsInternet && opts.deps.offline) {
      offline += chapter.steps.length;
      opts.write(paint(33, `- ${chapter.meta.id}: skipped: it needs the internet, and ${opts.deps.offline}`));
      continue;
    }
    opts.write(paint(1, `${chapter.meta.id} — ${chapter.meta.title}`));
    const started = Date.now();
    if (opts.proveChecks) {
      const proven = await proveChecksFailFirst(chapter, opts.deps);
      const wrong = proven.filter((p) => !p.proven);
      for (const p of proven) {
        const line = `  ${p.proven ? paint(32, '✓') : paint(31, '✗')} ${p.stepId.padEnd(14)} check ${p.detail}`;
        opts.write(p.proven ? paint(2, line) : line);
      }
      passed += proven.length - wrong.length;
      failed += wrong.length;
      if (wrong.length) {
        notRun += chapter.steps.length;
        timings.push({ id: chapter.meta.id, ms: Date.now() - started, ok: false });
        stopped = true;
        continue;
      }
    }
    await opts.hooks?.beforeChapter?.(chapter);
    let state: ChapterRunState | undefined;
    try {
      state = await runChapter(chapter, {
        deps: opts.proveChecks ? { ...opts.deps, proveAnswers: true } : opts.deps,
        signal: opts.signal,
        outcomes: true,
        onEvent: (event, st, step) => {
          if (event.type === 'started') opts.hooks?.onStepStart?.(chapter, step);
          if (event.type === 'revealed' && step.kind === 'predict') {
            const line = formatReveal(step, event);
            if (line) opts.write(paint(2, line));
          }
          if (event.type !== 'passed' && event.type !== 'failed') return;
          opts.write(formatStepLine(step.id, stepLabel(step), st.steps[step.id], paint));
        },
      });
    } finally {
      await opts.hooks?.afterChapter?.(chapter, state);
    }
    const ms = Date.now() - started;
    const statuses = chapter.steps.map((s) => state.steps[s.id]?.kind);
    const p = statuses.filter((k) => k === 'passed').length;
    const f = statuses.filter((k) => k === 'failed').length;
    passed += p;
    failed += f;
    notRun += statuses.length - p - f;
    timings.push({ id: chapter.meta.id, ms, ok: f === 0 });
    opts.write(paint(2, `  ${chapter.meta.id}: ${p}/${chapter.steps.length} steps in ${formatDuration(ms)}`));
    if (f > 0 || opts.signal?.aborted) stopped = true;
  }
  opts.write('');
  const skipped = notRun + offline;
  opts.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return { passed, failed, notRun, offline, chapters: timings };
}

/** A prediction's measured outcome, when it is what the lesson expects (otherwise the prediction's failure says it). */
function formatReveal(step: PredictStep, event: { outcome?: string; error?: string }): string | undefined {
  const measured =
    event.outcome !== undefined
      ? { ok: true as const, value: event.outcome }
      : { ok: false as const, reason: event.error ?? '' };
  if (driftReason(step, measured) || event.outcome === undefined) return undefined;
  const expected = step.expect === undefined ? '' : ' (as the lesson expects)';
  return `  ✓ ${step.id.padEnd(14)} revealed: it was ${event.outcome}${expected}`;
}

/** One step's result the way `demystify test` prints it (replay's fast-forward too). */
export function formatStepLine(
  id: string,
  label: string,
  status: StepStatus | undefined,
  paint: (c: number, s: string) => string,
): string {
  if (status?.kind === 'passed') {
    const [first, ...rest] = (status.detail ?? '').split('\n');
    const more = rest.length ? `\n${paint(2, rest.map((l) => `      ${l}`).join('\n'))}` : '';
    return `  ${paint(32, '✓')} ${id.padEnd(14)} ${label}${paint(2, `  ${formatDuration(status.ms)}${first ? ` — ${first}` : ''}`)}${more}`;
  }
  if (status?.kind === 'failed') {
    const reason = status.reason
      .split('\n')
      .map((l) => `      ${l}`)
      .join('\n');
    return `  ${paint(31, '✗')} ${id.padEnd(14)} ${label}\n${paint(31, reason)}`;
  }
  return `  - ${id} ${label}`;
}
