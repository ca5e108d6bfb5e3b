// The workshop screen's state, as its components read it from the store:
// the engine's ControllerState, the UI's own state, and what the app gathers
// for them each frame (the panes, the chapters' progress, the lesson's lines
// and how far it is scrolled). The player and the start-up screen show the
// same components from a state of their own making.
import type { ControllerState } from '../engine/controller.js';
import type { ClassChrome } from './class/class-seat.js';
import type { Context, Hint } from './key-bindings.js';
import { chapterWidth, type LessonView } from './lesson-text.js';
import type { ChapterRow, PaneInfo } from './pane-info.js';
import { storeBinding } from './store-context.js';
import { initialUi, type UiState } from './ui-state.js';
import type { WireRegionState } from './wire-region.js';

export interface PromptState {
  /** Why root is needed (the chapter's own sentence). */
  readonly why: string;
  readonly retry: boolean;
  readonly user: string;
}

export interface WorkshopState {
  readonly controller: ControllerState;
  readonly ui: UiState;
  /** The chapter list and the picker (empty: no list, as in the player). */
  readonly chapters: readonly ChapterRow[];
  /** Every pane, the shell first. */
  readonly panes: readonly PaneInfo[];
  /** Seconds the current step has been under way (whole seconds: the status line's clock). */
  readonly seconds: number | undefined;
  /** The lesson area's lines: the chapter, a jump's progress, or the presenter's one step. */
  readonly lesson: LessonView;
  /** The first of them on view, and how many fit (as the last frame laid the lesson out). */
  readonly lessonTop: number;
  readonly lessonRows: number;
  /** Columns the chapter asks for (layout.ts, lessonColumns). */
  readonly lessonWants: number | undefined;
  /** Presenter mode (and the player): no chapter list, a wider lesson. */
  readonly presenter: boolean;
  /** The sudo password being asked for, in the lesson's place. */
  readonly prompt: PromptState | undefined;
  /** The player's own status line, instead of the step's. */
  readonly status?: string;
  /** In a class (demystify --join): what the chrome says about it. */
  readonly classroom?: ClassChrome;
  /** With the lesson focused, these hints replace the footer's (presenter mode), or this context's do (the player). */
  readonly footer?: { readonly hints: readonly Hint[] } | { readonly context: Context };
  /** The wire view's lines, gathered from the session's wire feed (absent: no feed, as in the player). */
  readonly wire?: WireRegionState | undefined;
}

export const workshopStore = storeBinding<WorkshopState>('the workshop screen');
export const useWorkshop = workshopStore.useState;

/** The workshop's state before the first frame: the controller's, and a lesson not yet laid out. */
export function firstWorkshopState(
  controller: ControllerState,
  opts: { readonly presenter: boolean; readonly chapters: readonly ChapterRow[]; readonly ui?: UiState },
): WorkshopState {
  return {
    controller,
    ui: opts.ui ?? initialUi(),
    chapters: opts.chapters,
    panes: [],
    seconds: undefined,
    lesson: { lines: [], focusStart: 0, focusEnd: 0, stepStart: 0 },
    lessonTop: 0,
    lessonRows: 0,
    lessonWants: chapterWidth(controller.chapter),
    presenter: opts.presenter,
    prompt: undefined,
  };
}
