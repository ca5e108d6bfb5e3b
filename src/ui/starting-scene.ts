// The first screen, drawn while the learner's shell starts: the lesson where
// the learner left off and the shell's pane, still empty, marked starting.
// It is the workshop's own first frame less the shell's prompt, so when the
// workshop takes over the loop writes little more than the prompt.
import type { ControllerState } from '../engine/controller.js';
import { initialState } from '../engine/step-status.js';
import type { Workshop } from '../lesson/model.js';
import { buildChrome } from './chrome-model.js';
import type { ChapterRow } from './chrome-text.js';
import { computeLayout } from './layout.js';
import { composeLesson } from './lesson-text.js';
import type { Frame, Scene } from './screen-loop.js';
import type { TerminalIO } from './terminal-io.js';
import { makeTheme } from './theme.js';
import { initialUi } from './ui-state.js';

export interface StartingOptions {
  readonly terminal: TerminalIO;
  readonly workshop: Workshop;
  /** The chapter the workshop opens on, and its steps already passed. */
  readonly chapterIndex: number;
  readonly passed: readonly string[];
  readonly chapters: readonly ChapterRow[];
  readonly color: boolean;
  readonly presenter: boolean;
}

export function startingScene(opts: StartingOptions): Scene {
  const theme = makeTheme(opts.color);
  const chapter = opts.workshop.chapters[opts.chapterIndex] ?? opts.workshop.chapters[0];
  return {
    frame(fresh): Frame {
      if (!fresh || !chapter) return { chrome: undefined, panes: [] };
      const run = initialState(chapter, opts.passed);
      const controller: ControllerState = {
        chapterIndex: opts.workshop.chapters.indexOf(chapter),
        chapter,
        run,
        current: chapter.steps[run.cursor],
        busy: false,
        hintsShown: 0,
        notice: undefined,
        reaching: undefined,
      };
      const ui = { ...initialUi(), shown: 'shell' };
      const layout = computeLayout({
        cols: opts.terminal.cols,
        rows: opts.terminal.rows,
        panes: ['shell'],
        focus: ui.focus,
        shown: ui.shown,
        zoom: false,
        overlay: false,
        chapterCount: opts.workshop.chapters.length,
        presenter: opts.presenter,
      });
      const lesson = composeLesson({
        chapter,
        chapterIndex: controller.chapterIndex,
        run,
        hintsShown: 0,
        width: layout.lesson?.w ?? 80,
        theme,
      });
      const chrome = buildChrome({
        layout,
        theme,
        ui,
        controller,
        chapters: opts.chapters,
        panes: [{ name: 'shell', number: 1, state: { kind: 'starting' }, pid: 0 }],
        lesson,
        seconds: undefined,
        scrolledBack: () => 0,
      });
      return { chrome, panes: [] };
    },
  };
}
