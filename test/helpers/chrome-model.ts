// The chrome model for a workshop, a chapter and a UI state, built the way
// the app builds it: the tests that render the chrome (Ink's reference
// component, the painter, both side by side) start from the same model.
import type { ControllerState } from '../../src/engine/controller.js';
import { initialState, reduce } from '../../src/engine/step-status.js';
import type { Workshop } from '../../src/lesson/model.js';
import type { ChromeModel } from '../../src/ui/Chrome.js';
import { buildChrome } from '../../src/ui/chrome-model.js';
import type { PaneInfo } from '../../src/ui/chrome-text.js';
import { computeLayout } from '../../src/ui/layout.js';
import { composeLesson } from '../../src/ui/lesson-text.js';
import type { Theme } from '../../src/ui/theme.js';
import type { UiState } from '../../src/ui/ui-state.js';

/** The controller on a chapter's first step; with a reason, that step has just failed with it. */
export function controllerAt(workshop: Workshop, chapterIndex = 0, failReason?: string): ControllerState {
  const chapter = workshop.chapters[chapterIndex]!;
  let run = initialState(chapter);
  if (failReason)
    run = reduce(run, { type: 'failed', stepId: chapter.steps[0]!.id, reason: failReason, ms: 5 });
  return {
    chapterIndex,
    chapter,
    run,
    current: chapter.steps[run.cursor],
    busy: false,
    reaching: undefined,
    hintsShown: 0,
    notice: undefined,
  };
}

export interface ChromeModelInput {
  readonly workshop: Workshop;
  readonly controller: ControllerState;
  readonly ui: UiState;
  readonly cols: number;
  readonly rows: number;
  readonly panes: readonly PaneInfo[];
  readonly theme: Theme;
  /** Seconds the current step has been under way (undefined: not running). */
  readonly seconds: number | undefined;
}

export function chromeModel(i: ChromeModelInput): ChromeModel {
  const layout = computeLayout({
    cols: i.cols,
    rows: i.rows,
    panes: i.panes.map((p) => p.name),
    focus: i.ui.focus,
    shown: i.ui.shown,
    zoom: i.ui.zoomed,
    overlay: i.ui.overlay.kind === 'help',
    chapterCount: i.workshop.chapters.length,
  });
  const lesson = composeLesson({
    chapter: i.controller.chapter,
    chapterIndex: i.controller.chapterIndex,
    run: i.controller.run,
    hintsShown: 0,
    width: layout.lesson?.w ?? i.cols,
    theme: i.theme,
  });
  return buildChrome({
    layout,
    theme: i.theme,
    ui: i.ui,
    controller: i.controller,
    chapters: i.workshop.chapters.map((c) => ({ id: c.meta.id, title: c.meta.title, mark: 'todo' as const })),
    panes: i.panes,
    lesson,
    seconds: i.seconds,
    scrolledBack: () => 0,
  });
}
