// The first screen, drawn while the learner's shell starts: the workshop's
// own screen (the same components, the same layout) with the lesson where
// the learner left off and the shell's pane marked starting. When the
// workshop takes over, React keeps the tree and the compositor writes little
// more than the shell's prompt. The same still screen, of any state, is what
// the golden-screen tests look at.
import React from 'react';
import type { ControllerState } from '../engine/controller.js';
import { restingState } from '../engine/resting-state.js';
import type { Workshop } from '../lesson/model.js';
import { WorkshopScreen } from './components/WorkshopScreen.js';
import { NO_GEOMETRY, type Geometry } from './geometry.js';
import { lessonBodyGuess } from './layout.js';
import type { ChapterRow, PaneInfo } from './pane-info.js';
import type { Scene } from './screen-loop.js';
import { LessonLayout } from './lesson-layout.js';
import { lessonAreaView } from './stage-views.js';
import { Store } from './store.js';
import { makeTheme } from './theme.js';
import type { UiState } from './ui-state.js';
import { firstWorkshopState, workshopStore, type WorkshopState } from './workshop-state.js';

export interface StillOptions {
  readonly size: { readonly cols: number; readonly rows: number };
  readonly workshop: Workshop;
  readonly controller: ControllerState;
  readonly chapters: readonly ChapterRow[];
  readonly panes: readonly PaneInfo[];
  readonly ui?: UiState;
  readonly color: boolean;
  readonly presenter: boolean;
}

/** The workshop's screen for one state, laid out like the app lays it out (no panes drawn, no keys). */
export function workshopStill(opts: StillOptions): Scene & { readonly store: Store<WorkshopState> } {
  const theme = makeTheme(opts.color);
  const { workshop, controller } = opts;
  const store = new Store(
    firstWorkshopState(controller, {
      presenter: opts.presenter,
      chapters: opts.chapters,
      ...(opts.ui ? { ui: opts.ui } : {}),
    }),
  );
  store.set({ panes: opts.panes });
  const lesson = new LessonLayout(
    store,
    (width) => lessonAreaView(controller, workshop, opts.presenter, width, theme),
    () =>
      lessonBodyGuess(opts.size.cols, opts.size.rows, {
        wants: store.get().lessonWants,
        presenter: opts.presenter,
        chapterCount: workshop.chapters.length,
      }),
  );
  lesson.lay(NO_GEOMETRY);
  return {
    view: (
      <workshopStore.Provider store={store}>
        <WorkshopScreen />
      </workshopStore.Provider>
    ),
    store,
    laidOut: (g: Geometry) => lesson.lay(g),
  };
}

export interface StartingOptions {
  readonly size: { readonly cols: number; readonly rows: number };
  readonly workshop: Workshop;
  /** The chapter the workshop opens on, and its steps already passed. */
  readonly chapterIndex: number;
  readonly passed: readonly string[];
  readonly chapters: readonly ChapterRow[];
  readonly color: boolean;
  readonly presenter: boolean;
}

/** The controller's state on a chapter with some steps passed, as the workshop opens it. */
export function stillController(
  workshop: Workshop,
  chapterIndex: number,
  passed: readonly string[] = [],
): ControllerState {
  const chapter = workshop.chapters[chapterIndex] ?? workshop.chapters[0]!;
  return restingState(chapter, workshop.chapters.indexOf(chapter), passed);
}

export function startingScene(opts: StartingOptions): Scene {
  return workshopStill({
    ...opts,
    controller: stillController(opts.workshop, opts.chapterIndex, opts.passed),
    panes: [{ name: 'shell', number: 1, state: { kind: 'starting' }, pid: 0 }],
  });
}
