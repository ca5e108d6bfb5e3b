// Builds what the chrome shows from the state of everything: the engine's
// ControllerState, the UI's own state, the panes and the layout. Pure, so a
// test can build a model and look at the frame Ink makes of it.
import type { ControllerState } from '../engine/controller.js';
import type { ChromeModel } from './Chrome.js';
import {
  chapterLines,
  footerLine,
  helpLines,
  paneTitle,
  tabsLine,
  visibleLength,
  type ChapterRow,
  type PaneInfo,
} from './chrome-text.js';
import { hintLine } from './key-bindings.js';
import type { Layout } from './layout.js';
import { autoScrollTop, clampTop, type LessonView } from './lesson-text.js';
import { statusText } from './status-line.js';
import type { Theme } from './theme.js';
import type { UiState } from './ui-state.js';

export interface ChromeInput {
  readonly layout: Layout;
  readonly theme: Theme;
  readonly ui: UiState;
  readonly controller: ControllerState;
  readonly chapters: readonly ChapterRow[];
  readonly panes: readonly PaneInfo[];
  readonly lesson: LessonView;
  /** Seconds the current step has been under way. */
  readonly seconds: number | undefined;
  /** Lines a pane in copy mode is scrolled back by. */
  readonly scrolledBack: (pane: string) => number;
  /** Presenter mode and the player: this one line replaces the footer's hints. */
  readonly footer?: string;
  /** The player: its own status line. */
  readonly status?: string;
}

/** The first lesson line on view: the learner's scroll, or the current step. */
export function lessonTop(view: LessonView, height: number, ui: UiState): number {
  return ui.lessonTop === undefined
    ? autoScrollTop(view, height)
    : clampTop(ui.lessonTop, view.lines.length, height);
}

function lessonLines(input: ChromeInput, width: number, height: number): string[] {
  const { ui, theme, controller } = input;
  const focused = ui.focus === 'lesson' && ui.overlay.kind === 'none';
  const head = ` 0 lesson · Chapter ${controller.chapterIndex} · ${controller.chapter.meta.title} `;
  const title = focused
    ? theme.selected(head + ' '.repeat(Math.max(0, width - visibleLength(head))))
    : theme.dim(head + '─'.repeat(Math.max(0, width - visibleLength(head))));
  if (ui.overlay.kind === 'chapters') {
    const rows = chapterLines(
      input.chapters,
      controller.chapterIndex,
      ui.overlay.selected,
      width,
      height - 3,
      theme,
    );
    return [
      theme.selected(` Pick a chapter `.padEnd(width)),
      theme.dim(`  ${hintLine('chapters', ', ')}`),
      '',
      ...rows,
    ];
  }
  const body = height - 1;
  const top = lessonTop(input.lesson, body, ui);
  return [title, ...input.lesson.lines.slice(top, top + body)];
}

function copyExtra(input: ChromeInput, pane: string): string | undefined {
  const c = input.ui.copy;
  if (!c || c.pane !== pane) return undefined;
  const back = input.scrolledBack(pane);
  const where = back > 0 ? `${back} lines back` : 'at the bottom';
  const search = c.search?.query ? ` · /${c.search.query}` : '';
  return `copy mode · ${where}${c.anchor !== undefined ? ' · selecting' : ''}${search}`;
}

function footerContext(ui: UiState): Parameters<typeof footerLine>[0] {
  if (ui.overlay.kind !== 'none') return ui.overlay.kind;
  if (ui.copy) return 'copy';
  if (ui.prefix) return 'prefix';
  return ui.focus === 'lesson' ? 'main' : 'pane';
}

export function buildChrome(input: ChromeInput): ChromeModel {
  const { layout, theme, ui } = input;
  const paneInfo = (name: string): PaneInfo | undefined => input.panes.find((p) => p.name === name);
  const chapterList = layout.chapterList
    ? [
        theme.dim(' Chapters'),
        ...chapterLines(
          input.chapters,
          input.controller.chapterIndex,
          undefined,
          layout.chapterList.w,
          layout.chapterList.h - 1,
          theme,
        ),
      ]
    : undefined;
  const lesson = layout.lesson ? lessonLines(input, layout.lesson.w, layout.lesson.h) : [];
  const paneTitles = layout.tabs
    ? []
    : layout.panes.flatMap((box) => {
        const pane = paneInfo(box.name);
        if (!pane) return [];
        const text = paneTitle({
          pane,
          width: box.title.w,
          focused: ui.focus === box.name,
          zoomed: ui.zoomed,
          extra: copyExtra(input, box.name),
          theme,
        });
        return [{ name: box.name, rect: box.title, text }];
      });
  const tabs = layout.tabs
    ? tabsLine(input.panes, ui.shown, ui.focus === ui.shown, copyExtra(input, ui.shown), layout.tabs.w, theme)
    : undefined;
  const hasNextChapter = input.controller.chapterIndex < input.chapters.length - 1;
  const status = statusText({
    controller: input.controller,
    ui,
    seconds: input.seconds,
    hasNextChapter,
    theme,
  });
  let overlay: string[] | undefined;
  if (ui.overlay.kind === 'help' && layout.overlay) {
    const lines = helpLines(theme, layout.overlay.w);
    overlay = lines.slice(clampTop(ui.overlay.scroll, lines.length, layout.overlay.h));
  }
  return {
    layout,
    chapterList,
    lesson,
    paneTitles,
    tabs,
    status: ` ${input.status ?? status}`,
    footer:
      input.footer !== undefined && footerContext(ui) === 'main'
        ? ` ${input.footer}`
        : ` ${footerLine(footerContext(ui), layout.footer.w - 1, theme)}`,
    overlay,
  };
}
