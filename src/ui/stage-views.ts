// What the lesson area shows, as lines: the chapter text (lesson-text.ts),
// the progress of a jump that reaches a chapter's start (one line per
// restore phase, chapter and step), or the presenter's calm view of one step
// (its explanation and command, large margins, nothing else). Pure: state
// in, lines out; the Lesson component shows the ones that fit.
import type { ControllerState, Reaching } from '../engine/controller.js';
import type { ChapterRunState } from '../engine/step-status.js';
import { askLines } from '../lesson/answer-form.js';
import type { Chapter, Workshop } from '../lesson/model.js';
import { wrapPre, wrapWords } from '../text/wrap.js';
import { keyFor } from './key-bindings.js';
import {
  autoScrollTop,
  clampTop,
  composeLesson,
  markdownLines,
  stepTitle,
  type LessonView,
} from './lesson-text.js';
import type { Theme } from './theme.js';

/** Lines with the focus on the last one, so the view follows the newest line. */
function tail(lines: string[]): LessonView {
  const last = Math.max(0, lines.length - 1);
  return { lines, focusStart: last, focusEnd: last, stepStart: last };
}

export function reachView(r: Reaching, title: string, width: number, theme: Theme): LessonView {
  const lines = [theme.bold(` Reaching the start of ${title}`), ''];
  // Lines that fit keep their column alignment; longer ones wrap at spaces.
  for (const l of r.lines)
    lines.push(...([...l].length < width - 1 ? [` ${l}`] : wrapWords(` ${l}`, width - 1)));
  if (r.failed) {
    lines.push('', ...wrapWords(` ✗ ${r.failed}`, width - 1).map((l) => theme.bad(l)));
    lines.push(
      theme.dim(
        ` ${keyFor('main', 'chapters')} picks a chapter; the cluster is as the fast-forward left it.`,
      ),
    );
  } else lines.push('', theme.dim(' …'));
  return tail(lines);
}

export interface PresenterInput {
  readonly chapter: Chapter;
  readonly chapterIndex: number;
  readonly run: ChapterRunState;
  readonly width: number;
  readonly theme: Theme;
}

/** The current step alone: generous margins and blank lines, the command set apart. */
export function presenterView(p: PresenterInput): LessonView {
  const { chapter, run, theme } = p;
  const margin = '    ';
  const inner = Math.max(20, p.width - margin.length * 2);
  const lines: string[] = [
    '',
    `${margin}${theme.dim(`Chapter ${p.chapterIndex} · ${chapter.meta.title}`)}`,
    '',
  ];
  const step = chapter.steps[run.cursor];
  if (!step) {
    lines.push(`${margin}${theme.ok('✓ End of the chapter.')}`, '');
    const next = `Next: ${keyFor('main', 'next')} goes on to the next chapter; ${keyFor('main', 'chapters')} picks any chapter.`;
    for (const l of wrapWords(next, inner)) lines.push(`${margin}${theme.dim(l)}`);
    return tail(lines);
  }
  const status = run.steps[step.id];
  const mark =
    status?.kind === 'passed'
      ? theme.ok('✓')
      : status?.kind === 'failed'
        ? theme.bad('✗')
        : theme.accent('▶');
  lines.push(
    `${margin}${mark} ${theme.bold(`Step ${run.cursor + 1} of ${chapter.steps.length}`)}  ${theme.dim(stepTitle(step))}`,
    '',
  );
  if (step.explanation.trim())
    for (const l of markdownLines(step.explanation, inner, theme)) lines.push(`${margin}${l}`);
  lines.push('');
  // A question's or prediction's commands are the lesson's, not the audience's: only its question shows.
  const shown = step.kind === 'question' || step.kind === 'predict' ? askLines(step).join('\n') : step.body;
  if (step.kind !== 'stop' && shown.trim()) {
    // The command set apart from the prose, one blank line above and below, in the accent colour.
    for (const l of wrapPre(shown, inner - 2)) lines.push(`${margin}  ${theme.accent(l)}`);
    lines.push('');
  }
  if (status?.kind === 'failed')
    for (const l of wrapWords(status.reason, inner)) lines.push(`${margin}${theme.bad(l)}`);
  const focus = 0;
  return { lines, focusStart: focus, focusEnd: focus, stepStart: focus };
}

/** What the lesson area shows for the controller's state at a width: a jump's progress, the presenter's step, or the chapter. */
export function lessonAreaView(
  c: ControllerState,
  workshop: Workshop,
  presenter: boolean,
  width: number,
  theme: Theme,
): LessonView {
  const reaching = c.reaching;
  if (reaching) {
    const title = workshop.chapters.find((ch) => ch.meta.id === reaching.target)?.meta.title;
    return reachView(reaching, title ?? reaching.target, width, theme);
  }
  if (presenter)
    return presenterView({ chapter: c.chapter, chapterIndex: c.chapterIndex, run: c.run, width, theme });
  return composeLesson({
    chapter: c.chapter,
    chapterIndex: c.chapterIndex,
    run: c.run,
    hintsShown: c.hintsShown,
    workedAnswer: c.workedAnswer,
    width,
    theme,
  });
}

/** The first lesson line on view in `rows` rows: where the learner scrolled to, or the current step. */
export function lessonTopFor(view: LessonView, rows: number, scrolledTo: number | undefined): number {
  return scrolledTo === undefined ? autoScrollTop(view, rows) : clampTop(scrolledTo, view.lines.length, rows);
}
