// A chapter as lines of terminal text: prose through markdown.ts, each step
// as a block with its status, the current step and its explanation marked
// with a bar in the gutter. Nothing is cut: prose wraps at spaces, a command
// wider than the column breaks at a space with a visible mark (text/wrap.ts).
// The Markdown is rendered once per chapter and width; only the steps'
// status lines change as the learner goes.
import { revealSentence } from '../engine/questions.js';
import type { StepStatus, ChapterRunState } from '../engine/step-status.js';
import { askLines } from '../lesson/answer-form.js';
import type { Chapter, Step } from '../lesson/model.js';
import { columns, wrapPre, wrapWords } from '../text/wrap.js';
import { codeWidth, markdownLines } from './markdown.js';
import type { Theme } from './theme.js';

interface ProseBlock {
  readonly kind: 'prose';
  readonly lines: readonly string[];
  /** Index of the step this prose explains (the one after it), or -1 after the last step. */
  readonly explains: number;
}
interface StepBlock {
  readonly kind: 'step';
  readonly step: Step;
  readonly index: number;
  readonly body: readonly string[];
}
type Block = ProseBlock | StepBlock;

export interface LessonView {
  readonly lines: readonly string[];
  /** First and last line of the current step with its explanation. */
  readonly focusStart: number;
  readonly focusEnd: number;
  /** The current step's first line (its title). */
  readonly stepStart: number;
}

const GUTTER = 2;
/** Columns a step's body is indented by under its title. */
const BODY_INDENT = 2;

// The other lesson-area views (the presenter's step, the player's markers) take these from here.
export { markdownLines, wrapWords };

const cache = new WeakMap<Chapter, Map<string, Block[]>>();

function blocksFor(chapter: Chapter, width: number, theme: Theme): Block[] {
  const key = `${width}|${theme.color}`;
  let byWidth = cache.get(chapter);
  if (!byWidth) cache.set(chapter, (byWidth = new Map()));
  const hit = byWidth.get(key);
  if (hit) return hit;
  const blocks: Block[] = [];
  let stepIndex = 0;
  for (const seg of chapter.segments) {
    if (seg.kind === 'prose') {
      const explains = stepIndex < chapter.steps.length ? stepIndex : -1;
      blocks.push({ kind: 'prose', lines: markdownLines(seg.markdown, width - GUTTER, theme), explains });
    } else {
      const text = stepBody(seg.step).join('\n');
      const room = width - GUTTER - BODY_INDENT;
      const body = seg.step.kind === 'check' ? wrapWords(text, room) : wrapPre(text, room);
      blocks.push({
        kind: 'step',
        step: seg.step,
        index: stepIndex,
        body: body.map((l) => ' '.repeat(BODY_INDENT) + theme.dim(l)),
      });
      stepIndex += 1;
    }
  }
  byWidth.set(key, blocks);
  return blocks;
}

/** What a step shows under its title: the command as it will run (a shell step with a `$`), the file, the check. */
export function stepBody(step: Step): string[] {
  switch (step.kind) {
    case 'check':
      return [step.check.waiting.replace(/^waiting for /, 'checks: ')];
    case 'stop':
      return [];
    case 'question':
    case 'predict':
      return askLines(step);
    case 'shell':
      return step.body
        .replace(/\s+$/, '')
        .split('\n')
        .map((l, i) => (i === 0 ? `$ ${l}` : `  ${l}`));
    default:
      return step.body.replace(/\s+$/, '').split('\n');
  }
}

const widths = new WeakMap<Chapter, number>();

/**
 * Columns the chapter needs to show its widest command or code line without
 * breaking it (gutter and indents included): what the layout tries to give
 * the lesson.
 */
export function chapterWidth(chapter: Chapter): number {
  const known = widths.get(chapter);
  if (known !== undefined) return known;
  let widest = 0;
  for (const seg of chapter.segments) {
    if (seg.kind === 'prose') widest = Math.max(widest, codeWidth(seg.markdown));
    else if (seg.step.kind !== 'check')
      for (const l of stepBody(seg.step)) widest = Math.max(widest, BODY_INDENT + columns(l));
  }
  widths.set(chapter, GUTTER + widest);
  return GUTTER + widest;
}

export function stepTitle(step: Step): string {
  switch (step.kind) {
    // Where root is used is said on every step that uses it: on a node, everything runs as root.
    case 'shell': {
      const where = step.node ? `run on ${step.node}, as root` : 'run in the shell';
      return step.expect === 'fail' ? `${where} (meant to fail)` : where;
    }
    case 'component':
      return step.node
        ? `start ${step.pane} on ${step.node}, as root, in its own pane`
        : `start ${step.pane} in its own pane`;
    case 'stop':
      return `stop ${step.pane}`;
    case 'file':
      return `write ${step.path}`;
    case 'apply':
      return 'apply to the cluster';
    case 'action':
      return `${step.action} (built in)`;
    case 'check':
      return 'check';
    case 'question':
      return 'question: read the value off real output and answer it';
    case 'predict':
      return 'predict: what will happen?';
  }
}

export function statusIcon(status: StepStatus | undefined, current: boolean): string {
  switch (status?.kind) {
    case 'passed':
      return '✓';
    case 'failed':
      return '✗';
    case 'running':
    case 'waiting':
      return '◐';
    default:
      return current ? '▶' : '○';
  }
}

function statusLines(status: StepStatus | undefined, width: number, theme: Theme): string[] {
  switch (status?.kind) {
    case 'waiting':
      return wrapWords(`… ${status.waiting}${status.progress ? ` — ${status.progress}` : ''}`, width).map(
        theme.warn,
      );
    case 'running':
      return [theme.warn(`… running${status.detail ? `: ${status.detail}` : ''}`)];
    case 'failed':
      return wrapWords(`✗ ${status.reason}`, width).map(theme.bad);
    case 'passed':
      return status.detail ? wrapWords(`✓ ${status.detail}`, width).map(theme.ok) : [];
    default:
      return [];
  }
}

export interface LessonInput {
  readonly chapter: Chapter;
  readonly chapterIndex: number;
  readonly run: ChapterRunState;
  readonly hintsShown: number;
  /** The current question's worked answer (a command), once the learner asked for it after a wrong try. */
  readonly workedAnswer?: string | undefined;
  readonly width: number;
  readonly theme: Theme;
}

/** The whole chapter as lines, with the current step's status, failure reason and hints. */
export function composeLesson(input: LessonInput): LessonView {
  const { chapter, run, theme, width } = input;
  const inner = width - GUTTER;
  const lines: string[] = [];
  let focusStart = -1;
  let focusEnd = -1;
  let stepStart = -1;
  const push = (text: string, focused: boolean): void => {
    if (focused && focusStart < 0) focusStart = lines.length;
    if (focused) focusEnd = lines.length;
    lines.push(`${focused ? theme.accent('▌') : ' '} ${text}`);
  };
  for (const l of wrapWords(`Chapter ${input.chapterIndex} · ${chapter.meta.title}`, inner))
    push(theme.bold(l), false);
  if (chapter.meta.summary) for (const l of wrapWords(chapter.meta.summary, inner)) push(theme.dim(l), false);
  push('', false);
  for (const block of blocksFor(chapter, width, theme)) {
    if (block.kind === 'prose') {
      for (const l of block.lines) push(l, block.explains === run.cursor);
      push('', false);
      continue;
    }
    const current = block.index === run.cursor;
    const status = run.steps[block.step.id];
    const icon = statusIcon(status, current);
    const head = `${icon} Step ${block.index + 1}/${chapter.steps.length} · ${stepTitle(block.step)}`;
    const styled =
      status?.kind === 'passed'
        ? theme.ok(head)
        : status?.kind === 'failed'
          ? theme.bad(head)
          : current
            ? theme.accent(head)
            : theme.bold(head);
    if (current) stepStart = lines.length;
    push(styled, current);
    for (const l of block.body) push(l, current);
    for (const l of statusLines(status, inner - 2, theme)) push(`  ${l}`, current);
    // A prediction's reveal stays under it once the outcome is in: you said X, it was Y, and why.
    const said = block.step.kind === 'predict' ? run.predictions[block.step.id] : undefined;
    if (block.step.kind === 'predict' && (said?.outcome !== undefined || said?.error !== undefined))
      for (const l of wrapWords(`→ ${revealSentence(block.step, said)}`, inner - 2))
        push(`  ${theme.accent(l)}`, current);
    if (current) {
      block.step.hints.slice(0, input.hintsShown).forEach((hint, n) => {
        push(theme.warn(`  Hint ${n + 1}:`), true);
        for (const l of markdownLines(hint, inner - 2, theme)) push(`  ${l}`, true);
      });
      // After the lesson's own hints, asked for after a wrong try: the question's worked answer.
      if (block.step.kind === 'question' && input.workedAnswer) {
        push(theme.warn('  The worked answer: run this and read the value off its output'), true);
        for (const l of wrapPre(`$ ${input.workedAnswer}`, inner - 4)) push(`    ${l}`, true);
      }
    }
    push('', false);
  }
  if (run.cursor >= chapter.steps.length) {
    push(theme.ok('✓ End of the chapter: every step is done.'), true);
    push(theme.dim('  n goes on to the next chapter; c picks any chapter.'), true);
  }
  const start = Math.max(0, focusStart);
  return {
    lines,
    focusStart: start,
    focusEnd: Math.max(0, focusEnd),
    stepStart: stepStart < 0 ? start : stepStart,
  };
}

/** The first line to show in a view of `height` lines: the current step (and as much of its explanation as fits). */
export function autoScrollTop(view: LessonView, height: number): number {
  const start = Math.max(0, view.focusStart - 1);
  let top: number;
  if (view.focusEnd - start + 1 <= height) top = start;
  // Not all of it fits: the whole step (and what fits of its explanation), or else the step from its title.
  else if (view.focusEnd - view.stepStart + 2 <= height) top = view.focusEnd - height + 2;
  else top = view.stepStart;
  return clampTop(top, view.lines.length, height);
}

export function clampTop(top: number, total: number, height: number): number {
  return Math.max(0, Math.min(top, total - height));
}
